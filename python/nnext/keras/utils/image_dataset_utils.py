"""`keras.utils.image_dataset_from_directory`: a Dataset of `(images, labels)` batches from a
folder of class subfolders, decoded with Pillow (an optional dependency).

Files are indexed, shuffled and split exactly as Keras does (same order for the same seed;
directory_index.py, shared with `text_dataset_from_directory`).
Images are decoded and resized on a thread pool (`map(num_parallel_calls=AUTOTUNE)`) and
prefetched. Bilinear and nearest resizing follow `tf.image.resize` (half-pixel centres, no
antialiasing), so pixel values match TensorFlow's; the other interpolations use Pillow's
filters.
"""

import numpy as np

from nnext import _core
from nnext.data import AUTOTUNE, Dataset
from nnext.keras import config
from nnext.keras.utils.directory_index import (
    check_label_arguments,
    check_validation_split_arg,
    encode_labels,
    index_directory,
    training_or_validation_split,
)

__all__ = ["image_dataset_from_directory"]

ALLOWLIST_FORMATS = (".bmp", ".gif", ".jpeg", ".jpg", ".png")
_INTERPOLATIONS = (
    "bilinear",
    "nearest",
    "bicubic",
    "area",
    "lanczos3",
    "lanczos5",
    "gaussian",
    "mitchellcubic",
)
# Pillow filters for the interpolations nnext does not compute itself.
_PIL_FILTERS = {
    "bicubic": "BICUBIC",
    "area": "BOX",
    "lanczos3": "LANCZOS",
    "lanczos5": "LANCZOS",
    "gaussian": "HAMMING",
    "mitchellcubic": "BICUBIC",
}


def _pil_image():
    try:
        from PIL import Image
    except ImportError:
        raise ImportError(
            "Could not import PIL.Image. `image_dataset_from_directory` decodes images with "
            "Pillow, an optional dependency of nnext: `pip install pillow`."
        ) from None
    return Image


def image_dataset_from_directory(
    directory,
    labels="inferred",
    label_mode="int",
    class_names=None,
    color_mode="rgb",
    batch_size=32,
    image_size=(256, 256),
    shuffle=True,
    seed=None,
    validation_split=None,
    subset=None,
    interpolation="bilinear",
    follow_links=False,
    crop_to_aspect_ratio=False,
    pad_to_aspect_ratio=False,
    data_format=None,
    format="tf",
    verbose=True,
):
    """A Dataset of image batches from `directory` (one subfolder per class).

    Args:
        directory: folder holding one subfolder of images per class (with
            `labels="inferred"`), or the images themselves.
        labels: "inferred", a list of integer labels in the sorted order of the files, or
            None (images only).
        label_mode: "int" (int32), "categorical" (one-hot float32), "binary" (float32 of
            shape `(batch, 1)`) or None.
        class_names: the subfolders to use, in this order (default: all, sorted).
        color_mode: "rgb", "rgba" or "grayscale" (3, 4 or 1 channels).
        batch_size: images per batch (None: single images).
        image_size: `(height, width)` images are resized to.
        shuffle, seed: shuffle the files (and the batches of every epoch).
        validation_split, subset: the fraction kept for validation, and which part to
            return: "training", "validation" or "both" (a pair of datasets).
        interpolation: the resizing method.
        crop_to_aspect_ratio, pad_to_aspect_ratio: keep the aspect ratio by cropping the
            centre, or by padding with zeros.
        data_format: "channels_last" (default) or "channels_first".

    Returns:
        A Dataset with `class_names` and `file_paths` attributes (two with subset="both").

    Example:
        >>> train = image_dataset_from_directory("flowers", validation_split=0.2,
        ...                                      subset="training", seed=123,
        ...                                      image_size=(180, 180), batch_size=32)
    """
    check_label_arguments(labels, label_mode, class_names, "image", "images")
    if labels is None or label_mode is None:
        labels = label_mode = None
    channels = {"rgb": 3, "rgba": 4, "grayscale": 1}.get(color_mode)
    if channels is None:
        raise ValueError(
            '`color_mode` must be one of {"rgb", "rgba", "grayscale"}. '
            f"Received: color_mode={color_mode}"
        )
    if isinstance(image_size, int):
        image_size = (image_size, image_size)
    elif not isinstance(image_size, (list, tuple)) or len(image_size) != 2:
        raise ValueError(
            "Invalid `image_size` value. Expected a tuple of 2 integers. "
            f"Received: image_size={image_size}"
        )
    interpolation = interpolation.lower()
    if interpolation not in _INTERPOLATIONS:
        raise ValueError(
            f"Argument `interpolation` should be one of {_INTERPOLATIONS}. "
            f"Received: interpolation={interpolation}"
        )
    if format != "tf":
        raise ValueError(
            f'`format` should be either "tf" or "grain" (nnext has "tf"). Received: format={format}'
        )
    if pad_to_aspect_ratio and crop_to_aspect_ratio:
        raise ValueError(
            "Only one of `pad_to_aspect_ratio`, `crop_to_aspect_ratio` can be set to `True`."
        )
    check_validation_split_arg(validation_split, subset, shuffle, seed)
    data_format = config.standardize_data_format(data_format)
    image = _pil_image()
    if seed is None:
        seed = np.random.randint(1e6)
    paths, labels, class_names = index_directory(
        directory, labels, ALLOWLIST_FORMATS, class_names, shuffle, seed, follow_links, verbose
    )
    if label_mode == "binary" and len(class_names) != 2:
        raise ValueError(
            'When passing `label_mode="binary"`, there must be exactly 2 class_names. '
            f"Received: class_names={class_names}"
        )
    loader = _ImageLoader(
        image,
        image_size,
        channels,
        interpolation,
        data_format,
        crop_to_aspect_ratio,
        pad_to_aspect_ratio,
    )
    buffer_size = batch_size * 8 if batch_size is not None else 1024

    def build(subset_name, shuffled):
        part_paths, part_labels = training_or_validation_split(
            paths, labels, validation_split, subset_name
        )
        if not part_paths:
            what = {"training": "training ", "validation": "validation "}.get(subset_name, "")
            raise ValueError(
                f"No {what}images found in directory {directory}. "
                f"Allowed formats: {ALLOWLIST_FORMATS}"
            )
        ds = _paths_and_labels_to_dataset(
            part_paths,
            part_labels,
            label_mode,
            len(class_names or ()),
            loader,
            shuffled,
            buffer_size,
            seed,
        )
        if batch_size is not None:
            ds = ds.batch(batch_size)
        ds = ds.prefetch(AUTOTUNE)
        ds.class_names, ds.file_paths = class_names, part_paths
        return ds

    if subset == "both":
        return [build("training", shuffle), build("validation", False)]
    return build(subset, shuffle)


def _paths_and_labels_to_dataset(
    paths, labels, label_mode, num_classes, loader, shuffle, buffer_size, seed
):
    rows = Dataset.from_tensor_slices(np.arange(len(paths), dtype=np.int64))
    if label_mode:
        rows = Dataset.zip(
            rows, Dataset.from_tensor_slices(encode_labels(labels, label_mode, num_classes))
        )
    if shuffle:
        rows = rows.shuffle(buffer_size=buffer_size, seed=seed)

    def load(row, *label):
        image = loader(paths[int(row)])
        return (image, label[0]) if label else image

    return rows.map(load, num_parallel_calls=AUTOTUNE)


class _ImageLoader:
    """Decodes one file into a float32 image of `image_size` (uint8 for "nearest")."""

    def __init__(
        self,
        image_module,
        image_size,
        channels,
        interpolation,
        data_format,
        crop_to_aspect_ratio,
        pad_to_aspect_ratio,
    ):
        self.image_module = image_module
        self.size = tuple(int(s) for s in image_size)
        self.channels = channels
        self.interpolation = interpolation
        self.channels_first = data_format == "channels_first"
        self.crop = crop_to_aspect_ratio
        self.pad = pad_to_aspect_ratio

    def __call__(self, path):
        with self.image_module.open(path) as img:
            mode = {1: "L", 3: "RGB", 4: "RGBA"}[self.channels]
            pixels = np.asarray(img.convert(mode) if img.mode != mode else img)
        if pixels.ndim == 2:
            pixels = pixels[:, :, None]
        height, width = self.size
        if self.crop:
            pixels = _crop_to_aspect_ratio(pixels, height, width)
            out = self._resize(pixels, height, width)
        elif self.pad:
            out = self._resize_with_pad(pixels, height, width)
        else:
            out = self._resize(pixels, height, width)
        if self.channels_first:
            out = np.ascontiguousarray(out.transpose(2, 0, 1))
        return _core.convert_to_tensor(out)

    def _resize(self, pixels, height, width):
        if self.interpolation == "bilinear":
            return resize_bilinear(pixels, height, width)
        if self.interpolation == "nearest":
            return resize_nearest(pixels, height, width)
        resample = getattr(self.image_module.Resampling, _PIL_FILTERS[self.interpolation])
        channels = [
            np.asarray(
                self.image_module.fromarray(pixels[:, :, c].astype(np.float32)).resize(
                    (width, height), resample
                )
            )
            for c in range(pixels.shape[2])
        ]
        return np.stack(channels, axis=-1).astype(np.float32)

    def _resize_with_pad(self, pixels, height, width):
        """`tf.image.resize_with_pad`: the largest resize that fits, centred on zeros."""
        h, w = pixels.shape[:2]
        ratio = max(w / width, h / height)
        new_h, new_w = int(np.floor(h / ratio)), int(np.floor(w / ratio))
        top, left = max((height - new_h) // 2, 0), max((width - new_w) // 2, 0)
        resized = self._resize(pixels, new_h, new_w)
        out = np.zeros((height, width, pixels.shape[2]), dtype=resized.dtype)
        out[top : top + new_h, left : left + new_w] = resized
        return out


def _crop_to_aspect_ratio(pixels, height, width):
    """Keras's `smart_resize` crop: the largest centred window of the target aspect ratio."""
    h, w = pixels.shape[:2]
    crop_h = min(h, int(float(w * height) / width))
    crop_w = min(w, int(float(h * width) / height))
    top, left = int(float(h - crop_h) / 2), int(float(w - crop_w) / 2)
    return pixels[top : top + crop_h, left : left + crop_w]


def _bilinear_weights(in_size, out_size):
    # TensorFlow's half-pixel centres: source x = (i + 0.5) * scale - 0.5, clamped at the
    # edges; the weight of the upper neighbour is the fractional part.
    scale = np.float32(in_size / out_size)
    x = (np.arange(out_size, dtype=np.float32) + np.float32(0.5)) * scale - np.float32(0.5)
    floor = np.floor(x)
    lower = np.maximum(floor, 0).astype(np.int64)
    upper = np.minimum(np.ceil(x), in_size - 1).astype(np.int64)
    return lower, upper, (x - floor).astype(np.float32)


def resize_bilinear(pixels, height, width):
    """`tf.image.resize(images, (height, width), "bilinear")` of one HWC image (float32)."""
    img = pixels.astype(np.float32)
    y0, y1, wy = _bilinear_weights(img.shape[0], height)
    x0, x1, wx = _bilinear_weights(img.shape[1], width)
    wx = wx[None, :, None]
    top = img[y0][:, x0] + (img[y0][:, x1] - img[y0][:, x0]) * wx
    bottom = img[y1][:, x0] + (img[y1][:, x1] - img[y1][:, x0]) * wx
    return top + (bottom - top) * wy[:, None, None]


def resize_nearest(pixels, height, width):
    """`tf.image.resize(images, (height, width), "nearest")`: source index
    floor((i + 0.5) * scale), the image's dtype kept."""
    rows = np.minimum(
        np.floor((np.arange(height) + 0.5) * (pixels.shape[0] / height)), pixels.shape[0] - 1
    ).astype(np.int64)
    cols = np.minimum(
        np.floor((np.arange(width) + 0.5) * (pixels.shape[1] / width)), pixels.shape[1] - 1
    ).astype(np.int64)
    return np.ascontiguousarray(pixels[rows][:, cols])
