"""tf.audio.decode_wav / encode_wav against Python's own wave module (the WAV format's
reference reader and writer here), TensorFlow's sample scaling (x / 32768 and
round(x * 32768) clamped), desired_channels/desired_samples, and TensorFlow's errors for
malformed files."""

import io
import struct
import wave

import numpy as np
import pytest

import nnext as tf
from nnext.errors import InvalidArgumentError


def _wav_bytes(samples, rate, sample_width=2):
    """A WAV file written by Python's wave module from int samples [frames, channels]."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(samples.shape[1])
        w.setsampwidth(sample_width)
        w.setframerate(rate)
        w.writeframes(samples.astype(f"<i{sample_width}").tobytes())
    return buffer.getvalue()


def _read_with_wave(contents):
    with wave.open(io.BytesIO(contents), "rb") as w:
        frames = np.frombuffer(w.readframes(w.getnframes()), "<i2")
        return frames.reshape(-1, w.getnchannels()), w.getframerate(), w.getsampwidth()


def test_decode_a_file_written_by_the_wave_module(tmp_path):
    rng = np.random.default_rng(0)
    samples = rng.integers(-32768, 32768, size=(50, 2))
    path = tmp_path / "stereo.wav"
    path.write_bytes(_wav_bytes(samples, 22050))
    audio, sample_rate = tf.audio.decode_wav(tf.io.read_file(str(path)))
    assert audio.dtype == tf.float32 and audio.shape == (50, 2)
    assert sample_rate.dtype == tf.int32 and int(sample_rate) == 22050
    np.testing.assert_array_equal(audio.numpy(), (samples / 32768).astype(np.float32))
    assert float(tf.reduce_min(audio)) >= -1.0 and float(tf.reduce_max(audio)) < 1.0
    decoded = tf.audio.decode_wav(path.read_bytes())
    assert decoded.audio.shape == (50, 2) and int(decoded.sample_rate) == 22050


def test_encode_is_read_back_by_the_wave_module():
    audio = tf.constant([[0.0, 1.0], [-1.0, 0.5], [2.0, -3.0], [1 / 65536, -1 / 65536]])
    contents = tf.audio.encode_wav(audio, tf.constant(16000))
    assert contents.dtype == tf.string and contents.shape == ()
    samples, rate, width = _read_with_wave(contents.numpy())
    assert rate == 16000 and width == 2
    # round(x * 32768), halves away from zero, clamped to int16.
    np.testing.assert_array_equal(samples, [[0, 32767], [-32768, 16384], [32767, -32768], [1, -1]])


def test_round_trip_is_exact_on_16_bit_values():
    rng = np.random.default_rng(1)
    exact = rng.integers(-32768, 32768, size=(200, 3)) / 32768
    audio = tf.constant(exact.astype(np.float32))
    back, rate = tf.audio.decode_wav(tf.audio.encode_wav(audio, 44100))
    np.testing.assert_array_equal(back.numpy(), audio.numpy())
    assert int(rate) == 44100


def test_desired_channels_and_samples():
    samples = np.array([[1, 2], [3, 4], [5, 6]])
    contents = _wav_bytes(samples, 8000)
    mono, _ = tf.audio.decode_wav(contents, desired_channels=1)
    np.testing.assert_array_equal(mono.numpy() * 32768, [[1], [3], [5]])
    wide, _ = tf.audio.decode_wav(contents, desired_channels=3)  # the last channel repeats
    np.testing.assert_array_equal(wide.numpy() * 32768, [[1, 2, 2], [3, 4, 4], [5, 6, 6]])
    longer, _ = tf.audio.decode_wav(contents, desired_samples=5)  # zeros after the end
    np.testing.assert_array_equal(longer.numpy() * 32768, [[1, 2], [3, 4], [5, 6], [0, 0], [0, 0]])
    shorter, _ = tf.audio.decode_wav(contents, desired_samples=1)
    np.testing.assert_array_equal(shorter.numpy() * 32768, [[1, 2]])


def test_other_chunks_are_skipped():
    contents = _wav_bytes(np.array([[7], [-7]]), 8000)
    # A LIST chunk between fmt and data, as many recorders write.
    extra = b"LIST" + struct.pack("<I", 4) + b"INFO"
    patched = contents[:36] + extra + contents[36:]
    audio, _ = tf.audio.decode_wav(patched)
    np.testing.assert_array_equal(audio.numpy() * 32768, [[7], [-7]])


def test_decode_errors():
    good = _wav_bytes(np.array([[1], [2]]), 8000)
    with pytest.raises(InvalidArgumentError, match="Header mismatch: Expected RIFF but found"):
        tf.audio.decode_wav(b"RIFX" + good[4:])
    with pytest.raises(
        InvalidArgumentError, match="Can only read 16-bit WAV files, but received 8"
    ):
        tf.audio.decode_wav(_wav_bytes(np.array([[1], [2]]), 8000, sample_width=1))
    with pytest.raises(InvalidArgumentError, match=r"Bad audio format for WAV: Expected 1 \(PCM\)"):
        tf.audio.decode_wav(good[:20] + struct.pack("<H", 3) + good[22:])
    with pytest.raises(InvalidArgumentError, match="Data too short when trying to read string"):
        tf.audio.decode_wav(good[:-2])
    with pytest.raises(InvalidArgumentError, match="No data chunk found in WAV"):
        tf.audio.decode_wav(good[:36])
    with pytest.raises(InvalidArgumentError, match="contents must be scalar"):
        tf.audio.decode_wav(tf.constant([good, good]))


def test_encode_errors():
    with pytest.raises(InvalidArgumentError, match="audio must be 2-dimensional"):
        tf.audio.encode_wav(tf.zeros([4]), 8000)
    with pytest.raises(InvalidArgumentError, match="sample_rate must be in"):
        tf.audio.encode_wav(tf.zeros([4, 1]), 0)
    with pytest.raises(InvalidArgumentError, match="Input sample_rate should be a scalar tensor"):
        tf.audio.encode_wav(tf.zeros([4, 1]), tf.constant([8000]))
    with pytest.raises(InvalidArgumentError, match="num_frames must be positive."):
        tf.audio.encode_wav(tf.zeros([0, 1]), 8000)
    with pytest.raises(
        InvalidArgumentError, match="was expected to be a float tensor but is a int32"
    ):
        tf.audio.encode_wav(tf.zeros([2, 1], tf.int32), 8000)
