"""`tf.data.Options`: settings that apply to a whole input pipeline (`with_options`).

nnext reads `deterministic` (the default of `map(num_parallel_calls=...)`); the other
groups are accepted so programs that set them run unchanged.
"""

from typing import ClassVar

from nnext.data.selection import _UnaryDataset

__all__ = ["Options"]


class _OptionGroup:
    """A fixed set of named settings; assigning an unknown name is an AttributeError."""

    _defaults: ClassVar[dict] = {}

    def __init__(self):
        for name, value in self._defaults.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name, value):
        if name not in self._defaults:
            raise AttributeError(f"Cannot set the property {name} on {type(self).__name__}.")
        object.__setattr__(self, name, value)

    def _merge(self, other):
        for name, default in self._defaults.items():
            value = getattr(other, name)
            if isinstance(value, _OptionGroup):
                getattr(self, name)._merge(value)
            elif value != default:
                object.__setattr__(self, name, value)

    def __eq__(self, other):
        return type(self) is type(other) and all(
            getattr(self, n) == getattr(other, n) for n in self._defaults
        )

    def __repr__(self):
        items = ", ".join(f"{n}={getattr(self, n)!r}" for n in self._defaults)
        return f"{type(self).__name__}({items})"


class AutotuneOptions(_OptionGroup):
    _defaults: ClassVar[dict] = {
        "enabled": None,
        "cpu_budget": None,
        "ram_budget": None,
        "autotune_algorithm": None,
    }


class ThreadingOptions(_OptionGroup):
    _defaults: ClassVar[dict] = {"max_intra_op_parallelism": None, "private_threadpool_size": None}


class OptimizationOptions(_OptionGroup):
    _defaults: ClassVar[dict] = {
        "apply_default_optimizations": None,
        "map_and_batch_fusion": None,
        "map_parallelization": None,
        "noop_elimination": None,
        "parallel_batch": None,
        "shuffle_and_repeat_fusion": None,
    }


class DistributeOptions(_OptionGroup):
    _defaults: ClassVar[dict] = {"auto_shard_policy": 0, "num_devices": None}


class Options(_OptionGroup):
    """Pipeline-wide settings (`tf.data.Options`).

    Example:
        >>> options = nnext.data.Options()
        >>> options.deterministic = False
        >>> ds = ds.with_options(options)
    """

    _defaults: ClassVar[dict] = {
        "deterministic": None,
        "experimental_deterministic": None,
        "autotune": None,
        "threading": None,
        "experimental_optimization": None,
        "experimental_distribute": None,
        "experimental_slack": None,
        "experimental_external_state_policy": None,
        "experimental_warm_start": None,
    }

    def __init__(self):
        super().__init__()
        object.__setattr__(self, "autotune", AutotuneOptions())
        object.__setattr__(self, "threading", ThreadingOptions())
        object.__setattr__(self, "experimental_optimization", OptimizationOptions())
        object.__setattr__(self, "experimental_distribute", DistributeOptions())

    def merge(self, options):
        """A new Options with `options`' settings over this one's."""
        merged = Options()
        merged._merge(self)
        merged._merge(options)
        if merged.experimental_deterministic is not None and merged.deterministic is None:
            object.__setattr__(merged, "deterministic", merged.experimental_deterministic)
        return merged


class _OptionsDataset(_UnaryDataset):
    """`with_options(options)`."""

    def __init__(self, input_dataset, options):
        super().__init__(input_dataset)
        if not isinstance(options, Options):
            raise TypeError(f"`options` must be a `tf.data.Options`. Received: {type(options)}")
        self._options = input_dataset.options().merge(options)

    def _cardinality(self):
        return self._input._cardinality()


OptionsDataset = _OptionsDataset
