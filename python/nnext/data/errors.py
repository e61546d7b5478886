"""The runtime errors `tf.data` raises (`tf.errors.InvalidArgumentError`, `OutOfRangeError`).

`InvalidArgumentError` is also a `ValueError`, so code that catches either catches it.
"""

__all__ = ["InvalidArgumentError", "OutOfRangeError"]


class InvalidArgumentError(ValueError):
    """An argument or an element had an invalid value (`tf.errors.InvalidArgumentError`)."""


class OutOfRangeError(Exception):
    """An iterator reached its end (`tf.errors.OutOfRangeError`): `get_next()` past the last
    element."""
