"""Keras masks carried by tensors: `get_keras_mask`, `set_keras_mask` and the `_keras_mask`
attribute that Keras 3 reads on layer outputs.

An nnext Tensor has no instance dictionary (a per-tensor dict would cost every op), so the
masks live in one table keyed by the tensor's id, and an entry leaves the table when its
tensor dies (a weakref finalizer), which is Keras 3's own fallback for tensors that refuse
attributes. `Tensor._keras_mask` is a property over that table. Layers attach and read masks
in `Layer.__call__` (see `propagate`); losses and metrics read them from `y_pred`.
"""

import inspect
import warnings
import weakref

from nnext import _core
from nnext.keras import tree
from nnext.keras.keras_tensor import KerasTensor

_MASKS = {}
_TAKES_MASK = {}  # layer class -> whether its `call` has a `mask` argument
_PAIRED_MASKS = {}  # layer class -> its `x` / `x_mask` call arguments


def _forget(key):
    _MASKS.pop(key, None)


def get_keras_mask(x):
    """The mask attached to `x` (a bool tensor), or None."""
    if not _MASKS:
        return getattr(x, "_keras_mask", None) if not isinstance(x, _core.Tensor) else None
    if isinstance(x, _core.Tensor):
        return _MASKS.get(id(x))
    return getattr(x, "_keras_mask", None)


def set_keras_mask(x, mask):
    """Attaches `mask` to `x` (None removes it)."""
    if not isinstance(x, _core.Tensor):
        try:
            x._keras_mask = mask
        except AttributeError:
            pass
        return
    key = id(x)
    if mask is None:
        _MASKS.pop(key, None)
        return
    if key not in _MASKS:
        weakref.finalize(x, _forget, key)
    _MASKS[key] = mask


_core.Tensor._keras_mask = property(get_keras_mask, set_keras_mask)


def any_masks():
    """Whether any live tensor carries a mask (the fast path of every layer call)."""
    return bool(_MASKS)


class MaskSupport:
    """The masking face every layer has (a base of `Layer`): Keras 3's `supports_masking`,
    by default whether the layer overrides `compute_mask`, and `compute_mask`."""

    @property
    def supports_masking(self):
        value = self.__dict__.get("_supports_masking")
        return overrides_compute_mask(self) if value is None else value

    @supports_masking.setter
    def supports_masking(self, value):
        object.__setattr__(self, "_supports_masking", value)

    def compute_mask(self, inputs, previous_mask):
        """The mask of the outputs: by default the input's own."""
        return previous_mask


def overrides_compute_mask(layer):
    return type(layer).compute_mask is not MaskSupport.compute_mask


def makes_masks(layer):
    """Whether `layer` can make a mask out of unmasked inputs: it has its own compute_mask
    (Embedding, Masking, ...) and supports masking."""
    return overrides_compute_mask(layer) and layer.supports_masking


def call_with_masks(layer, call, inputs, args, kwargs):
    """A layer call (`call`, the layer's converted call) that reads the masks on `inputs`,
    filling `mask=`, and attaches the output masks: Keras 3's `Layer.__call__`. Without
    masks about and a layer that makes none, just the call."""
    if not _MASKS and not makes_masks(layer):
        return call(inputs, *args, **kwargs)
    kwargs, previous = input_masks(layer, inputs, kwargs, args)
    outputs = call(inputs, *args, **kwargs)
    output_masks(layer, inputs, outputs, previous)
    return outputs


def _takes_mask(cls):
    takes = _TAKES_MASK.get(cls)
    if takes is None:
        takes = _TAKES_MASK[cls] = "mask" in inspect.signature(cls.call).parameters
    return takes


def _paired_mask_arguments(cls):
    """`(argument names of call, {name: 'name_mask'})` for the arguments whose mask has an
    argument of its own (MultiHeadAttention's query/query_mask, value/value_mask)."""
    found = _PAIRED_MASKS.get(cls)
    if found is None:
        names = list(inspect.signature(cls.call).parameters)[1:]
        pairs = {name: f"{name}_mask" for name in names if f"{name}_mask" in names}
        found = _PAIRED_MASKS[cls] = (names, pairs)
    return found


def _fill_paired_masks(layer, inputs, args, kwargs):
    """Keras 3's rule for a call with several tensor arguments: each tensor `x` whose `call`
    has an `x_mask` argument the caller left out gets the mask on `x` there."""
    names, pairs = _paired_mask_arguments(type(layer))
    if not pairs:
        return kwargs
    bound = dict(zip(names, (inputs, *args)))
    bound.update(kwargs)
    tensors = {n: v for n, v in bound.items() if isinstance(v, (_core.Tensor, KerasTensor))}
    if len(tensors) < 2:
        return kwargs
    for name, mask_name in pairs.items():
        if name in tensors and bound.get(mask_name) is None:
            mask = get_keras_mask(tensors[name])
            if mask is not None:
                kwargs = {**kwargs, mask_name: mask}
    return kwargs


def input_masks(layer, inputs, kwargs, args=()):
    """Keras 3's step 6 of `Layer.__call__`: fills a `mask=` argument the caller left out
    from the masks on `inputs` (and `x_mask=` arguments, see `_fill_paired_masks`). Returns
    `(kwargs, previous_mask)`, the mask the layer's output mask is computed from."""
    kwargs = _fill_paired_masks(layer, inputs, args, kwargs)
    if "mask" in kwargs and kwargs["mask"] is not None:
        return kwargs, kwargs["mask"]
    previous = tree.map_structure(get_keras_mask, inputs)
    if _takes_mask(type(layer)) and any(m is not None for m in tree.flatten(previous)):
        kwargs = {**kwargs, "mask": previous}
    return kwargs, previous


def output_masks(layer, inputs, outputs, previous_mask, compute_mask=None):
    """Keras 3's `_set_mask_metadata`: attaches `compute_mask(inputs, previous_mask)` (the
    layer's own by default) to the outputs that carry no mask yet; a layer that does not
    support masking drops the mask with Keras's warning."""
    flat_previous = tree.flatten(previous_mask) if previous_mask is not None else []
    if not layer.supports_masking:
        if any(m is not None for m in flat_previous):
            warnings.warn(
                f"Layer '{layer.name}' (of type {type(layer).__name__}) was passed an input "
                "with a mask attached to it. However, this layer does not support masking "
                "and will therefore destroy the mask information. Downstream layers will "
                "not see the mask.",
                stacklevel=3,
            )
        return
    flat_outputs = tree.flatten(outputs)
    if all(get_keras_mask(x) is not None for x in flat_outputs):
        return
    masks = (compute_mask or layer.compute_mask)(inputs, previous_mask)
    if masks is None:
        return
    for tensor, mask in zip(flat_outputs, tree.flatten(masks)):
        if mask is not None and get_keras_mask(tensor) is None:
            set_keras_mask(tensor, mask)
