"""`tf.audio`: `decode_wav` and `encode_wav`, TensorFlow's 16-bit PCM WAV codec.

A WAV file's bytes are a scalar string tensor (`tf.io.read_file`). Samples are float32 in
[-1, 1): TensorFlow divides each 16-bit sample by 32768 when decoding and, when encoding,
multiplies by 32768, rounds and clamps to the 16-bit range. The header is read as
TensorFlow's wav_io reads it (RIFF/WAVE, a 16- or 18-byte `fmt ` chunk of PCM, other chunks
skipped, one `data` chunk), with its InvalidArgumentError messages; the samples convert
in one NumPy step.
"""

import struct

import numpy as np

from nnext import _core, dtypes, string_tensor
from nnext.errors import InvalidArgumentError

__all__ = ["decode_wav", "encode_wav"]

_INT32_MAX = 2**31 - 1


class _Reader:
    """Reads little-endian fields from the front of `data` with wav_io's checks."""

    def __init__(self, data):
        self.data = data
        self.offset = 0

    def take(self, count):
        end = self.offset + count
        if end > len(self.data):
            raise InvalidArgumentError("Data too short when trying to read string")
        piece = self.data[self.offset : end]
        self.offset = end
        return piece

    def value(self, form):
        return struct.unpack("<" + form, self.take(struct.calcsize(form)))[0]

    def expect(self, text):
        found = self.take(len(text))
        if found != text:
            raise InvalidArgumentError(
                f"Header mismatch: Expected {text.decode()} but found {found.decode('latin-1')}"
            )


def _parse(data):
    """(int16 samples as [frames, channels], sample_rate) of a 16-bit PCM WAV file."""
    reader = _Reader(data)
    reader.expect(b"RIFF")
    reader.value("I")  # the file size, which TensorFlow does not check
    reader.expect(b"WAVE")
    reader.expect(b"fmt ")
    format_size = reader.value("I")
    if format_size not in (16, 18):
        raise InvalidArgumentError(
            f"Bad file size for WAV: Expected 16 or 18, but got{format_size}"
        )
    audio_format = reader.value("H")
    if audio_format != 1:
        raise InvalidArgumentError(
            f"Bad audio format for WAV: Expected 1 (PCM), but got{audio_format}"
        )
    channels = reader.value("H")
    if channels < 1:
        raise InvalidArgumentError(
            f"Bad number of channels for WAV: Expected at least 1, but got {channels}"
        )
    sample_rate = reader.value("I")
    bytes_per_second = reader.value("I")
    bytes_per_frame = reader.value("H")
    bits = reader.value("H")
    if bits != 16:
        raise InvalidArgumentError(f"Can only read 16-bit WAV files, but received {bits}")
    expected_frame = (bits * channels + 7) // 8
    if bytes_per_frame != expected_frame:
        raise InvalidArgumentError(
            f"Bad bytes per sample in WAV header: Expected {expected_frame} but got "
            f"{bytes_per_frame}"
        )
    if bytes_per_second != bytes_per_frame * sample_rate:
        raise InvalidArgumentError(
            f"Bad bytes per second in WAV header: Expected {bytes_per_frame * sample_rate} "
            f"but got {bytes_per_second} (sample_rate={sample_rate}, "
            f"bytes_per_sample={bytes_per_frame})"
        )
    if format_size == 18:
        reader.offset += 2
    samples = None
    while reader.offset < len(data):
        chunk_id = reader.take(4)
        chunk_size = reader.value("I")
        if chunk_size > _INT32_MAX:
            raise InvalidArgumentError(
                f"WAV data chunk '{chunk_id.decode('latin-1')}' is too large: {chunk_size} "
                f"bytes, but the limit is {_INT32_MAX}"
            )
        if chunk_id != b"data":
            reader.offset += chunk_size
            continue
        if samples is not None:
            raise InvalidArgumentError("More than one data chunk found in WAV")
        frames = chunk_size // bytes_per_frame
        raw = reader.take(2 * frames * channels)
        samples = np.frombuffer(raw, dtype="<i2").reshape(frames, channels)
    if samples is None:
        raise InvalidArgumentError("No data chunk found in WAV")
    return samples, sample_rate


def _scalar_bytes(contents):
    values = string_tensor.as_values(contents)
    if values.ndim != 0:
        raise InvalidArgumentError(f"contents must be scalar, got shape {list(values.shape)}")
    return values[()]


def decode_wav(contents, desired_channels=-1, desired_samples=-1, name=None):
    """Decodes a 16-bit PCM WAV file into float32 samples in [-1, 1).

    Args:
        contents: the file's bytes, a scalar string tensor (or bytes).
        desired_channels: the number of channels to return (-1: the file's); channels
            the file lacks repeat its last one, extra ones are dropped.
        desired_samples: the number of frames to return (-1: the file's); missing frames
            are zeros, extra ones are dropped.

    Returns:
        ``(audio, sample_rate)``: a float32 ``[frames, channels]`` tensor and a scalar
        int32 tensor (a namedtuple-like pair with ``.audio`` and ``.sample_rate``).

    Example:
        >>> wav = nnext.audio.encode_wav(nnext.constant([[0.5], [-0.25]]), 8000)
        >>> audio, rate = nnext.audio.decode_wav(wav)
        >>> audio.numpy().ravel(), int(rate)
        (array([ 0.5 , -0.25], dtype=float32), 8000)
    """
    samples, sample_rate = _parse(_scalar_bytes(contents))
    frames, channels = samples.shape
    want_frames = frames if desired_samples == -1 else int(desired_samples)
    want_channels = channels if desired_channels == -1 else int(desired_channels)
    if want_frames < 0 or want_channels < 0:
        raise InvalidArgumentError(
            f"desired_samples and desired_channels must be -1 or >= 0, got "
            f"{desired_samples} and {desired_channels}"
        )
    source = np.minimum(np.arange(want_channels), channels - 1)
    audio = np.zeros((want_frames, want_channels), np.float32)
    kept = min(frames, want_frames)
    audio[:kept] = samples[:kept][:, source] * np.float32(1.0 / 32768)
    return _DecodedWav(
        _core.convert_to_tensor(audio), _core.convert_to_tensor(np.int32(sample_rate))
    )


class _DecodedWav(tuple):
    """TensorFlow's DecodeWav output: `(audio, sample_rate)` with those attribute names."""

    def __new__(cls, audio, sample_rate):
        return super().__new__(cls, (audio, sample_rate))

    audio = property(lambda self: self[0])
    sample_rate = property(lambda self: self[1])


def encode_wav(audio, sample_rate, name=None):
    """Encodes float32 samples ``[frames, channels]`` as a 16-bit PCM WAV file.

    Args:
        audio: float32 samples, nominally in [-1, 1] (values beyond clamp).
        sample_rate: a scalar int32 (tensor or int), in (0, 2^32).

    Returns:
        A scalar string tensor of the file's bytes (`tf.io.write_file` writes it).
    """
    audio = (
        audio if isinstance(audio, _core.Tensor) else _core.convert_to_tensor(audio, dtypes.float32)
    )
    if audio.dtype != dtypes.float32:
        raise InvalidArgumentError(
            f"cannot compute EncodeWav as input #0(zero-based) was expected to be a float "
            f"tensor but is a {audio.dtype.name} tensor"
        )
    values = audio.numpy()
    if values.ndim != 2:
        raise InvalidArgumentError(
            f"audio must be 2-dimensional (frames x channels), got shape {list(values.shape)}"
        )
    rate = np.asarray(sample_rate.numpy() if isinstance(sample_rate, _core.Tensor) else sample_rate)
    if rate.ndim != 0:
        raise InvalidArgumentError(
            f"Input sample_rate should be a scalar tensor, got {list(rate.shape)} instead."
        )
    rate = int(rate)
    frames, channels = values.shape
    if not 0 < rate < 2**32:
        raise InvalidArgumentError(f"sample_rate must be in (0, 2^32), got: {rate}")
    if not 0 < channels < 2**16:
        raise InvalidArgumentError(f"num_channels must be in (0, 2^16), got: {channels}")
    if frames == 0:
        raise InvalidArgumentError("num_frames must be positive.")
    data_size = 2 * frames * channels
    if 44 + data_size > 2**32 - 1:
        raise InvalidArgumentError("Provided channels and frames cannot be encoded as a WAV.")
    # Scaling by 2^15 is exact; TensorFlow's roundf rounds halves away from zero.
    scaled = np.nan_to_num(values.astype(np.float64) * 32768)
    rounded = np.trunc(scaled + np.copysign(0.5, scaled))
    samples = np.clip(rounded, -32768, 32767).astype("<i2")
    header = struct.pack(
        "<4sI4s4sIHHIIHH4sI",
        b"RIFF",
        36 + data_size,
        b"WAVE",
        b"fmt ",
        16,
        1,
        channels,
        rate,
        rate * 2 * channels,
        2 * channels,
        16,
        b"data",
        data_size,
    )
    return string_tensor.convert(header + samples.tobytes())
