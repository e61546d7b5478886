"""A compiled step: the Python function run once under the C++ recorder
(cpp/bindings/trace.h), then replayed in C++ with new input data and no Python in between.

`CompiledStep.__call__` traces on its first call (running the function eagerly, so that
call's results are the eager ones) and replays afterwards. A trace that cannot replay says
why (`failure`, with the Python line): a tensor's value read in Python (`float()`,
`.numpy()`, `if tensor:`), an op nnext cannot record yet, or Python values returned by an
op. A trace that created Variables is not kept: the next call traces again, as
`tf.function` traces a second time after creating its variables.
"""

import threading

import numpy as np

from nnext import _core, nest

__all__ = ["VARIABLE_ON_RETRACE", "CompiledStep", "NotReplayableError"]

VARIABLE_ON_RETRACE = (
    "tf.function only supports singleton tf.Variables created on the first call. Make sure "
    "the tf.Variable is only created once or created outside tf.function. See "
    "https://www.tensorflow.org/guide/function#creating_tfvariables for more information."
)


class NotReplayableError(ValueError):
    """A step asked to compile (`jit_compile=True`) cannot be replayed."""


# -- value reads while tracing ----------------------------------------------------------
# Reading a tensor's value in Python fixes it into the trace: while one records, the
# Tensor methods that read values report to the recorder first.

_READS = {
    "__float__": "float(tensor) reads a tensor's value in Python",
    "__int__": "int(tensor) reads a tensor's value in Python",
    "__index__": "using a tensor as a Python index reads its value",
    "__bool__": "a Python `if`/`while`/`and` on a tensor reads its value (value-dependent "
    "Python branching)",
    "numpy": "tensor.numpy() reads a tensor's value in Python",
    "__array__": "converting a tensor to a NumPy array reads its value",
}
_patch_lock = threading.Lock()
_patch_depth = [0]
_originals = {}


def _reporting(name, original, how):
    def method(self, *args, **kwargs):
        _core._trace_note_read(self, how)
        return original(self, *args, **kwargs)

    method.__name__ = name
    method.__doc__ = getattr(original, "__doc__", None)
    return method


def _watch_reads(on):
    with _patch_lock:
        if on:
            _patch_depth[0] += 1
            if _patch_depth[0] == 1:
                for name, how in _READS.items():
                    original = _core.Tensor.__dict__[name]
                    _originals[name] = original
                    setattr(_core.Tensor, name, _reporting(name, original, how))
        else:
            _patch_depth[0] -= 1
            if _patch_depth[0] == 0:
                for name, original in _originals.items():
                    setattr(_core.Tensor, name, original)


# -- inputs -----------------------------------------------------------------------------


def _is_leaf(value):
    return value is None or isinstance(value, (_core.Tensor, np.ndarray))


def _as_input(value):
    if not isinstance(value, np.ndarray):
        return value
    try:
        return _core.convert_to_tensor(value)
    except (TypeError, ValueError):
        return value  # an object array (a DataFrame's values): such a call runs as Python


def as_inputs(structure):
    """`structure` with its NumPy arrays as tensors (TensorFlow converts them too)."""
    if type(structure) is tuple and all(map(_is_leaf, structure)):  # a step's (x, y, w)
        return tuple(map(_as_input, structure))
    return nest.map_structure(_as_input, structure)


def _leaves(args, kwargs):
    if not kwargs and all(map(_is_leaf, args)):  # the common flat call: no nest walk
        return list(args)
    return nest.flatten((args, kwargs))


def _is_input(value):
    return isinstance(value, _core.Tensor) and not isinstance(value, _core.Variable)


def _packer(structure):
    """`flat -> structure`, as `nest.pack_sequence_as(structure, flat)`: for a flat dict of
    leaves (the metrics' results a step returns) a direct rebuild, which costs a replay of a
    small model a fifth of what the general walk does."""
    if type(structure) is not dict or any(map(nest.is_nested, structure.values())):
        return lambda flat: nest.pack_sequence_as(structure, flat)
    keys = list(structure)
    # The flat order is nest's (sorted keys); `where[f]` is the f-th leaf's key.
    where = [keys[i] for i in nest.flatten({key: i for i, key in enumerate(keys)})]

    def pack(flat):
        packed = dict.fromkeys(keys)
        for key, leaf in zip(where, flat):
            packed[key] = leaf
        return packed

    return pack


def can_compile_now():
    """False inside a recording GradientTape or another trace: the function then runs as
    Python (an outer tape must see its ops; an outer trace records them inline)."""
    return not _core._trace_active() and not _core._any_tape()


class CompiledStep:
    """One trace of `function` for inputs of one signature, replayed on later calls.

    Args:
        function: the Python callable.
        jit_compile: True raises NotReplayableError when the trace cannot replay; otherwise
            such a step runs as Python on every call.
    """

    def __init__(self, function, jit_compile=None):
        self._function = function
        self._jit_compile = jit_compile
        self._trace = None
        self._outputs = None  # the output structure, tensors at their leaves
        self._output_tensors = None
        self._output_slots = None  # leaf index of each output tensor
        self.failure = None
        self.traced = False  # a replayable trace is held
        # Variables may be created while tracing until one trace ran without creating any
        # (the owner clears it once any of its traces completed, as tf.function).
        self.allow_variables = True

    def __call__(self, args, kwargs):
        if (
            self.failure is not None
            or not can_compile_now()
            or any(isinstance(v, np.ndarray) for v in _leaves(args, kwargs))
        ):
            return self._function(*args, **kwargs)
        if self.traced:
            return self._replay(args, kwargs)
        return self._record(args, kwargs)

    def _record(self, args, kwargs):
        trace = _core._Trace()
        leaves = nest.flatten((args, kwargs))
        aliased = [trace.input(v) if _is_input(v) else v for v in leaves]
        args, kwargs = nest.pack_sequence_as((args, kwargs), aliased)
        _watch_reads(True)
        trace.begin()
        try:
            outputs = self._function(*args, **kwargs)
        finally:
            trace.end()
            _watch_reads(False)
        flat = nest.flatten(outputs)
        slots = [i for i, v in enumerate(flat) if isinstance(v, _core.Tensor)]
        for i in slots:
            trace.check_output(flat[i])
        if trace.created_variables:
            if not self.allow_variables:
                raise ValueError(VARIABLE_ON_RETRACE)
            # Keep nothing: the next call traces again, and must create none.
            self.allow_variables = False
            return outputs
        self.allow_variables = False
        if trace.failure is not None:
            self.failure = trace.failure
            if self._jit_compile:
                raise NotReplayableError(
                    f"This step cannot be compiled: {self.failure}. Run it eagerly instead "
                    "(`run_eagerly=True` in `compile()`, `jit_compile=False`, or "
                    "`tf.config.run_functions_eagerly(True)`)."
                )
            return outputs
        self._trace = trace
        self._outputs = list(flat)
        self._output_tensors = [flat[i] for i in slots]
        self._output_slots = slots
        self._structure = outputs
        self._pack = _packer(outputs)
        self.traced = True
        # The caller gets tensors of its own, as from a replay: the next replay rebinds the
        # recorded handles (a copy, once per trace).
        for i in slots:
            if not isinstance(flat[i], _core.Variable):
                flat[i] = flat[i].__deepcopy__(None)
        return nest.pack_sequence_as(outputs, flat) if slots else outputs

    def _replay(self, args, kwargs):
        inputs = [v for v in _leaves(args, kwargs) if _is_input(v)]
        fresh = self._trace.replay(inputs, self._output_tensors)
        if not self._output_slots:
            return self._structure
        flat = list(self._outputs)
        for i, t in zip(self._output_slots, fresh):
            flat[i] = t
        return self._pack(flat)
