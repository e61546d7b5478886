"""`tf.autograph.experimental`: `Feature`, `do_not_convert` and `set_loop_options`.

AutoGraph rewrites Python control flow on tensors into graph ops. nnext runs a function's
Python as it is written (nnext/function.py), so there is nothing to convert: these names
are accepted with TensorFlow's signatures and behave as TensorFlow's do when AutoGraph is
not converting (in eager mode).
"""

import enum

__all__ = ["Feature", "do_not_convert", "set_loop_options"]


class Feature(enum.Enum):
    """The optional AutoGraph conversions `tf.function(experimental_autograph_options=...)`
    names (nnext converts nothing, so they change nothing).

    Example:
        >>> nnext.autograph.experimental.Feature.LISTS.value
        'LISTS'
    """

    ALL = "ALL"
    AUTO_CONTROL_DEPS = "AUTO_CONTROL_DEPS"
    ASSERT_STATEMENTS = "ASSERT_STATEMENTS"
    BUILTIN_FUNCTIONS = "BUILTIN_FUNCTIONS"
    EQUALITY_OPERATORS = "EQUALITY_OPERATORS"
    LISTS = "LISTS"
    NAME_SCOPES = "NAME_SCOPES"

    @classmethod
    def all(cls):
        """Every feature, `ALL` included."""
        return tuple(cls.__members__.values())

    @classmethod
    def all_but(cls, exclude):
        """Every feature except `ALL` and those in `exclude` (one feature or several)."""
        if not isinstance(exclude, (list, tuple, set)):
            exclude = (exclude,)
        return tuple(set(cls.all()) - set(exclude) - {cls.ALL})


def do_not_convert(func=None):
    """Marks `func` to be left unconverted by AutoGraph; returns it (nnext never converts).
    Used bare (`@do_not_convert`) or called (`@do_not_convert()`).

    Example:
        >>> f = nnext.autograph.experimental.do_not_convert(lambda x: x + 1)
        >>> f(1)
        2
    """
    if func is None:
        return do_not_convert
    return func


class _Unspecified:
    def __repr__(self):
        return "UNSPECIFIED"


UNSPECIFIED = _Unspecified()


def set_loop_options(
    parallel_iterations=UNSPECIFIED,
    swap_memory=UNSPECIFIED,
    maximum_iterations=UNSPECIFIED,
    shape_invariants=UNSPECIFIED,
):
    """Options for the `tf.while_loop` AutoGraph makes of the enclosing loop. A Python loop
    runs as written here, so, as in TensorFlow's eager mode, the call has no effect."""
