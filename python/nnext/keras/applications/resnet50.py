"""Keras's `keras.applications.resnet50`: ResNet50 alone, from `resnet`."""

from nnext.keras.applications.resnet import ResNet50, decode_predictions, preprocess_input

__all__ = ["ResNet50", "decode_predictions", "preprocess_input"]
