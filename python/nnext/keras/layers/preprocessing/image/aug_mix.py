"""`AugMix`: mixes several random augmentation chains of each batch with the original."""

import random as python_random

from nnext.keras import ops
from nnext.keras import random as krandom
from nnext.keras.layers.preprocessing.image.augment_family import build_augmentations
from nnext.keras.layers.preprocessing.image.base_image_layer import BaseImagePreprocessingLayer

AUGMENT_LAYERS_ALL = (
    "random_shear",
    "random_translation",
    "random_rotation",
    "random_posterization",
    "solarization",
    "auto_contrast",
    "equalization",
    "random_brightness",
    "random_color_degeneration",
    "random_contrast",
    "random_sharpness",
)
AUGMENT_LAYERS = AUGMENT_LAYERS_ALL[:7]


class AugMix(BaseImagePreprocessingLayer):
    """While training, builds `num_chains` chains of up to `chain_depth` augmentations
    (each step one of the augmentation layers, or none), mixes the chains with Dirichlet
    weights, then mixes that with the images by a Beta-drawn weight (Hendrycks et al.,
    2020), clipped to `value_range`.

    Args:
        value_range: the images' (min, max), (0, 255) by default.
        num_chains, chain_depth: the chains' number (3) and length (3).
        factor: the augmentations' strength, a number in [0, 1] (read as (0, f)) or a pair.
        alpha: the Dirichlet and Beta parameter (1.0).
        all_ops: draw from all eleven augmentations (else the seven geometric and
            histogram ones).
        interpolation, seed, data_format: as the other image layers.

    Keras picks each chain step with Python's global `random`; nnext picks it from the
    layer's own stream, so a seed fixes the chains too.
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(
        self,
        value_range=(0, 255),
        num_chains=3,
        chain_depth=3,
        factor=0.3,
        alpha=1.0,
        all_ops=True,
        interpolation="bilinear",
        seed=None,
        data_format=None,
        **kwargs,
    ):
        super().__init__(data_format=data_format, **kwargs)
        self.value_range = value_range
        self.num_chains = num_chains
        self.chain_depth = chain_depth
        self._set_factor(factor)
        self.alpha = alpha
        self.all_ops = all_ops
        self.interpolation = interpolation
        self.seed = seed
        self.generator = krandom.SeedGenerator(seed)
        self._augment_layers = list(AUGMENT_LAYERS_ALL if all_ops else AUGMENT_LAYERS)
        build_augmentations(
            self, self._augment_layers, self.factor, value_range, interpolation, seed, data_format
        )

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        seed = seed or self.generator
        gamma = krandom.gamma((self.num_chains,), self.alpha, seed=seed)
        weights = gamma / ops.sum(gamma, axis=-1, keepdims=True)
        weight_sample = krandom.beta((), self.alpha, self.alpha, seed=seed)
        picker = python_random.Random(int(krandom.randint((), 0, 2**31 - 1, seed=seed).numpy()))
        chains = []
        for _ in range(self.num_chains):
            steps = []
            for _ in range(self.chain_depth):
                name = picker.choice([*self._augment_layers, None])
                if name is not None:
                    drawn = getattr(self, name).get_random_transformation(data, seed=seed)
                    steps.append({"layer_name": name, "transformation": drawn})
            chains.append(steps)
        return {
            "chain_mixing_weights": weights,
            "weight_sample": weight_sample,
            "chain_transforms": chains,
        }

    def _mix(self, values, transformation, method):
        weights = ops.cast(
            ops.convert_to_tensor(transformation["chain_mixing_weights"]), values.dtype
        )
        weight = ops.cast(ops.convert_to_tensor(transformation["weight_sample"]), values.dtype)
        mixed = ops.zeros_like(values)
        for index, chain in enumerate(transformation["chain_transforms"]):
            chained = values
            for step in chain:
                layer = getattr(self, step["layer_name"])
                chained = getattr(layer, method)(chained, step["transformation"])
            mixed = mixed + chained * weights[index]
        return weight * values + (1 - weight) * mixed

    def transform_images(self, images, transformation, training=True):
        images = ops.cast(images, self.compute_dtype)
        if training:
            images = self._mix(images, transformation, "transform_images")
            images = ops.clip(images, self.value_range[0], self.value_range[1])
        return ops.cast(images, self.compute_dtype)

    def transform_labels(self, labels, transformation, training=True):
        return labels

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        if not training:
            return segmentation_masks
        masks = ops.cast(segmentation_masks, self.compute_dtype)
        return self._mix(masks, transformation, "transform_segmentation_masks")

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "value_range": self.value_range,
            "num_chains": self.num_chains,
            "chain_depth": self.chain_depth,
            "factor": self.factor,
            "alpha": self.alpha,
            "all_ops": self.all_ops,
            "interpolation": self.interpolation,
            "seed": self.seed,
        }
