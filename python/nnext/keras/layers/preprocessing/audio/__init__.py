"""Audio preprocessing layers: `MelSpectrogram` and `STFTSpectrogram`."""

from nnext.keras.layers.preprocessing.audio.mel_spectrogram import MelSpectrogram
from nnext.keras.layers.preprocessing.audio.stft_spectrogram import STFTSpectrogram

__all__ = ["MelSpectrogram", "STFTSpectrogram"]
