"""Argument checks and transform matrices shared by the geometric augmentation layers
(RandomTranslation, RandomRotation, RandomZoom): Keras's factor parsing, its fill modes and
interpolations, and the (batch, 8) projective rows that `ops.image.affine_transform` reads.
"""

from nnext.keras import ops

SUPPORTED_FILL_MODES = ("reflect", "wrap", "constant", "nearest")
SUPPORTED_INTERPOLATIONS = ("nearest", "bilinear")


def check_fill_and_interpolation(fill_mode, interpolation):
    if fill_mode not in SUPPORTED_FILL_MODES:
        raise NotImplementedError(
            f"Unknown `fill_mode` {fill_mode}. Expected of one {SUPPORTED_FILL_MODES}."
        )
    if interpolation not in SUPPORTED_INTERPOLATIONS:
        raise NotImplementedError(
            f"Unknown `interpolation` {interpolation}. Expected of one {SUPPORTED_INTERPOLATIONS}."
        )


def factor_pair(factor, name, error, check):
    """(lower, upper) from a number `f` (giving (-|f|, |f|)) or a pair (sorted); `check`
    validates each number and raises ValueError with `error`."""
    if isinstance(factor, (tuple, list)):
        if len(factor) != 2:
            raise ValueError(error + f"Received: {name}={factor}")
        check(factor[0])
        check(factor[1])
        lower, upper = sorted(factor)
    elif isinstance(factor, (int, float)):
        check(factor)
        factor = abs(factor)
        lower, upper = -factor, factor
    else:
        raise ValueError(error + f"Received: {name}={factor}")  # noqa: TRY004 (as Keras)
    return lower, upper


def warp(images, transform, interpolation, fill_mode, fill_value, data_format):
    """`affine_transform` of an image or a batch (a single image gets a batch axis)."""
    unbatched = images.ndim == 3
    if unbatched:
        images = ops.expand_dims(images, 0)
    out = ops.image.affine_transform(
        images,
        transform=transform,
        interpolation=interpolation,
        fill_mode=fill_mode,
        fill_value=fill_value,
        data_format=data_format,
    )
    return ops.squeeze(out, 0) if unbatched else out
