"""Weight regularizers: a penalty `w -> scalar` that a layer adds to the training loss."""

from nnext import math as nmath


class Regularizer:
    """Base class: `regularizer(weight)` returns a scalar penalty."""

    def __call__(self, x):
        return 0.0

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class L1L2(Regularizer):
    """`l1 * sum(|w|) + l2 * sum(w**2)`."""

    def __init__(self, l1=0.0, l2=0.0):
        self.l1, self.l2 = float(l1), float(l2)

    def __call__(self, x):
        penalty = 0.0
        if self.l1:
            penalty = penalty + self.l1 * nmath.reduce_sum(nmath.abs(x))
        if self.l2:
            penalty = penalty + self.l2 * nmath.reduce_sum(nmath.square(x))
        return penalty

    def get_config(self):
        return {"l1": self.l1, "l2": self.l2}


class L1(L1L2):
    """`l1 * sum(|w|)`; Keras's default factor 0.01."""

    def __init__(self, l1=0.01):
        super().__init__(l1=l1)

    def get_config(self):
        return {"l1": self.l1}


class L2(L1L2):
    """`l2 * sum(w**2)`; Keras's default factor 0.01."""

    def __init__(self, l2=0.01):
        super().__init__(l2=l2)

    def get_config(self):
        return {"l2": self.l2}


ALL = {"l1": L1, "l2": L2, "l1_l2": L1L2}
_BY_CLASS_NAME = {"L1": L1, "L2": L2, "L1L2": L1L2}


def get(identifier):
    """Returns a regularizer for a name ('l1', 'l2', 'l1_l2'), a config dict or a callable."""
    if identifier is None:
        return None
    if isinstance(identifier, str):
        if identifier not in ALL:
            raise ValueError(
                f"Could not interpret regularizer identifier: {identifier}. "
                f"Expected one of {sorted(ALL)} or a callable."
            )
        return ALL[identifier]()
    if isinstance(identifier, dict):
        return _BY_CLASS_NAME[identifier["class_name"]].from_config(identifier.get("config", {}))
    if callable(identifier):
        return identifier
    raise TypeError(f"Could not interpret regularizer identifier: {identifier!r}")


def serialize(regularizer):
    if regularizer is None:
        return None
    return {
        "module": "keras.regularizers",
        "class_name": type(regularizer).__name__,
        "config": regularizer.get_config(),
        "registered_name": None,
    }
