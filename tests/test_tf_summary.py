"""`tf.summary`: summaries written by nnext, read back with the `tensorboard` package's
event readers (and a reader here that checks every record's masked CRC32C with
TensorBoard's own checksum code); histogram buckets against a NumPy rewrite of
TensorBoard's histogram summary v2, images by decoding the PNGs with zlib."""

import glob
import os
import struct
import time
import zlib

import numpy as np
import pytest
from tensorboard.backend.event_processing import event_accumulator
from tensorboard.backend.event_processing.event_file_loader import LegacyEventFileLoader
from tensorboard.compat.proto import event_pb2, summary_pb2
from tensorboard.compat.tensorflow_stub.pywrap_tensorflow import masked_crc32c
from tensorboard.util import tensor_util

import nnext as tf
from nnext.summary import summary_ops


@pytest.fixture(autouse=True)
def fresh_summary_state():
    """Each test starts with no default writer, step or condition (`set_as_default` sets
    the thread's default writer for good)."""
    state = summary_ops._state
    saved = (state.writer, state.step, state.is_recording)
    state.writer = state.step = state.is_recording = None
    yield
    state.writer, state.step, state.is_recording = saved


def event_files(logdir):
    files = sorted(glob.glob(os.path.join(str(logdir), "events.out.tfevents.*")))
    assert files, f"no event file in {logdir}"
    return files


def read_records(path):
    """The payloads of the TFRecords of `path`, checking both checksums of each."""
    with open(path, "rb") as f:
        data = f.read()
    out, i = [], 0
    while i < len(data):
        header = data[i : i + 8]
        (length,) = struct.unpack("<Q", header)
        assert struct.unpack("<I", data[i + 8 : i + 12])[0] == masked_crc32c(header)
        payload = data[i + 12 : i + 12 + length]
        assert len(payload) == length
        assert struct.unpack("<I", data[i + 12 + length : i + 16 + length])[0] == (
            masked_crc32c(payload)
        )
        out.append(payload)
        i += 16 + length
    return out


def read_values(logdir):
    """[(step, Summary.Value)] of every event file in `logdir`, in order; each file starts
    with the file-version event and every record's checksums hold."""
    values = []
    for path in event_files(logdir):
        events = [event_pb2.Event.FromString(p) for p in read_records(path)]
        assert events[0].file_version == "brain.Event:2"
        loaded = list(LegacyEventFileLoader(path).Load())  # TensorBoard's own reader
        assert [e.SerializeToString() for e in loaded] == [e.SerializeToString() for e in events]
        values += [(e.step, v) for e in events[1:] for v in e.summary.value]
    return values


def tensors(logdir, tag):
    return [
        (step, tensor_util.make_ndarray(v.tensor))
        for step, v in read_values(logdir)
        if v.tag == tag
    ]


def test_scalars_round_trip_with_steps_tags_and_metadata(tmp_path):
    writer = tf.summary.create_file_writer(str(tmp_path))
    with writer.as_default():
        for step in range(5):
            assert bool(tf.summary.scalar("loss", 1.0 / (step + 1), step=step))
        assert bool(tf.summary.scalar("acc", tf.constant(0.75), step=7, description="Acc"))
    values = read_values(tmp_path)
    losses = [(s, float(tensor_util.make_ndarray(v.tensor))) for s, v in values if v.tag == "loss"]
    assert losses == [(s, pytest.approx(np.float32(1.0 / (s + 1)))) for s in range(5)]
    ((step, acc),) = [(s, v) for s, v in values if v.tag == "acc"]
    assert step == 7
    assert acc.tensor.dtype == 1 and tensor_util.make_ndarray(acc.tensor).shape == ()
    assert acc.metadata.plugin_data.plugin_name == "scalars"
    assert acc.metadata.summary_description == "Acc"
    # TensorBoard's accumulator (the loader the dashboard uses) sees the scalars too.
    acc_reader = event_accumulator.EventAccumulator(str(tmp_path))
    acc_reader.Reload()
    assert sorted(acc_reader.Tags()["tensors"]) == ["acc", "loss"]
    assert [e.step for e in acc_reader.Tensors("loss")] == list(range(5))


def test_no_default_writer_returns_false_and_writes_nothing(tmp_path):
    writer = tf.summary.create_file_writer(str(tmp_path))
    assert not bool(tf.summary.scalar("x", 1.0, step=0))
    assert not bool(tf.summary.histogram("h", [1.0, 2.0], step=0))
    assert not bool(tf.summary.image("i", np.zeros((1, 2, 2, 1)), step=0))
    assert not bool(tf.summary.text("t", "a", step=0))
    assert not bool(tf.summary.write("w", [1], step=0))
    assert not bool(tf.summary.should_record_summaries())
    assert not bool(tf.summary.scalar("x", 1.0))  # no step needed when nothing is written
    writer.close()
    assert read_values(tmp_path) == []


def test_missing_step_raises_and_default_steps(tmp_path):
    writer = tf.summary.create_file_writer(str(tmp_path))
    assert tf.summary.experimental.get_step() is None
    with writer.as_default():
        with pytest.raises(ValueError, match="No step set"):
            tf.summary.scalar("x", 1.0)
        tf.summary.experimental.set_step(4)
        try:
            assert tf.summary.experimental.get_step() == 4
            tf.summary.scalar("x", 1.0)
            with writer.as_default(step=9):
                assert tf.summary.experimental.get_step() == 9
                tf.summary.scalar("x", 2.0)
            assert tf.summary.experimental.get_step() == 4
            step = tf.Variable(11, dtype=tf.int64)
            tf.summary.experimental.set_step(step)
            tf.summary.scalar("x", 3.0)
            step.assign(12)
            tf.summary.scalar("x", 4.0)  # a Variable step is read at each write
        finally:
            tf.summary.experimental.set_step(None)
    assert [s for s, _ in tensors(tmp_path, "x")] == [4, 9, 11, 12]


def test_as_default_nests_restores_and_flushes(tmp_path):
    a = tf.summary.create_file_writer(str(tmp_path / "a"), max_queue=100)
    b = tf.summary.create_file_writer(str(tmp_path / "b"), max_queue=100)
    with a.as_default() as entered:
        assert entered is a
        tf.summary.scalar("s", 1.0, step=0)
        with b.as_default():
            tf.summary.scalar("s", 2.0, step=0)
        assert len(read_values(tmp_path / "b")) == 1  # flushed on exit
        tf.summary.scalar("s", 3.0, step=1)
        assert read_values(tmp_path / "a") == []  # still queued
    assert [float(x) for _, x in tensors(tmp_path / "a", "s")] == [1.0, 3.0]
    assert not bool(tf.summary.should_record_summaries())
    a.set_as_default(step=2)
    assert bool(tf.summary.should_record_summaries())
    assert tf.summary.experimental.get_step() == 2
    tf.summary.scalar("s", 5.0)
    a.close()
    assert [s for s, _ in tensors(tmp_path / "a", "s")] == [0, 1, 2]


def test_writer_queue_flush_close_and_file_name(tmp_path):
    writer = tf.summary.create_file_writer(
        str(tmp_path / "new" / "dir"), max_queue=2, filename_suffix=".mine"
    )
    (path,) = event_files(tmp_path / "new" / "dir")
    assert path.endswith(".mine")
    assert len(read_records(path)) == 1  # the file-version event, written at once
    with writer.as_default(step=0):
        tf.summary.scalar("a", 1.0)
        tf.summary.scalar("a", 2.0)
        assert len(read_records(path)) == 1
        tf.summary.scalar("a", 3.0)  # the queue holds more than max_queue: flushed
        assert len(read_records(path)) == 4
        tf.summary.scalar("a", 4.0)
        tf.summary.flush()
        assert len(read_records(path)) == 5
        tf.summary.scalar("a", 5.0)
        tf.summary.flush(writer=writer)
        assert len(read_records(path)) == 6
    writer.init()
    writer.close()
    writer.close()  # closing twice is fine, and so is flushing a closed writer
    writer.flush()
    with pytest.raises(RuntimeError, match="already closed"):
        writer.as_default()
    with pytest.raises(RuntimeError, match="already closed"):
        writer.init()
    assert tf.summary.flush() is None  # no default writer: nothing to do
    with pytest.raises(ValueError, match="Invalid argument to flush"):
        tf.summary.flush(writer="logs")
    with pytest.raises(ValueError, match="logdir"):
        tf.summary.create_file_writer(None)


def test_flush_millis_zero_flushes_every_event(tmp_path):
    writer = tf.summary.create_file_writer(str(tmp_path), max_queue=1000, flush_millis=0)
    writer.set_as_default()
    tf.summary.scalar("a", 1.0, step=0)
    time.sleep(0.002)
    tf.summary.scalar("a", 2.0, step=1)  # over 0 ms since the last flush: flushed
    assert len(read_values(tmp_path)) == 2
    tf.summary.create_noop_writer().set_as_default()  # changes nothing
    assert bool(tf.summary.should_record_summaries())
    writer.close()
    assert len(read_values(tmp_path)) == 2


def test_noop_writer_writes_nothing(tmp_path):
    noop = tf.summary.create_noop_writer()
    assert isinstance(noop, tf.summary.SummaryWriter)
    with noop.as_default(step=3):
        assert tf.summary.experimental.get_step() is None
        assert not bool(tf.summary.scalar("x", 1.0, step=0))
    noop.init()
    noop.flush()
    noop.close()
    real = tf.summary.create_file_writer(str(tmp_path))
    with real.as_default(), noop.as_default():  # the real writer stays the default
        assert bool(tf.summary.scalar("x", 1.0, step=0))
    assert len(read_values(tmp_path)) == 1


def test_record_if_conditions(tmp_path):
    writer = tf.summary.create_file_writer(str(tmp_path))
    step = {"n": 0}
    with writer.as_default():
        with tf.summary.record_if(False):
            assert not bool(tf.summary.should_record_summaries())
            assert not bool(tf.summary.scalar("x", 1.0, step=0))
            with tf.summary.record_if(tf.constant(True)):
                assert bool(tf.summary.scalar("x", 2.0, step=1))
            assert not bool(tf.summary.scalar("x", 3.0, step=2))
        with tf.summary.record_if(lambda: step["n"] % 2 == 0):
            for n in range(4):
                step["n"] = n
                tf.summary.scalar("y", float(n), step=n)
        assert bool(tf.summary.should_record_summaries())
    assert [s for s, _ in tensors(tmp_path, "x")] == [1]
    assert [s for s, _ in tensors(tmp_path, "y")] == [0, 2]


def reference_buckets(data, bucket_count=30):
    """TensorBoard's `_buckets` (histogram summary_v2) rewritten with one-hot counts."""
    data = np.asarray(data, np.float64).reshape(-1)
    bucket_count = max(0, bucket_count)
    if data.size == 0 or bucket_count == 0:
        return np.zeros((bucket_count, 3))
    lo, hi = data.min(), data.max()
    if hi == lo:
        counts = np.array([0.0] * (bucket_count - 1) + [float(data.size)])
        return np.stack([np.full(bucket_count, hi), np.full(bucket_count, hi), counts], 1)
    width = (hi - lo) / bucket_count
    index = np.minimum(np.floor((data - lo) / width).astype(np.int32), bucket_count - 1)
    counts = (index[:, None] == np.arange(bucket_count)[None, :]).sum(0).astype(np.float64)
    edges = np.concatenate([np.linspace(lo, hi, bucket_count + 1)[:-1], [hi]])
    return np.stack([edges[:-1], edges[1:], counts], 1)


@pytest.mark.parametrize(
    ("data", "buckets"),
    [
        (np.random.default_rng(0).normal(size=(40, 25)), None),
        (np.random.default_rng(1).uniform(-3, 7, size=1001), 7),
        (np.arange(10), 10),  # values on the bucket edges
        # on the edges of an awkward range: floor((x - min) / width) puts some of them one
        # bucket lower than comparing with the edges would (np.histogram's rule)
        (np.linspace(-4.604265724722594, -4.184940220600009, 35), 34),
        (np.array([0.1, 0.2, 0.30000000000000004]), 3),
        (np.full((3, 4), 2.5), None),  # one value: every bucket at it, count in the last
        (np.full(5, -1.0), 1),
        (np.zeros(0), None),  # no data: zeros
        (np.arange(6.0), 0),  # no buckets
    ],
)
def test_histogram_buckets_match_tensorboard(tmp_path, data, buckets):
    writer = tf.summary.create_file_writer(str(tmp_path))
    with writer.as_default():
        assert bool(tf.summary.histogram("h", tf.constant(data), step=3, buckets=buckets))
    ((step, written),) = tensors(tmp_path, "h")
    expected = reference_buckets(data, 30 if buckets is None else buckets)
    assert step == 3 and written.dtype == np.float64 and written.shape == expected.shape
    np.testing.assert_array_equal(written, expected)
    if data.size:
        assert written[:, 2].sum() == (data.size if expected.shape[0] else 0)
    ((_, value),) = read_values(tmp_path)
    assert value.metadata.plugin_data.plugin_name == "histograms"


def decode_png(blob):
    """The pixels of an 8-bit, non-interlaced PNG with filter 0 rows, as [h, w, c]."""
    assert blob[:8] == b"\x89PNG\r\n\x1a\n"
    i, chunks = 8, {}
    while i < len(blob):
        (length,) = struct.unpack(">I", blob[i : i + 4])
        kind, body = blob[i + 4 : i + 8], blob[i + 8 : i + 8 + length]
        assert struct.unpack(">I", blob[i + 8 + length : i + 12 + length])[0] == zlib.crc32(
            kind + body
        )
        chunks[kind] = chunks.get(kind, b"") + body
        i += 12 + length
    width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    assert depth == 8 and interlace == 0 and b"IEND" in chunks
    channels = {0: 1, 4: 2, 2: 3, 6: 4}[color]
    rows = np.frombuffer(zlib.decompress(chunks[b"IDAT"]), np.uint8).reshape(height, -1)
    assert (rows[:, 0] == 0).all()
    return rows[:, 1:].reshape(height, width, channels)


@pytest.mark.parametrize("channels", [1, 2, 3, 4])
def test_image_png_decodes_to_the_input_pixels(tmp_path, channels):
    pixels = np.random.default_rng(channels).integers(0, 256, (5, 6, 7, channels), dtype=np.uint8)
    writer = tf.summary.create_file_writer(str(tmp_path))
    with writer.as_default():
        assert bool(tf.summary.image("img", pixels, step=1, description="d"))
        assert bool(tf.summary.image("two", tf.constant(pixels), step=2, max_outputs=2))
    ((_, blobs),) = tensors(tmp_path, "img")
    assert blobs[0] == b"7" and blobs[1] == b"6"  # width, then height
    assert len(blobs) == 2 + 3  # max_outputs=3 by default
    for k, blob in enumerate(blobs[2:]):
        np.testing.assert_array_equal(decode_png(blob), pixels[k])
    ((_, two),) = tensors(tmp_path, "two")
    assert len(two) == 4
    value = next(v for _, v in read_values(tmp_path) if v.tag == "img")
    assert value.metadata.plugin_data.plugin_name == "images"
    assert value.metadata.summary_description == "d"


def test_image_conversion_of_floats_and_other_integers(tmp_path):
    floats = np.array([[[[-0.5], [0.0], [0.2], [0.5], [1.0], [1.7]]]], np.float32)
    ints16 = np.array([[[[-7], [0], [127], [128], [32767]]]], np.int16)
    writer = tf.summary.create_file_writer(str(tmp_path))
    with writer.as_default(step=0):
        tf.summary.image("f", floats)
        tf.summary.image("i", ints16)
    ((_, f),) = tensors(tmp_path, "f")
    # convert_image_dtype(saturate=True): x * 255.5 in float32, clipped, truncated
    expected = np.clip(floats[0] * np.float32(255.5), 0, 255).astype(np.uint8)
    np.testing.assert_array_equal(decode_png(f[2]), expected)
    np.testing.assert_array_equal(decode_png(f[2]).ravel(), [0, 0, 51, 127, 255, 255])
    ((_, i),) = tensors(tmp_path, "i")
    np.testing.assert_array_equal(decode_png(i[2]).ravel(), [0, 0, 0, 1, 255])
    with writer.as_default(step=0), pytest.raises(ValueError, match="rank 4"):
        tf.summary.image("bad", np.zeros((2, 2, 3)))


def test_text_values_and_plugin_metadata(tmp_path):
    writer = tf.summary.create_file_writer(str(tmp_path))
    table = [["a", "b"], ["ç", "**bold**"]]
    with writer.as_default(step=5):
        assert bool(tf.summary.text("note", "hello *world*", description="notes"))
        assert bool(tf.summary.text("table", table))
        with pytest.raises(TypeError, match="takes string data"):
            tf.summary.text("bad", [1.0, 2.0])
    values = {v.tag: (s, v) for s, v in read_values(tmp_path)}
    step, note = values["note"]
    assert step == 5 and note.tensor.dtype == 7  # DT_STRING
    assert tensor_util.make_ndarray(note.tensor) == b"hello *world*"
    assert note.metadata.plugin_data.plugin_name == "text"
    assert note.metadata.summary_description == "notes"
    written = tensor_util.make_ndarray(values["table"][1].tensor)
    assert written.shape == (2, 2)
    assert [[x.decode() for x in row] for row in written] == table


def test_write_any_tensor_with_metadata_and_callables(tmp_path):
    writer = tf.summary.create_file_writer(str(tmp_path))
    metadata = summary_pb2.SummaryMetadata(display_name="raw")
    metadata.plugin_data.plugin_name = "custom"
    metadata.plugin_data.content = b"\x01\x02"
    calls = []
    matrix = np.arange(-6, 6, dtype=np.int64).reshape(3, 4)
    with writer.as_default(step=2):
        assert bool(tf.summary.write("m", matrix, metadata=metadata))
        assert bool(
            tf.summary.write(
                "b", tf.constant([True, False]), step=4, metadata=metadata.SerializeToString()
            )
        )
        assert bool(tf.summary.write("c", lambda: calls.append(1) or np.float64(2.5)))
        with tf.summary.record_if(False):
            tf.summary.write("c", lambda: calls.append(1) or np.float64(9.0))
    assert calls == [1]  # a callable tensor is only called when it is written
    values = {v.tag: (s, v) for s, v in read_values(tmp_path)}
    np.testing.assert_array_equal(tensor_util.make_ndarray(values["m"][1].tensor), matrix)
    assert values["m"][1].metadata == metadata
    assert values["b"][0] == 4
    np.testing.assert_array_equal(tensor_util.make_ndarray(values["b"][1].tensor), [True, False])
    assert values["b"][1].metadata == metadata
    assert tensor_util.make_ndarray(values["c"][1].tensor) == 2.5
    assert not values["c"][1].HasField("metadata")


def test_tags_take_the_name_scope(tmp_path):
    writer = tf.summary.create_file_writer(str(tmp_path))
    with writer.as_default(step=0), tf.name_scope("outer"), tf.name_scope("inner"):
        tf.summary.scalar("loss", 1.0)
        tf.summary.histogram("weights", [1.0, 2.0])
    assert sorted(v.tag for _, v in read_values(tmp_path)) == [
        "outer/inner/loss",
        "outer/inner/weights",
    ]


def test_argument_errors(tmp_path):
    writer = tf.summary.create_file_writer(str(tmp_path))
    with writer.as_default(step=0):
        with pytest.raises(ValueError, match=r"Expected scalar shape for data, saw shape: \(2,\)"):
            tf.summary.scalar("x", [1.0, 2.0])
        with pytest.raises(TypeError, match="Cannot cast <U1 data to float32"):
            tf.summary.scalar("x", "a")
        with pytest.raises(ValueError, match="max_outputs must be non-negative, got -1"):
            tf.summary.image("i", np.zeros((1, 2, 2, 1)), max_outputs=-1)
        with pytest.raises(TypeError, match="metadata must be a SummaryMetadata"):
            tf.summary.write("w", 1.0, metadata="plugin")
    with pytest.raises(ValueError, match="`experimental_mesh` must be None"):
        tf.summary.create_file_writer(str(tmp_path), experimental_mesh=object())
    writer.set_as_default(step=0)
    writer.close()
    with pytest.raises(RuntimeError, match="already closed"):  # still the default writer
        tf.summary.scalar("x", 1.0)
    assert read_values(tmp_path) == []


def test_keras_tensorboard_callback_uses_the_shared_event_writer():
    from nnext.keras.callbacks import event_file_writer, tensorboard
    from nnext.summary import event_file

    assert tensorboard.EventFileWriter is event_file.EventFileWriter
    assert event_file_writer.masked_crc32c is event_file.masked_crc32c
    assert event_file.masked_crc32c(b"nnext") == masked_crc32c(b"nnext")
