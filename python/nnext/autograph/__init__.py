"""`tf.autograph`: AutoGraph's public functions on nnext, which runs Python as written.

TensorFlow's AutoGraph rewrites a `tf.function`'s Python (`if`/`for`/`while` on tensors)
into graph code. nnext's `tf.function` executes the Python function itself, so

- `to_graph(f)` returns `f` unchanged (calling it computes what the converted function
  would);
- `to_code(f)` returns `f`'s own source (there is no generated code to show);
- `trace(*args)` prints its arguments, as TensorFlow's does while tracing;
- `set_verbosity` records the level (nnext writes no conversion logs).
"""

import inspect
import textwrap

from nnext.autograph import experimental

__all__ = ["experimental", "set_verbosity", "to_code", "to_graph", "trace"]

# TensorFlow's AutoGraph logging settings, kept for `set_verbosity`'s callers to read back.
verbosity = {"level": None, "alsologtostdout": False}


def set_verbosity(level, alsologtostdout=False):
    """Sets AutoGraph's verbosity level (0 is quiet) and whether logs also go to stdout."""
    verbosity["level"] = int(level)
    verbosity["alsologtostdout"] = bool(alsologtostdout)


def trace(*args):
    """Prints `args` (TensorFlow prints them while tracing; nnext runs the Python on every
    traced call, so they print then).

    Example:
        >>> nnext.autograph.trace("x is", 1)
        x is 1
    """
    print(*args)


def to_graph(entity, recursive=True, experimental_optional_features=None):
    """`entity` itself: nnext runs Python functions as they are written, so the converted
    function is the function (see the module docstring)."""
    return entity


def to_code(entity, recursive=True, experimental_optional_features=None):
    """The source code of `entity` as a string (TensorFlow returns AutoGraph's generated
    code; nnext runs the original, so its source is the code that runs).

    Raises:
        TypeError: `entity` is not a function, method or class.
        OSError: its source is not available (a function defined at the interactive
            prompt or built at run time).
    """
    entity = inspect.unwrap(getattr(entity, "python_function", entity))
    return textwrap.dedent(inspect.getsource(entity))
