"""``tf.signal``: the real-valued part of TensorFlow's signal processing.

Provided, with TensorFlow 2.21's names, arguments, defaults, formulas and errors:

- framing: ``frame``, ``overlap_and_add`` (differentiable gathers);
- windows: ``hann_window``, ``hamming_window``, ``kaiser_window``,
  ``kaiser_bessel_derived_window``, ``vorbis_window``;
- the mel scale: ``linear_to_mel_weight_matrix``, ``mfccs_from_log_mel_spectrograms``;
- cosine transforms: ``dct``, ``idct`` (types I-IV, 'ortho'; a matmul with the cosine
  matrix, so differentiable), ``mdct``, ``inverse_mdct``;
- ``fftshift``, ``ifftshift`` (rolls, valid for any real tensor).

Not provided: everything that returns or takes complex tensors, since nnext has no complex
dtype: ``fft``, ``fft2d``, ``fft3d``, ``ifft``, ``ifft2d``, ``ifft3d``,
``rfft``, ``rfft2d``, ``rfft3d``, ``irfft``, ``irfft2d``, ``irfft3d``, ``stft``,
``inverse_stft`` and ``inverse_stft_window_fn`` (only useful with ``inverse_stft``).
``nnext.keras.ops`` has ``fft``, ``rfft``, ``stft`` and ``istft`` on (real, imaginary) pairs
of real tensors, as Keras defines them. TensorFlow's
``hertz_to_mel``/``mel_to_hertz`` are private there and are not exported here either.
"""

from nnext.signal.dct_ops import dct, idct
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
    "fftshift",
    "frame",
    "hamming_window",
    "hann_window",
    "idct",
    "ifftshift",
    "inverse_mdct",
    "kaiser_bessel_derived_window",
    "kaiser_window",
    "linear_to_mel_weight_matrix",
    "mdct",
    "mfccs_from_log_mel_spectrograms",
    "overlap_and_add",
    "vorbis_window",
]
