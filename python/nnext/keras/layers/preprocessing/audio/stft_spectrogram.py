"""`STFTSpectrogram`: multichannel signals to spectrograms by a strided convolution with
the windowed DFT kernels (`initializers.STFT`), as Keras computes it (so the kernels are
weights: saved, and trainable if the user wishes)."""

import math

from nnext.keras import config, initializers, ops
from nnext.keras.initializers.stft_initializer import window_values
from nnext.keras.layers.input_spec import InputSpec
from nnext.keras.layers.layer import Layer

_MODES = ["log", "magnitude", "psd", "real", "imag", "angle", "stft"]


class STFTSpectrogram(Layer):
    """Computes the short-time Fourier transform of (batch, time, channels) signals
    ('channels_last') or (batch, channels, time).

    Args:
        mode: 'log' (log magnitude), 'magnitude', 'psd' (power, one-sided), 'real', 'imag',
            'angle', or 'stft' (real and imaginary parts side by side).
        frame_length: the window length; frame_step: the hop (default frame_length // 2).
        fft_length: the DFT size (default: the next power of two).
        window: a window name or array, or None; periodic: a periodic window.
        scaling: 'density', 'spectrum' or None.
        padding: 'valid' or 'same'.
        expand_dims: keep the channels as their own axis.
        data_format: 'channels_last' or 'channels_first'.
    """

    def __init__(
        self,
        mode="log",
        frame_length=256,
        frame_step=None,
        fft_length=None,
        window="hann",
        periodic=False,
        scaling="density",
        padding="valid",
        expand_dims=False,
        data_format=None,
        **kwargs,
    ):
        if frame_step is not None and (frame_step > frame_length or frame_step < 1):
            raise ValueError(
                "`frame_step` should be a positive integer not greater than `frame_length`. "
                f"Received frame_step={frame_step}, frame_length={frame_length}"
            )
        if fft_length is not None and fft_length < frame_length:
            raise ValueError(
                "`fft_length` should be not less than `frame_length`. Received "
                f"fft_length={fft_length}, frame_length={frame_length}"
            )
        if mode not in _MODES:
            raise ValueError(
                f"Output mode is invalid, it must be one of {', '.join(_MODES)}. "
                f"Received: mode={mode}"
            )
        if scaling is not None and scaling not in ("density", "spectrum"):
            raise ValueError(
                "Scaling is invalid, it must be `None`, 'density' or 'spectrum'. Received "
                f"scaling={scaling}"
            )
        if padding not in ("valid", "same"):
            raise ValueError(
                f"Padding is invalid, it should be 'valid', 'same'. Received: padding={padding}"
            )
        if isinstance(window, str):
            window_values(window, 1, periodic)
        super().__init__(**kwargs)
        self.mode = mode
        self.frame_length = frame_length
        self.frame_step = frame_step
        self._frame_step = frame_step or frame_length // 2
        self.fft_length = fft_length
        self._fft_length = fft_length or 2 ** math.ceil(math.log2(frame_length))
        self.window = window
        self.periodic = periodic
        self.scaling = scaling
        self.padding = padding
        self.expand_dims = expand_dims
        self.data_format = config.standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=3)

    def build(self, input_shape):
        shape = (self.frame_length, 1, self._fft_length // 2 + 1)
        if self.mode != "imag":
            self.real_kernel = self.add_weight(
                name="real_kernel",
                shape=shape,
                initializer=initializers.STFT("real", self.window, self.scaling, self.periodic),
            )
        if self.mode != "real":
            self.imag_kernel = self.add_weight(
                name="imag_kernel",
                shape=shape,
                initializer=initializers.STFT("imag", self.window, self.scaling, self.periodic),
            )

    def _apply_conv(self, inputs, kernel):
        last = self.data_format == "channels_last"
        if last:
            _, time, channels = inputs.shape
            inputs = ops.reshape(ops.transpose(inputs, [0, 2, 1]), [-1, time, 1])
        else:
            _, channels, time = inputs.shape
            inputs = ops.reshape(inputs, [-1, 1, time])
        outputs = ops.conv(
            inputs,
            ops.cast(kernel, inputs.dtype),
            strides=self._frame_step,
            padding=self.padding,
            data_format=self.data_format,
        )
        if last:
            _, frames, bins = outputs.shape
            outputs = ops.transpose(outputs, [0, 2, 1])
        else:
            _, bins, frames = outputs.shape
        return ops.reshape(outputs, [-1, channels, bins, frames])

    def _adjust_shapes(self, outputs):
        _, channels, bins, frames = outputs.shape
        if self.data_format == "channels_last":
            if self.expand_dims:
                return ops.transpose(outputs, [0, 3, 2, 1])
            return ops.transpose(ops.reshape(outputs, [-1, channels * bins, frames]), [0, 2, 1])
        if self.expand_dims:
            return ops.transpose(outputs, [0, 1, 3, 2])
        return ops.reshape(outputs, [-1, channels * bins, frames])

    def call(self, inputs):
        if not inputs.dtype.is_floating:
            raise TypeError(
                "Invalid input type. Expected `float16`, `float32` or `float64`. Received: "
                f"input type={inputs.dtype.name}"
            )
        real = self._apply_conv(inputs, self.real_kernel) if self.mode != "imag" else None
        imag = self._apply_conv(inputs, self.imag_kernel) if self.mode != "real" else None
        if self.mode == "real":
            return self._adjust_shapes(real)
        if self.mode == "imag":
            return self._adjust_shapes(imag)
        if self.mode == "angle":
            return self._adjust_shapes(ops.arctan2(imag, real))
        if self.mode == "stft":
            return self._adjust_shapes(ops.concatenate([real, imag], axis=2))
        power = ops.square(real) + ops.square(imag)
        if self.mode == "psd":
            inner = ops.pad(power[:, :, 1:-1, :], [[0, 0], [0, 0], [1, 1], [0, 0]])
            return self._adjust_shapes(power + inner)
        linear = self._adjust_shapes(ops.sqrt(ops.maximum(power, config.epsilon())))
        if self.mode == "magnitude":
            return linear
        return ops.log(ops.maximum(linear, config.epsilon()))

    def compute_output_shape(self, input_shape):
        last = self.data_format == "channels_last"
        batch = input_shape[0]
        channels = input_shape[-1] if last else input_shape[1]
        time = input_shape[1] if last else input_shape[2]
        bins = self._fft_length // 2 + 1
        if self.mode == "stft":
            bins *= 2
        frames = None
        if time is not None:
            if self.padding == "valid":
                frames = (time - self.frame_length) // self._frame_step + 1
            else:
                frames = -(-time // self._frame_step)
        if self.expand_dims:
            return (batch, frames, bins, channels) if last else (batch, channels, frames, bins)
        features = None if channels is None else bins * channels
        return (batch, frames, features) if last else (batch, features, frames)

    def get_config(self):
        return {
            **super().get_config(),
            "mode": self.mode,
            "frame_length": self.frame_length,
            "frame_step": self.frame_step,
            "fft_length": self.fft_length,
            "window": self.window,
            "periodic": self.periodic,
            "scaling": self.scaling,
            "padding": self.padding,
            "data_format": self.data_format,
            "expand_dims": self.expand_dims,
        }
