"""Convolution layers (`keras.layers.Conv2D` and its family)."""
