"""Pooling layers (`keras.layers.MaxPooling2D` and its family)."""
