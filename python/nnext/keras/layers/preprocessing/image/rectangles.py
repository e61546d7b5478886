"""Random rectangles shared by RandomErasing and CutMix: Keras's crop bounds along one
axis and the boolean masks of the boxes, in a layer's data format."""

from nnext.keras import ops
from nnext.keras import random as krandom


def crop_bounds(layer, batch, length, ratio, seed):
    """(start, end) per image: a span of `ratio * length` at a uniform position."""
    crop = ops.cast(ratio * length, layer.compute_dtype)
    start = krandom.uniform((batch,), 0, 1, dtype=layer.compute_dtype, seed=seed)
    start = start * (length - crop)
    return start, start + crop


def box_masks(layer, shape, x0, x1, y0, y1):
    """True inside each image's box [x0, x1) x [y0, y1), repeated over the channels."""
    height, width = layer._height_width(shape)
    grid_y, grid_x = ops.meshgrid(
        ops.arange(height, dtype=layer.compute_dtype),
        ops.arange(width, dtype=layer.compute_dtype),
        indexing="ij",
    )
    last = layer.data_format == "channels_last"
    layout = (1, height, width, 1) if last else (1, 1, height, width)
    grid_x, grid_y = ops.reshape(grid_x, layout), ops.reshape(grid_y, layout)
    x0, x1, y0, y1 = (ops.reshape(v, (-1, 1, 1, 1)) for v in (x0, x1, y0, y1))
    inside = ops.logical_and(
        ops.logical_and(ops.greater_equal(grid_x, x0), ops.less(grid_x, x1)),
        ops.logical_and(ops.greater_equal(grid_y, y0), ops.less(grid_y, y1)),
    )
    axis = -1 if last else -3
    return ops.repeat(inside, shape[axis], axis=axis)
