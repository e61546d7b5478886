"""Keras's `keras.applications.vgg19`: VGG19 (16 convolutions, 3 dense layers)."""

from nnext.keras.applications import _vgg, imagenet_utils

__all__ = ["VGG19", "decode_predictions", "preprocess_input"]


def VGG19(
    include_top=True,
    weights="imagenet",
    input_tensor=None,
    input_shape=None,
    pooling=None,
    classes=1000,
    classifier_activation="softmax",
    name="vgg19",
):
    """Instantiates the VGG19 architecture (arguments as `resnet.ResNet50`; inputs expect
    `vgg19.preprocess_input`, 'caffe')."""
    return _vgg.vgg(
        (2, 2, 4, 4, 4),
        "vgg19",
        ("cbe5617147190e668d6c5d5026f83318", "253f8cb515780f3b799900260a226db6"),
        include_top,
        weights,
        input_tensor,
        input_shape,
        pooling,
        classes,
        classifier_activation,
        name,
    )


def preprocess_input(x, data_format=None):
    """ImageNet 'caffe' preprocessing: RGB to BGR, then each channel's mean subtracted."""
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="caffe")


def decode_predictions(preds, top=5):
    """The `top` ImageNet classes of each prediction (see `imagenet_utils`)."""
    return imagenet_utils.decode_predictions(preds, top=top)
