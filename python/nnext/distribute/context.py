"""Which strategy is current, and whether code runs for one replica or across them
(`tf.distribute.get_strategy`, `has_strategy`, `in_cross_replica_context`,
`get_replica_context`).

Outside any scope the *default* strategy (one replica) is current and code runs in its
replica context; `strategy.scope()` enters the cross-replica context of `strategy`;
`strategy.run(fn)` runs `fn` in the replica context of `strategy`. The stack is per thread,
as TensorFlow's.
"""

import threading

__all__ = ["get_replica_context", "get_strategy", "has_strategy", "in_cross_replica_context"]

_local = threading.local()


def _stack():
    if not hasattr(_local, "stack"):
        _local.stack = []
    return _local.stack


def push(strategy, replica_context=None):
    """Enters `strategy`'s cross-replica context, or `replica_context` when given."""
    _stack().append((strategy, replica_context))


def pop():
    _stack().pop()


def current_scope_strategy():
    """The strategy of the innermost scope or `run`, None outside any."""
    stack = _stack()
    return stack[-1][0] if stack else None


def get_strategy():
    """The current `Strategy`: the one whose `scope()` or `run()` encloses this call, else the
    default strategy (one replica, no communication).

    Example:
        >>> with strategy.scope():
        ...     assert nnext.distribute.get_strategy() is strategy
    """
    from nnext.distribute.strategy import default_strategy

    return current_scope_strategy() or default_strategy()


def has_strategy():
    """Whether a non-default strategy is current (inside its `scope()` or `run()`)."""
    return bool(_stack())


def in_cross_replica_context():
    """True inside `strategy.scope()` (code that sees every replica), False in a replica
    context: inside `strategy.run(fn)`, or outside any strategy."""
    stack = _stack()
    return bool(stack) and stack[-1][1] is None


def get_replica_context():
    """The `ReplicaContext` code runs in: the replica's inside `strategy.run`, the default
    strategy's outside any scope, and None in a cross-replica context (inside a scope)."""
    stack = _stack()
    if not stack:
        from nnext.distribute.strategy import default_strategy

        return default_strategy()._replica_context()
    return stack[-1][1]
