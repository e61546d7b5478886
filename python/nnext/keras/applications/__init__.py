"""Keras's `keras.applications`: the ImageNet image classifiers, built from `nnext.keras`
layers with Keras's layer names, so Keras's weight files load into them.

    from nnext.keras import applications
    model = applications.ResNet50(weights=None, input_shape=(64, 64, 3), include_top=False)
"""

from nnext.keras.applications import (
    densenet,
    efficientnet,
    imagenet_utils,
    mobilenet,
    mobilenet_v2,
    resnet,
    resnet50,
    resnet_v2,
    vgg16,
    vgg19,
    xception,
)
from nnext.keras.applications.densenet import DenseNet121, DenseNet169, DenseNet201
from nnext.keras.applications.efficientnet import (
    EfficientNetB0,
    EfficientNetB1,
    EfficientNetB2,
    EfficientNetB3,
    EfficientNetB4,
    EfficientNetB5,
    EfficientNetB6,
    EfficientNetB7,
)
from nnext.keras.applications.mobilenet import MobileNet
from nnext.keras.applications.mobilenet_v2 import MobileNetV2
from nnext.keras.applications.resnet import ResNet50, ResNet101, ResNet152
from nnext.keras.applications.resnet_v2 import ResNet50V2, ResNet101V2, ResNet152V2
from nnext.keras.applications.vgg16 import VGG16
from nnext.keras.applications.vgg19 import VGG19
from nnext.keras.applications.xception import Xception

__all__ = [
    "VGG16",
    "VGG19",
    "DenseNet121",
    "DenseNet169",
    "DenseNet201",
    "EfficientNetB0",
    "EfficientNetB1",
    "EfficientNetB2",
    "EfficientNetB3",
    "EfficientNetB4",
    "EfficientNetB5",
    "EfficientNetB6",
    "EfficientNetB7",
    "MobileNet",
    "MobileNetV2",
    "ResNet50",
    "ResNet50V2",
    "ResNet101",
    "ResNet101V2",
    "ResNet152",
    "ResNet152V2",
    "Xception",
    "densenet",
    "efficientnet",
    "imagenet_utils",
    "mobilenet",
    "mobilenet_v2",
    "resnet",
    "resnet50",
    "resnet_v2",
    "vgg16",
    "vgg19",
    "xception",
]
