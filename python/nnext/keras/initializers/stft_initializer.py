"""`STFT`: the windowed DFT kernels of `STFTSpectrogram` (Keras's `keras.initializers.STFT`).

The kernel is `cos` (or `sin`) of `-2 pi t f / fft_length` for each time tap `t` and
frequency bin `f`, times the window, divided by the window's L2 norm ('density') or sum
('spectrum'). Hann and Hamming windows are computed here (symmetric, or periodic with
`periodic=True`, as `scipy.signal.get_window`); other window names need SciPy, imported
only then.
"""

import numpy as np

from nnext import creation
from nnext.keras.initializers.initializer import Initializer

_COSINE_WINDOWS = {"hann": 0.5, "hamming": 0.54}


def window_values(window, length, periodic):
    """`scipy.signal.get_window(window, length, fftbins=periodic)` as float64."""
    if window in _COSINE_WINDOWS:
        a0 = _COSINE_WINDOWS[window]
        if length == 1:
            return np.ones(1)
        period = length if periodic else length - 1
        return a0 - (1.0 - a0) * np.cos(2.0 * np.pi * np.arange(length) / period)
    try:
        from scipy import signal
    except ImportError:
        raise ValueError(
            f"The window {window!r} needs SciPy (pip install scipy); 'hann' and 'hamming' do not."
        ) from None
    return np.asarray(signal.get_window(window, length, periodic), dtype=np.float64)


class STFT(Initializer):
    """Initializes a (frame_length, input_channels, fft_bins) kernel with the real or
    imaginary part of the windowed DFT.

    Args:
        side: 'real' (cosines) or 'imag' (sines).
        window: a window name, an array of `frame_length` values, or None.
        scaling: 'density', 'spectrum' or None.
        periodic: a periodic window (else symmetric).
    """

    def __init__(self, side="real", window="hann", scaling="density", periodic=False):
        if side not in ("real", "imag"):
            raise ValueError(f"side should be 'real' or 'imag', not {side}")
        if isinstance(window, str):
            window_values(window, 1, periodic)
        if scaling is not None and scaling not in ("density", "spectrum"):
            raise ValueError(
                "Scaling is invalid, it must be `None`, 'density' or 'spectrum'. "
                f"Received scaling={scaling}"
            )
        self.side = side
        self.window = window
        self.scaling = scaling
        self.periodic = periodic

    def __call__(self, shape, dtype=None):
        # In the kernel's dtype, in Keras's order of operations: the sines of the DC and
        # Nyquist bins round as Keras's do (which the 'angle' mode is sensitive to).
        dtype = np.dtype(dtype or "float32")
        frame_length, _, bins = shape
        freq = np.arange(bins, dtype=dtype).reshape(1, 1, bins) / dtype.type((bins - 1) * 2)
        time = np.arange(frame_length, dtype=dtype).reshape(frame_length, 1, 1)
        args = (dtype.type(-2) * time) * freq * np.arccos(dtype.type(-1))
        kernel = np.cos(args) if self.side == "real" else np.sin(args)
        if self.window is not None:
            win = (
                window_values(self.window, frame_length, self.periodic)
                if isinstance(self.window, str)
                else np.asarray(self.window)
            )
            win = win.astype(dtype)
            if win.ndim != 1 or win.shape[-1] != frame_length:
                raise ValueError(
                    "The shape of `window` must be equal to [frame_length].Received: window "
                    f"shape={win.shape}"
                )
            win = win.reshape(frame_length, 1, 1)
            scale = dtype.type(1)
            if self.scaling == "density":
                scale = np.sqrt(np.sum(np.square(win)))
            elif self.scaling == "spectrum":
                scale = np.sum(np.abs(win))
            kernel = kernel * win / scale
        # (frame_length, 1, bins) whatever the input channels, as Keras's.
        return creation.convert_to_tensor(np.ascontiguousarray(kernel.astype(dtype)))

    def get_config(self):
        return {
            "side": self.side,
            "window": self.window,
            "periodic": self.periodic,
            "scaling": self.scaling,
        }
