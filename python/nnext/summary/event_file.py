"""Writing TensorBoard event files: the TFRecord framing, CRC32C checksums and the
protobuf messages (Event, Summary, SummaryMetadata, TensorProto, HistogramProto) that
`nnext.summary` and the Keras `TensorBoard` callback write.

A record is `uint64 length | uint32 masked_crc(length) | data | uint32 masked_crc(data)`,
little-endian; an event file starts with an Event whose `file_version` is "brain.Event:2".
The protobuf encoding is written by hand (varints and fixed-width fields) so that nnext
needs no protobuf or TensorFlow package.
"""

import os
import socket
import struct
import time

import numpy as np

__all__ = [
    "EventFileWriter",
    "crc32c",
    "event",
    "histogram_value",
    "masked_crc32c",
    "scalar_value",
    "summary_metadata",
    "tensor_proto",
    "tensor_value",
]


def _crc32c_table():
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1  # the Castagnoli polynomial, reflected
        table.append(c)
    return table


_CRC_TABLE = _crc32c_table()


def crc32c(data):
    """The CRC-32C (Castagnoli) checksum of `data`, as TFRecord files use."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc = _CRC_TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def masked_crc32c(data):
    """TFRecord's masked checksum: rotate right by 15 bits and add 0xa282ead8."""
    crc = crc32c(data)
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def _varint(value):
    value &= (1 << 64) - 1  # negative int64s are written as ten-byte varints
    out = bytearray()
    while True:
        bits = value & 0x7F
        value >>= 7
        if value:
            out.append(bits | 0x80)
        else:
            out.append(bits)
            return bytes(out)


def _key(field, wire_type):
    return _varint((field << 3) | wire_type)


def _bytes_field(field, payload):
    return _key(field, 2) + _varint(len(payload)) + payload


def _int_field(field, value):
    return _key(field, 0) + _varint(int(value))


def _double_field(field, value):
    return _key(field, 1) + struct.pack("<d", value)


def _float_field(field, value):
    return _key(field, 5) + struct.pack("<f", value)


def _packed_doubles(field, values):
    return _bytes_field(field, struct.pack(f"<{len(values)}d", *values))


# TensorFlow's DataType enum (tensorflow/core/framework/types.proto), by NumPy dtype.
_DATA_TYPES = {
    np.dtype(np.float32): 1,
    np.dtype(np.float64): 2,
    np.dtype(np.int32): 3,
    np.dtype(np.uint8): 4,
    np.dtype(np.int16): 5,
    np.dtype(np.int8): 6,
    np.dtype(np.complex64): 8,
    np.dtype(np.int64): 9,
    np.dtype(np.bool_): 10,
    np.dtype(np.complex128): 18,
    np.dtype(np.float16): 19,
    np.dtype(np.uint16): 17,
    np.dtype(np.uint32): 22,
    np.dtype(np.uint64): 23,
}
_DT_STRING = 7


def _as_bytes(item):
    if isinstance(item, bytes):
        return item
    if isinstance(item, str):
        return item.encode("utf-8")
    raise TypeError(f"A string tensor holds str or bytes items. Received: {item!r}")


def tensor_proto(array):
    """A `TensorProto` of the NumPy array `array`: dtype (1), tensor_shape (2) and, as
    TensorFlow's summary writer stores them, `tensor_content` (4, the little-endian bytes)
    for numbers or `string_val` (8, one entry per element) for strings."""
    array = np.asarray(array)
    shape = b"".join(_bytes_field(2, _int_field(1, d) if d else b"") for d in array.shape)
    if array.dtype.kind in "USO":
        data = _int_field(1, _DT_STRING) + _bytes_field(2, shape)
        for item in array.ravel():
            data += _bytes_field(8, _as_bytes(item))
        return data
    if array.dtype not in _DATA_TYPES:
        raise TypeError(f"No TensorProto encoding for dtype {array.dtype}")
    content = np.ascontiguousarray(array).astype(array.dtype.newbyteorder("<")).tobytes()
    data = _int_field(1, _DATA_TYPES[array.dtype]) + _bytes_field(2, shape)
    return data + (_bytes_field(4, content) if content else b"")


def summary_metadata(plugin_name, content=b"", display_name=None, description=None):
    """A serialized `SummaryMetadata`: plugin_data (1: plugin_name 1, content 2),
    display_name (2) and summary_description (3); empty fields are left out, as proto3
    serialization does."""
    plugin = _bytes_field(1, plugin_name.encode()) if plugin_name else b""
    if content:
        plugin += _bytes_field(2, content)
    data = _bytes_field(1, plugin) if plugin else b""
    if display_name:
        data += _bytes_field(2, display_name.encode())
    if description:
        data += _bytes_field(3, description.encode())
    return data


def tensor_value(tag, array, metadata=b""):
    """A `Summary.Value` holding tag (1), metadata (9, already serialized) and the tensor
    (8), as `tf.summary.write` stores them."""
    data = _bytes_field(1, tag.encode())
    if metadata:
        data += _bytes_field(9, metadata)
    return data + _bytes_field(8, tensor_proto(array))


def scalar_value(tag, value):
    """A `Summary.Value` holding `simple_value` (field 2)."""
    return _bytes_field(1, tag.encode()) + _float_field(2, float(value))


def histogram_value(tag, values, buckets=30):
    """A `Summary.Value` holding a `HistogramProto` (field 5) of `values` in `buckets`
    equal-width buckets."""
    values = np.asarray(values, dtype=np.float64).ravel()
    if values.size == 0:
        counts, limits = np.zeros(0), np.zeros(0)
        lo = hi = 0.0
    else:
        lo, hi = float(values.min()), float(values.max())
        if lo == hi:
            counts, limits = np.array([values.size], np.float64), np.array([hi], np.float64)
        else:
            counts, edges = np.histogram(values, bins=buckets, range=(lo, hi))
            limits = edges[1:]
    histo = (
        _double_field(1, lo)
        + _double_field(2, hi)
        + _double_field(3, float(values.size))
        + _double_field(4, float(values.sum()))
        + _double_field(5, float(np.square(values).sum()))
        + _packed_doubles(6, [float(v) for v in limits])
        + _packed_doubles(7, [float(c) for c in counts])
    )
    return _bytes_field(1, tag.encode()) + _bytes_field(5, histo)


def event(step=None, summary_values=(), wall_time=None, file_version=None):
    """An `Event`: wall_time (1), step (2), file_version (3), summary (5)."""
    data = _double_field(1, time.time() if wall_time is None else wall_time)
    if step is not None:
        data += _int_field(2, step)
    if file_version is not None:
        data += _bytes_field(3, file_version.encode())
    if summary_values:
        data += _bytes_field(5, b"".join(_bytes_field(1, v) for v in summary_values))
    return data


def record(data):
    """`data` framed as one TFRecord: length, its masked CRC, the data, its masked CRC."""
    header = struct.pack("<Q", len(data))
    return (
        header
        + struct.pack("<I", masked_crc32c(header))
        + data
        + struct.pack("<I", masked_crc32c(data))
    )


class EventFileWriter:
    """Appends events to `<logdir>/events.out.tfevents.<time>.<host>.<pid>.<n><suffix>`.

    The file is created (with `logdir` and its parents) and its `file_version` event
    written at once, as TensorFlow's summary writer does.

    Args:
        logdir: the folder of the event file.
        filename_suffix: the end of the file name; `.v2` as TensorFlow 2 writes.

    Example:
        >>> writer = EventFileWriter("logs/train")
        >>> writer.add_scalar("epoch_loss", 0.25, step=0)
        >>> writer.close()
    """

    _count = 0

    def __init__(self, logdir, filename_suffix=".v2"):
        logdir = os.fspath(logdir)
        os.makedirs(logdir, exist_ok=True)
        EventFileWriter._count += 1
        name = (
            f"events.out.tfevents.{int(time.time()):010d}.{socket.gethostname()}."
            f"{os.getpid()}.{EventFileWriter._count}{filename_suffix}"
        )
        self.path = os.path.join(logdir, name)
        self._file = open(self.path, "wb")  # noqa: SIM115 (kept open for the whole run)
        self.write_event(event(step=0, file_version="brain.Event:2"))
        self.flush()

    @property
    def closed(self):
        """Whether `close` has been called."""
        return self._file is None

    def write_event(self, data):
        """Append one serialized `Event` as a TFRecord (buffered until `flush`)."""
        if self._file is None:
            raise RuntimeError(f"The event file {self.path} is already closed")
        self._file.write(record(data))

    def add_scalar(self, tag, value, step):
        """Append an event holding the scalar `value` (as `simple_value`) at `step`."""
        self.write_event(event(step=step, summary_values=[scalar_value(tag, value)]))

    def add_histogram(self, tag, values, step):
        """Append an event holding a `HistogramProto` of `values` at `step`."""
        self.write_event(event(step=step, summary_values=[histogram_value(tag, values)]))

    def flush(self):
        """Write the buffered records to the file."""
        if self._file is not None:
            self._file.flush()

    def close(self):
        """Flush and close the file; later writes raise RuntimeError."""
        if self._file is not None:
            self._file.close()
            self._file = None
