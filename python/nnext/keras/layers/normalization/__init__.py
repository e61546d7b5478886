"""Normalization layers: batch, layer, group, unit and RMS normalization."""

from nnext.keras.layers.normalization.batch_normalization import BatchNormalization
from nnext.keras.layers.normalization.group_normalization import GroupNormalization
from nnext.keras.layers.normalization.layer_normalization import LayerNormalization
from nnext.keras.layers.normalization.rms_normalization import RMSNormalization
from nnext.keras.layers.normalization.spectral_normalization import SpectralNormalization
from nnext.keras.layers.normalization.unit_normalization import UnitNormalization

__all__ = [
    "BatchNormalization",
    "GroupNormalization",
    "LayerNormalization",
    "RMSNormalization",
    "SpectralNormalization",
    "UnitNormalization",
]
