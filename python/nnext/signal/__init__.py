"""``tf.signal``: TensorFlow's signal processing.

Provided, with TensorFlow 2.21's names, arguments, defaults, formulas and errors:

- framing: ``frame``, ``overlap_and_add`` (differentiable gathers);
- windows: ``hann_window``, ``hamming_window``, ``kaiser_window``,
  ``kaiser_bessel_derived_window``, ``vorbis_window``;
- the mel scale: ``linear_to_mel_weight_matrix``, ``mfccs_from_log_mel_spectrograms``;
- cosine transforms: ``dct``, ``idct`` (types I-IV, 'ortho'; a matmul with the cosine
  matrix, so differentiable), ``mdct``, ``inverse_mdct``;
- ``fftshift``, ``ifftshift`` (rolls, valid for any real tensor);
- Fourier transforms on complex tensors: ``fft``, ``ifft``, ``fft2d``, ``ifft2d``, ``rfft``,
  ``irfft``, ``rfft2d``, ``irfft2d``, ``stft``, ``inverse_stft``, ``inverse_stft_window_fn``
  (DFT-matrix products; no gradients through complex tensors).

Not provided: ``fft3d``, ``ifft3d``, ``rfft3d`` and ``irfft3d``. ``nnext.keras.ops`` has ``fft``, ``rfft``, ``stft`` and ``istft`` on (real, imaginary) pairs
of real tensors, as Keras defines them. TensorFlow's
``hertz_to_mel``/``mel_to_hertz`` are private there and are not exported here either.
"""

from nnext.signal.dct_ops import dct, idct
from nnext.signal.fft_ops import (
    fft,
    fft2d,
    ifft,
    ifft2d,
    inverse_stft,
    inverse_stft_window_fn,
    irfft,
    irfft2d,
    rfft,
    rfft2d,
    stft,
)
from nnext.signal.mdct_ops import inverse_mdct, mdct
from nnext.signal.mel_ops import linear_to_mel_weight_matrix, mfccs_from_log_mel_spectrograms
from nnext.signal.shape_ops import fftshift, frame, ifftshift, overlap_and_add
from nnext.signal.window_ops import (
    hamming_window,
    hann_window,
    kaiser_bessel_derived_window,
    kaiser_window,
    vorbis_window,
)

__all__ = [
    "dct",
    "fft",
    "fft2d",
    "fftshift",
    "frame",
    "hamming_window",
    "hann_window",
    "idct",
    "ifft",
    "ifft2d",
    "ifftshift",
    "inverse_mdct",
    "inverse_stft",
    "inverse_stft_window_fn",
    "irfft",
    "irfft2d",
    "kaiser_bessel_derived_window",
    "kaiser_window",
    "linear_to_mel_weight_matrix",
    "mdct",
    "mfccs_from_log_mel_spectrograms",
    "overlap_and_add",
    "rfft",
    "rfft2d",
    "stft",
    "vorbis_window",
]
