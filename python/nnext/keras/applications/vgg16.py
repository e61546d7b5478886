"""Keras's `keras.applications.vgg16`: VGG16 (13 convolutions, 3 dense layers)."""

from nnext.keras.applications import _vgg, imagenet_utils

__all__ = ["VGG16", "decode_predictions", "preprocess_input"]


def VGG16(
    include_top=True,
    weights="imagenet",
    input_tensor=None,
    input_shape=None,
    pooling=None,
    classes=1000,
    classifier_activation="softmax",
    name="vgg16",
):
    """Instantiates the VGG16 architecture (arguments as `resnet.ResNet50`; inputs expect
    `vgg16.preprocess_input`, 'caffe')."""
    return _vgg.vgg(
        (2, 2, 3, 3, 3),
        "vgg16",
        ("64373286793e3c8b2b4e3219cbf3544b", "6d6bbae143d832006294945121d1f1fc"),
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
