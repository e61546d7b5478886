"""``tf.function``: TensorFlow's decorator, compiling the function into a replayed trace.

The first call with inputs of a new *trace type* (a tensor's shape and dtype; a Python value
itself; a Variable's identity; the structure of lists, tuples and dicts) runs the Python
function while the C++ recorder records every op it launches (python/nnext/_compiled.py);
later calls with that trace type replay the recording in C++ with the new input data and no
Python in between, as ``tf.function`` runs its graph. So Python side effects (``print``,
appending to a list) happen while tracing only, as in TensorFlow. A function whose trace
cannot replay (it reads a tensor's value with ``float()`` or ``.numpy()``, branches in
Python on a tensor, or uses an op nnext cannot record yet) runs as Python on every call,
or, with ``jit_compile=True``, raises an error naming the line. Inside a recording
``GradientTape`` the function runs as Python, so that the tape sees its ops.

``experimental_get_tracing_count`` counts the traces, ``input_signature`` pins one trace and
rejects incompatible inputs, and ``reduce_retracing`` generalises shapes after a second shape
is seen (a generalised trace records per concrete shape underneath). ``autograph`` is
accepted.
"""

import functools
import inspect
import threading
import weakref

from nnext import _compiled, _core, function_effects, nest
from nnext import function_trace_types as trace_types
from nnext.errors import InvalidArgumentError
from nnext.tensor_spec import TensorSpec

__all__ = [
    "executing_eagerly",
    "experimental_functions_run_eagerly",
    "function",
    "functions_run_eagerly",
    "run_functions_eagerly",
]

_global = {"run_eagerly": False}


def run_functions_eagerly(run_eagerly):
    """Makes every ``nnext.function`` run without its tracing bookkeeping (TensorFlow:
    without tracing; nnext always executes the Python function eagerly, so only
    ``experimental_get_tracing_count`` notices)."""
    _global["run_eagerly"] = bool(run_eagerly)


def functions_run_eagerly():
    """Whether ``run_functions_eagerly(True)`` is in effect."""
    return _global["run_eagerly"]


experimental_functions_run_eagerly = functions_run_eagerly


# How many Functions this thread is inside (their Python runs as tf.function's graph would:
# a TensorArray made there is TensorFlow's list-backed one, nnext/tensor_array.py).
_running = threading.local()


def running_function():
    """True while this thread runs a ``nnext.function`` (not under run_functions_eagerly)."""
    return getattr(_running, "depth", 0) > 0


def executing_eagerly():
    """True: nnext always executes eagerly, inside ``nnext.function`` too."""
    return True


class InputSignatureMismatchError(TypeError, ValueError):
    """An input whose shape or dtype the ``input_signature`` does not admit: TensorFlow 2.21
    raises TypeError, older TensorFlow (and the tf.function guide) ValueError; the message
    names both specs."""


def _spec_from(trace_type, value):
    """What a trace shows for an input: a TensorSpec for a tensor (with the trace's possibly
    relaxed shape), the structure rebuilt for lists/tuples/dicts, else the value itself."""
    if isinstance(trace_type, tuple) and len(trace_type) == 3:
        if trace_type[0] is TensorSpec:
            return TensorSpec(trace_type[1], trace_type[2])
        if nest.is_nested(value) and trace_type[0] is type(value):
            children = [_spec_from(t, v) for t, v in zip(trace_type[2], nest._children(value))]
            return nest._rebuild(value, children)
    return _as_input_spec(value)


def _spec_text(spec):
    return repr(spec if isinstance(spec, TensorSpec) else TensorSpec(spec.shape, spec.dtype))


class ConcreteFunction:
    """One trace of a ``Function``: a callable for inputs of one trace type.

    Calling it runs the Python function (eagerly, as every nnext function).

    Attributes:
        structured_input_signature: ``(args, kwargs)`` with TensorSpecs for tensors.
        structured_outputs: the output structure of the last call, or None before one.
    """

    def __init__(self, function, arg_specs, kwarg_specs):
        self._function = function
        self.structured_input_signature = (tuple(arg_specs), dict(kwarg_specs))
        self.structured_outputs = None
        # One compiled step per concrete input signature (a relaxed trace type covers
        # several shapes; each shape records its own step).
        self._steps = {}

    @property
    def name(self):
        return self._function.__name__

    def __call__(self, *args, **kwargs):
        """Runs the trace on inputs checked against its signature; a Python value the
        trace was made with fills its parameter when the call leaves it out."""
        args, kwargs = _compiled.as_inputs((args, kwargs))
        return self._run(*self._bind(args, kwargs))

    def _bind(self, args, kwargs):
        spec_args, spec_kwargs = self.structured_input_signature
        names = self._function._parameter_names()
        specs = {names[i] if i < len(names) else i: spec for i, spec in enumerate(spec_args)}
        specs.update(spec_kwargs)
        # Positional inputs fill the tensor parameters in order: the Python values the
        # trace was made with are part of it, so a call leaves them out (TensorFlow's rule).
        tensor_keys = [k for k, spec in specs.items() if not _is_python_value(spec)]
        if len(args) > len(tensor_keys):
            raise TypeError(
                f"{self.name}() takes {len(tensor_keys)} positional arguments but "
                f"{len(args)} were given"
            )
        given = dict(zip(tensor_keys, args))
        given.update(kwargs)
        for key in given:
            if key not in specs:
                raise TypeError(f"{self.name}() got an unexpected keyword argument '{key}'")
        bound = {}
        for position, (key, spec) in enumerate(specs.items()):
            if not _is_python_value(spec):
                if key not in given:
                    raise TypeError(f"{self.name}() missing required argument: '{key}'")
                value = given[key]
                bound[key] = (
                    self._checked(value, spec, position) if isinstance(spec, TensorSpec) else value
                )
            elif key in given and not _same_value(given[key], spec):
                raise TypeError(
                    f"Binding inputs to tf.function `{self.name}` failed due to `Can not cast "
                    f"{given[key]!r} to Literal[{spec!r}]`."
                )
            else:
                bound[key] = spec
        positional = []
        for name in names:
            if name not in bound:
                break
            positional.append(bound.pop(name))
        positional += [bound.pop(k) for k in sorted(k for k in bound if isinstance(k, int))]
        return positional, bound

    def _checked(self, value, spec, position):
        """A tensor input of the trace: TensorFlow's executor errors on a mismatch."""
        tensor = value if isinstance(value, _core.Tensor) else _core.convert_to_tensor(value)
        if tensor.dtype != spec.dtype:
            raise InvalidArgumentError(
                f"cannot compute __inference_{self.name} as input #{position}(zero-based) was "
                f"expected to be a {spec.dtype.name} tensor but is a {tensor.dtype.name} tensor"
            )
        if not spec.is_compatible_with(tensor):
            raise InvalidArgumentError(
                f"cannot compute __inference_{self.name} as input #{position}(zero-based) was "
                f"expected to have shape {_spec_text(spec)} but has shape {tuple(tensor.shape)}"
            )
        return tensor

    def _run(self, args, kwargs):
        key = self._function._trace_key(args, kwargs)
        step = self._steps.get(key)
        if step is None:
            step = _compiled.CompiledStep(
                function_effects.with_effects(self._function._python_function),
                self._function._jit_compile,
            )
            step.allow_variables = not self._function._has_traced()
            self._steps[key] = step
        python_runs = function_effects.python_runs()
        _running.depth = getattr(_running, "depth", 0) + 1
        try:
            outputs, effects = step(args, kwargs)
        finally:
            _running.depth -= 1
        if function_effects.python_runs() == python_runs:  # a replay: no Python ran
            for again, tensors in effects:
                again(*tensors)
        if step.failure is not None and _compiled._READS["__bool__"] in step.failure:
            # TensorFlow's AutoGraph turns an `if` on a tensor into tf.cond, whose branches
            # return tensors: a Python number such a function returns comes out as one.
            outputs = nest.map_structure(_number_as_tensor, outputs)
        if step.traced:
            # A returned object holding tensors (a TensorArray) is the traced call's own
            # object, whose tensors every replay rebinds: each call gets a copy of its own.
            outputs = nest.map_structure(_own_copy, outputs)
        self.structured_outputs = outputs
        return outputs

    def pretty_printed_signature(self, verbose=True):
        """The trace's inputs and (after a call) outputs, in TensorFlow's layout."""
        args, kwargs = self.structured_input_signature
        names = self._function._parameter_names()
        lines = ["Input Parameters:"]
        for i, spec in enumerate(args):
            name = names[i] if i < len(names) else f"arg_{i}"
            lines.append(f"  {name} (POSITIONAL_OR_KEYWORD): {_describe_parameter(spec)}")
        ordered = [n for n in names if n in kwargs] + sorted(k for k in kwargs if k not in names)
        for key in ordered:
            kind = "POSITIONAL_OR_KEYWORD" if key in names else "KEYWORD_ONLY"
            lines.append(f"  {key} ({kind}): {_describe_parameter(kwargs[key])}")
        lines.append("Output Type:")
        outputs = self.structured_outputs
        lines.append("  " + ("None" if outputs is None else _describe(outputs)))
        lines.append("Captures:")
        lines.append("  None")
        return "\n".join(lines)

    def __repr__(self):
        return f"<ConcreteFunction {self.name}>"

    def __str__(self):
        return "ConcreteFunction " + self.pretty_printed_signature()


def _is_python_value(spec):
    return not (isinstance(spec, TensorSpec) or nest.is_nested(spec))


def _same_value(a, b):
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return a is b


def _own_copy(value):
    copy_out = getattr(value, "_copy_out_of_trace", None)
    return value if copy_out is None else copy_out()


def _number_as_tensor(value):
    if isinstance(value, (bool, int, float)):
        return _core.convert_to_tensor(value)
    return value


def _describe(value):
    if isinstance(value, (TensorSpec, _core.Tensor)):
        return _spec_text(value)
    if nest.is_nested(value):
        return repr(nest.map_structure(_describe_leaf, value))
    return repr(value)


def _describe_parameter(spec):
    """A parameter as TensorFlow's signature shows it: a traced Python value as its
    literal type (Literal[2])."""
    return f"Literal[{spec!r}]" if _is_python_value(spec) else _describe(spec)


def _describe_leaf(value):
    return _RawText(_describe(value))


class _RawText(str):
    def __repr__(self):
        return str(self)


def _as_input_spec(value):
    if isinstance(value, TensorSpec):
        return value
    if isinstance(value, _core.Tensor):
        return trace_types.spec_of(value)
    return value


class Function:
    """A callable made by ``nnext.function``; see that function."""

    def __init__(
        self,
        python_function,
        input_signature=None,
        reduce_retracing=False,
        jit_compile=None,
        name=None,
    ):
        self._python_function = python_function
        self._input_signature = None if input_signature is None else tuple(input_signature)
        self._reduce_retracing = bool(reduce_retracing)
        self._jit_compile = jit_compile
        self._name = name or getattr(python_function, "__name__", "function")
        self._traces = {}  # trace type -> ConcreteFunction
        self._lock = threading.Lock()
        self._bound = weakref.WeakKeyDictionary()
        functools.update_wrapper(self, python_function)

    @property
    def python_function(self):
        """The wrapped Python function."""
        return self._python_function

    @property
    def input_signature(self):
        """The ``input_signature`` given, or None."""
        return self._input_signature

    def _parameter_names(self):
        try:
            parameters = inspect.signature(self._python_function).parameters
        except (TypeError, ValueError):
            return []
        return [
            n
            for n, p in parameters.items()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]

    def __get__(self, instance, owner):
        # A method: each instance gets its own Function (TensorFlow traces per instance).
        if instance is None:
            return self
        try:
            return self._bound[instance]
        except (KeyError, TypeError):
            pass
        bound = Function(
            self._python_function.__get__(instance, owner),
            self._input_signature,
            self._reduce_retracing,
            self._jit_compile,
            self._name,
        )
        try:
            self._bound[instance] = bound
        except TypeError:
            pass  # an object that cannot be weakly referenced: a fresh Function per access
        return bound

    def _bind_signature(self, args, kwargs):
        """Checks and converts the inputs against ``input_signature``; returns new args."""
        signature = self._input_signature
        names = self._parameter_names()
        values = list(args)
        for i in range(len(values), len(signature)):
            if i < len(names) and names[i] in kwargs:
                values.append(kwargs.pop(names[i]))
            else:
                break
        if len(values) != len(signature):
            raise TypeError(
                f"{self._name}: the input_signature has {len(signature)} arguments, got "
                f"{len(values)} positional argument(s) (and keywords {sorted(kwargs)})"
            )
        converted = []
        for value, spec in zip(values, signature):
            converted.append(self._cast_structure(value, spec))
        return converted, kwargs

    def _cast_structure(self, value, spec):
        """``value`` converted leaf by leaf to the specs of the (shallower) ``spec``."""
        if not nest.is_nested(spec):
            return self._cast_to_spec(value, spec)
        if not nest.is_nested(value) or len(value) != len(spec):
            raise TypeError(
                f"{self._name}: input {value!r:.80} does not match the nesting of the "
                f"input_signature entry {spec!r:.80}"
            )
        if isinstance(spec, dict):
            return {k: self._cast_structure(value[k], spec[k]) for k in spec}
        return type(spec)(self._cast_structure(v, s) for v, s in zip(value, spec))

    def _cast_to_spec(self, value, spec):
        tensor = value
        if not isinstance(tensor, _core.Tensor):
            try:
                tensor = _core.convert_to_tensor(value, spec.dtype)
            except (TypeError, ValueError) as error:
                raise TypeError(self._binding_error(value, spec, error)) from None
        if tensor.dtype != spec.dtype:
            raise InputSignatureMismatchError(self._binding_error(tensor, spec))
        if not spec.is_compatible_with(tensor):
            raise InputSignatureMismatchError(self._binding_error(tensor, spec))
        return tensor

    def _binding_error(self, value, spec, cause=None):
        got = (
            f"Tensor(shape={tuple(value.shape)}, dtype={value.dtype!r})"
            if isinstance(value, _core.Tensor)
            else repr(value)
        )
        reason = f": {cause}" if cause else ""
        return (
            f"Binding inputs to tf.function `{self._name}` failed due to `Can not cast "
            f"{got} to {_spec_text(spec)}`{reason}"
        )

    def _trace_key(self, args, kwargs):
        return (
            tuple(trace_types.trace_type(a) for a in args),
            tuple(sorted((k, trace_types.trace_type(v)) for k, v in kwargs.items())),
        )

    def _trace_for(self, args, kwargs):
        """The ConcreteFunction for these inputs, recording a new trace when needed."""
        if self._input_signature is not None:
            # One trace serves every input the signature admits (they were checked).
            with self._lock:
                if not self._traces:
                    self._traces["signature"] = ConcreteFunction(self, self._input_signature, {})
                return self._traces["signature"]
        key = self._trace_key(args, kwargs)
        with self._lock:
            if key in self._traces:
                return self._traces[key]
            for known, concrete in self._traces.items():
                if trace_types.subsumes_key(known, key):
                    return concrete
            if self._reduce_retracing and self._traces:
                key = trace_types.generalise_key(next(reversed(self._traces)), key)
                for known, concrete in self._traces.items():
                    if trace_types.subsumes_key(known, key):
                        return concrete
            arg_specs = [_spec_from(t, a) for t, a in zip(key[0], args)]
            kwarg_specs = {k: _spec_from(t, kwargs[k]) for k, t in key[1]}
            concrete = ConcreteFunction(self, arg_specs, kwarg_specs)
            self._traces[key] = concrete
            return concrete

    def __call__(self, *args, **kwargs):
        args, kwargs = _compiled.as_inputs((args, kwargs))
        if self._input_signature is not None:
            args, kwargs = self._bind_signature(args, kwargs)
        if functions_run_eagerly():
            return self._python_function(*args, **kwargs)
        return self._trace_for(args, kwargs)._run(args, kwargs)

    def get_concrete_function(self, *args, **kwargs):
        """The trace for inputs like these (tensors, TensorSpecs or Python values); with
        an ``input_signature`` and no arguments, the signature's trace.

        Example:
            >>> f = nnext.function(lambda x: x * 2)
            >>> f.get_concrete_function(nnext.TensorSpec([None], nnext.float32))(
            ...     nnext.constant([1.0])).numpy()
            array([2.], dtype=float32)
        """
        if not args and not kwargs and self._input_signature is not None:
            args = self._input_signature
        elif self._input_signature is not None:
            args, kwargs = self._bind_signature(
                [a if not isinstance(a, TensorSpec) else _placeholder(a) for a in args], kwargs
            )
        return self._trace_for(args, kwargs)

    def _has_traced(self):
        """Whether a trace of this function ran to the end without creating Variables."""
        return any(
            not step.allow_variables for c in self._traces.values() for step in c._steps.values()
        )

    def experimental_get_tracing_count(self):
        """How many traces TensorFlow would have made so far."""
        return len(self._traces)

    def pretty_printed_concrete_signatures(self, verbose=True):
        """Every trace's signature, separated by blank lines."""
        return "\n\n".join(
            f"{self._name}(...)\n" + c.pretty_printed_signature(verbose)
            for c in self._traces.values()
        )

    def __repr__(self):
        return f"<nnext.function.Function object wrapping {self._name}>"


def _placeholder(spec):
    """A zero tensor standing in for a TensorSpec while binding (unknown dims as 1)."""
    shape = [1 if d is None else d for d in (spec.shape or ())]
    return _core.zeros(shape, spec.dtype)


def function(
    func=None,
    input_signature=None,
    autograph=True,
    jit_compile=None,
    reduce_retracing=False,
    experimental_implements=None,
    experimental_autograph_options=None,
    experimental_attributes=None,
    experimental_relax_shapes=None,
    experimental_compile=None,
    experimental_follow_type_hints=None,
):
    """TensorFlow's ``tf.function``: as a decorator or a call; runs the function eagerly.

    The returned callable computes what ``func`` computes, with TensorFlow's tracing
    bookkeeping (``get_concrete_function``, ``experimental_get_tracing_count``) and its
    ``input_signature`` checks. Python side effects inside ``func`` run on every call (in
    TensorFlow they run only while tracing).

    Args:
        func: the function to wrap; omitted when used as ``@function(...)``.
        input_signature: a list of ``TensorSpec`` (possibly nested), one per positional
            argument: inputs are converted to those dtypes and must have compatible shapes.
        autograph: accepted (Python control flow always runs as Python here).
        jit_compile: accepted; no effect yet.
        reduce_retracing: relax shapes to unknown dimensions after a second shape.
        experimental_relax_shapes: the old name of ``reduce_retracing``.

    Returns:
        A ``Function`` (or, without ``func``, a decorator making one).

    Example:
        >>> @nnext.function
        ... def add(a, b):
        ...     return a + b
        >>> add(nnext.ones([2]), nnext.ones([2])).numpy()
        array([2., 2.], dtype=float32)
    """
    relax = bool(reduce_retracing or experimental_relax_shapes)
    if input_signature is not None:
        for spec in nest.flatten(input_signature):
            if not (hasattr(spec, "shape") and hasattr(spec, "dtype")):
                raise TypeError(
                    f"input_signature must be a possibly nested sequence of TensorSpec "
                    f"objects, got invalid args {input_signature!r}"
                )
    jit = jit_compile if jit_compile is not None else experimental_compile

    def decorate(f):
        if not callable(f):
            raise TypeError(f"function: expected a callable, got {f!r}")
        return Function(f, input_signature, relax, jit)

    return decorate if func is None else decorate(func)
