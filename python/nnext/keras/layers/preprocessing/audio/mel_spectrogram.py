"""`MelSpectrogram`: audio signals to (log-)mel spectrograms."""

import numpy as np

from nnext import _core
from nnext.keras import ops
from nnext.keras.layers.layer import Layer
from nnext.signal.mel_ops import mel_weight_matrix_numpy


class MelSpectrogram(Layer):
    """Converts signals (batch, samples) or (samples,) to mel spectrograms
    (batch, num_mel_bins, frames): a centred STFT, `|X| ** mag_exp`, the mel filter bank,
    and (with `power_to_db`) decibels relative to `ref_power`, clipped `top_db` below the
    batch's maximum.

    Args:
        fft_length, sequence_stride, sequence_length, window: the STFT's
            (`sequence_length` defaults to `fft_length`; `window` is 'hann', 'hamming' or None).
        sampling_rate, num_mel_bins, min_freq, max_freq (default `sampling_rate / 2`): the
            mel filters'.
        power_to_db, top_db, mag_exp, min_power, ref_power: the decibel scaling.
    """

    def __init__(
        self,
        fft_length=2048,
        sequence_stride=512,
        sequence_length=None,
        window="hann",
        sampling_rate=16000,
        num_mel_bins=128,
        min_freq=20.0,
        max_freq=None,
        power_to_db=True,
        top_db=80.0,
        mag_exp=2.0,
        min_power=1e-10,
        ref_power=1.0,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.fft_length = fft_length
        self.sequence_stride = sequence_stride
        self.sequence_length = sequence_length or fft_length
        if self.fft_length < self.sequence_length:
            raise ValueError(
                "`fft_length` must be greater than or equal to   `sequence_length`. "
                f"Received: `sequence_length`={self.sequence_length}, "
                f"`fft_length`={self.fft_length}."
            )
        self.window = window
        self.sampling_rate = sampling_rate
        self.num_mel_bins = num_mel_bins
        self.min_freq = min_freq
        self.max_freq = max_freq or int(sampling_rate / 2)
        self.power_to_db = power_to_db
        self.top_db = top_db
        self.mag_exp = mag_exp
        self.min_power = min_power
        self.ref_power = ref_power
        self.built = True

    def call(self, inputs):
        dtype = self.compute_dtype if self.compute_dtype in ("float32", "float64") else "float32"
        inputs = ops.convert_to_tensor(inputs, dtype=dtype)
        real, imag = ops.stft(
            inputs,
            self.sequence_length,
            self.sequence_stride,
            self.fft_length,
            window=self.window,
            center=True,
        )
        spec = ops.power(ops.sqrt(ops.square(real) + ops.square(imag)), self.mag_exp)
        matrix = mel_weight_matrix_numpy(
            self.num_mel_bins,
            spec.shape[-1],
            self.sampling_rate,
            self.min_freq,
            self.max_freq,
            dtype=dtype,
        )
        outputs = ops.tensordot(spec, _core.convert_to_tensor(matrix), axes=1)
        if self.power_to_db:
            outputs = self._dbscale(outputs)
        return ops.cast(ops.swapaxes(outputs, -1, -2), self.compute_dtype)

    def _dbscale(self, inputs):
        log_spec = 10.0 * ops.log10(ops.maximum(inputs, self.min_power))
        log_spec = log_spec - 10.0 * np.log10(max(abs(self.ref_power), self.min_power))
        return ops.maximum(log_spec, ops.max(log_spec) - self.top_db)

    def compute_output_shape(self, input_shape):
        time = input_shape[-1]
        frames = (time + self.sequence_stride + 1) // self.sequence_stride if time else None
        if len(input_shape) == 1:
            return (self.num_mel_bins, frames)
        return (input_shape[0], self.num_mel_bins, frames)

    def get_config(self):
        return {
            **super().get_config(),
            "fft_length": self.fft_length,
            "sequence_stride": self.sequence_stride,
            "sequence_length": self.sequence_length,
            "window": self.window,
            "sampling_rate": self.sampling_rate,
            "num_mel_bins": self.num_mel_bins,
            "min_freq": self.min_freq,
            "max_freq": self.max_freq,
            "power_to_db": self.power_to_db,
            "top_db": self.top_db,
            "mag_exp": self.mag_exp,
            "min_power": self.min_power,
            "ref_power": self.ref_power,
        }
