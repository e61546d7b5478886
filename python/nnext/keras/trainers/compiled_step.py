"""Compiled train/test/predict steps for `Model.compile(jit_compile=...)`.

Keras's meaning: `jit_compile=True` compiles the step or fails with the reason; `False` runs
it eagerly; `"auto"` compiles when the step is traceable and otherwise runs it eagerly (here
every step is tried: a trace that cannot replay falls back). A step is one
`nnext._compiled.CompiledStep` per input signature (shapes, dtypes and structure of the
batch): the last, partial batch of an epoch is one more trace. Under a multi-worker strategy
steps run eagerly (their gradients are summed over MPI from Python). A batch holding string
tensors runs eagerly too: the string layers (TextVectorization, StringLookup) work on the
strings in Python, so a trace would keep the first batch's token ids as constants and
replay them for every later batch.
"""

from nnext import _compiled, nest, string_tensor
from nnext.keras.trainers import distributed

__all__ = ["resolve_jit_compile", "run_step"]


def resolve_jit_compile(jit_compile, run_eagerly):
    """The `jit_compile` a model keeps: validated, and False when running eagerly."""
    if jit_compile not in ("auto", True, False, None):
        raise ValueError(
            f"`jit_compile` must be 'auto', True or False. Received: jit_compile={jit_compile}"
        )
    if run_eagerly:
        return False
    return "auto" if jit_compile is None else jit_compile


def _signature(value):
    if value is None:
        return None
    if hasattr(value, "shape") and hasattr(value, "dtype"):
        return (tuple(value.shape), str(value.dtype))
    if nest.is_nested(value):
        return (
            type(value),
            tuple(_signature(v) for v in nest.flatten(value)),
            len(nest.flatten(value)),
        )
    return (type(value), value)


def run_step(model, kind, function, *args):
    """`function(*args)` for the step `kind` ('train', 'test', 'predict') of `model`,
    compiled as the model's `jit_compile` asks."""
    jit = getattr(model, "_jit_compile", False)
    if not jit or distributed.active():
        return function(*args)
    args = _compiled.as_inputs(args)
    if any(map(string_tensor.is_string_tensor, nest.flatten(args))):
        if jit is True:
            raise _compiled.NotReplayableError(
                "This step cannot be compiled: its batch holds string tensors, which are "
                "processed in Python. Run it eagerly instead (`run_eagerly=True` or "
                "`jit_compile=False` in `compile()`)."
            )
        return function(*args)
    steps = model.__dict__.setdefault("_compiled_steps", {})
    key = (kind, tuple(_signature(a) for a in args))
    step = steps.get(key)
    if step is None:
        step = steps[key] = _compiled.CompiledStep(function, jit_compile=jit is True)
    return step(args, {})
