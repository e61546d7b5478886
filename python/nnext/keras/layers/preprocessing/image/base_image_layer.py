"""`BaseImagePreprocessingLayer`: what Keras 3's image preprocessing and augmentation layers
share.

A call draws one random transformation for the batch (`get_random_transformation`, a dict
of tensors as Keras's), then applies it to the images (`transform_images`) and, when the
input is a dict, to its 'labels' and 'segmentation_masks' as Keras does (masks follow with
nearest-neighbour sampling). Separating the draw from the application is what lets a test
(or a user) apply Keras's own transformation to the same images. The layers augment only
in training: a direct call (`layer(images)`) counts as training, as in Keras, and
`predict`/`training=False` pass images through (cast to the layer's dtype).

Bounding boxes are not supported (a dict with 'bounding_boxes' raises ValueError).
"""

import math

from nnext import _core
from nnext.keras import config, ops
from nnext.keras.layers.layer import Layer


class BaseImagePreprocessingLayer(Layer):
    """Base of the image preprocessing layers.

    Args:
        factor: the augmentation strength as Keras parses it: a number `f` gives
            `(-f, f)` clipped to `_FACTOR_BOUNDS`, a pair `(lower, upper)` is sorted.
            Only for layers with `_USE_BASE_FACTOR`.
        bounding_box_format: accepted for Keras compatibility and saved in the config.
        data_format: 'channels_last' or 'channels_first' (None: the global setting).
    """

    _USE_BASE_FACTOR = True
    _FACTOR_BOUNDS = (-1, 1)

    def __init__(self, factor=None, bounding_box_format=None, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.bounding_box_format = bounding_box_format
        self.data_format = config.standardize_data_format(data_format)
        if self._USE_BASE_FACTOR:
            self._set_factor(factor or 0.0)
        elif factor is not None:
            raise ValueError(
                f"Layer {self.__class__.__name__} does not take a `factor` argument. "
                f"Received: factor={factor}"
            )
        self.built = True

    def _set_factor(self, factor):
        low_bound, high_bound = self._FACTOR_BOUNDS
        error = (
            "The `factor` argument should be a number (or a list of two numbers) in the "
            f"range [{low_bound}, {high_bound}]. Received: factor={factor}"
        )
        if isinstance(factor, (tuple, list)):
            if len(factor) != 2 or factor[0] > high_bound or factor[1] < low_bound:
                raise ValueError(error)
            lower, upper = sorted(factor)
        elif isinstance(factor, (int, float)):
            if factor < low_bound or factor > high_bound:
                raise ValueError(error)
            factor = abs(factor)
            lower, upper = [max(-factor, low_bound), factor]
        else:
            raise ValueError(error)  # noqa: TRY004 (Keras raises ValueError)
        self.factor = lower, upper

    # -- the hooks each layer overrides ---------------------------------------------------

    def get_random_transformation(self, data, training=True, seed=None):
        return None

    def _transform_images(self, images, transformation, interpolation):
        raise NotImplementedError()

    def transform_images(self, images, transformation, training=True):
        images = _core.cast(images, self.compute_dtype)
        if training:
            images = self._transform_images(images, transformation, self.interpolation)
        return images

    def transform_labels(self, labels, transformation, training=True):
        raise NotImplementedError()

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        if training:
            segmentation_masks = self._transform_images(
                segmentation_masks, transformation, "nearest"
            )
        return segmentation_masks

    # -- the call ----------------------------------------------------------------------------

    def _is_batched(self, images):
        if images.ndim == 3:
            return False
        if images.ndim == 4:
            return True
        raise ValueError(
            "Expected image tensor to have rank 3 (single image) or 4 (batch of images). "
            f"Received: data.shape={tuple(images.shape)}"
        )

    def _apply(self, method, value, transformation, training, batched):
        value = ops.convert_to_tensor(value)
        if batched:
            return method(value, transformation=transformation, training=training)
        out = method(_core.expand_dims(value, 0), transformation=transformation, training=training)
        return _core.squeeze(out, [0])

    def call(self, data, training=True):
        training = True if training is None else training
        transformation = self.get_random_transformation(data, training=training)
        if not isinstance(data, dict):
            images = ops.convert_to_tensor(data)
            return self._apply(
                self.transform_images, images, transformation, training, self._is_batched(images)
            )
        if "bounding_boxes" in data:
            raise ValueError(
                f"{self.__class__.__name__}: bounding boxes are not supported by nnext; "
                "pass 'images', 'labels' and 'segmentation_masks'."
            )
        data = dict(data)
        images = ops.convert_to_tensor(data["images"])
        batched = self._is_batched(images)
        data["images"] = self._apply(
            self.transform_images, images, transformation, training, batched
        )
        if "labels" in data:
            data["labels"] = self._apply(
                self.transform_labels, data["labels"], transformation, training, batched
            )
        if "segmentation_masks" in data:
            data["segmentation_masks"] = self._apply(
                self.transform_segmentation_masks,
                data["segmentation_masks"],
                transformation,
                training,
                batched,
            )
        return data

    def get_config(self):
        config_ = {**super().get_config(), "data_format": self.data_format}
        if self.bounding_box_format is not None:
            config_["bounding_box_format"] = self.bounding_box_format
        return config_

    # -- helpers the layers share --------------------------------------------------------------

    def _height_width(self, shape):
        """(height, width) of an image or batch shape in this layer's data format."""
        if self.data_format == "channels_first":
            return shape[-2], shape[-1]
        return shape[-3], shape[-2]

    def _set_value_range(self, value_range):
        """Keras's check of a `value_range` argument: two numbers, kept sorted."""
        if not isinstance(value_range, (tuple, list)) or len(value_range) != 2:
            raise ValueError(
                "The `value_range` argument should be a list of two numbers. "
                f"Received: value_range={value_range}"
            )
        self.value_range = sorted(value_range)

    def _batch_size(self, images):
        """1 for a single image, else the batch size (ValueError for other ranks)."""
        shape = tuple(images.shape)
        if len(shape) not in (3, 4):
            raise ValueError(
                f"Expected the input image to be rank 3 or 4. Received inputs.shape={shape}"
            )
        return 1 if len(shape) == 3 else shape[0]

    def _transform_value_range(self, images, original_range, target_range, dtype="float32"):
        """Images mapped linearly from `original_range` to `target_range`."""
        if original_range[0] == target_range[0] and original_range[1] == target_range[1]:
            return images
        images = _core.cast(images, dtype)
        low, high = (float(v) for v in original_range)
        target_low, target_high = (float(v) for v in target_range)
        images = (images - low) / (high - low)
        return images * (target_high - target_low) + target_low

    def _compute_affine_matrix(
        self,
        center_x,
        center_y,
        angle,
        translate_x,
        translate_y,
        scale,
        shear_x,
        shear_y,
        height,
        width,
    ):
        """Keras's (batch, 8) projective rows of a rotation by `angle` degrees about the
        relative centre, with shears (degrees), scale and translation."""
        to_radians = math.pi / 180.0
        angle = ops.convert_to_tensor(angle) * to_radians
        shear_x = ops.tan(ops.convert_to_tensor(shear_x) * to_radians)
        shear_y = ops.tan(ops.convert_to_tensor(shear_y) * to_radians)
        cx = center_x * (float(width) - 1)
        cy = center_y * (float(height) - 1)
        cos, sin = ops.cos(angle), ops.sin(angle)
        a0 = scale * (cos + shear_x * sin)
        a1 = scale * (-sin + shear_x * cos)
        a2 = translate_x + cx - cx * a0 - cy * a1
        b0 = scale * (shear_y * cos + sin)
        b1 = scale * (shear_y * -sin + cos)
        b2 = translate_y + cy - cx * b0 - cy * b1
        zeros = ops.zeros((angle.shape[0], 2), angle.dtype.name)
        columns = [ops.expand_dims(c, 1) for c in (a0, a1, a2, b0, b1, b2)]
        return ops.concatenate([*columns, zeros], axis=1)
