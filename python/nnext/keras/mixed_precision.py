"""`keras.mixed_precision`: Keras 3's legacy names for the dtype policies and the loss-scale
optimizer, so that TensorFlow-era mixed precision programs run unchanged.

`Policy` and `DTypePolicy` are `keras.DTypePolicy`; `set_global_policy`/`global_policy` are
`keras.config.set_dtype_policy`/`dtype_policy`; `LossScaleOptimizer` is
`keras.optimizers.LossScaleOptimizer`.

Example:
    >>> keras.mixed_precision.set_global_policy("mixed_float16")
    >>> keras.mixed_precision.global_policy()
    <DTypePolicy "mixed_float16">
"""

from nnext.keras.config import dtype_policy, set_dtype_policy
from nnext.keras.dtype_policies import DTypePolicy
from nnext.keras.optimizers.loss_scale_optimizer import LossScaleOptimizer

__all__ = [
    "DTypePolicy",
    "LossScaleOptimizer",
    "Policy",
    "dtype_policy",
    "global_policy",
    "set_dtype_policy",
    "set_global_policy",
]

Policy = DTypePolicy
global_policy = dtype_policy
set_global_policy = set_dtype_policy
