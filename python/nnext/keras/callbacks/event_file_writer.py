"""Writing TensorBoard event files: the TFRecord framing, CRC32C checksums and the few
protobuf messages (Event, Summary, HistogramProto) scalars and histograms need.

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


def _double_field(field, value):
    return _key(field, 1) + struct.pack("<d", value)


def _float_field(field, value):
    return _key(field, 5) + struct.pack("<f", value)


def _packed_doubles(field, values):
    return _bytes_field(field, struct.pack(f"<{len(values)}d", *values))


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
        data += _key(2, 0) + _varint(int(step))
    if file_version is not None:
        data += _bytes_field(3, file_version.encode())
    if summary_values:
        data += _bytes_field(5, b"".join(_bytes_field(1, v) for v in summary_values))
    return data


class EventFileWriter:
    """Appends events to `<logdir>/events.out.tfevents.<time>.<host>.<pid>.<n>.v2`.

    Example:
        >>> writer = EventFileWriter("logs/train")
        >>> writer.add_scalar("epoch_loss", 0.25, step=0)
        >>> writer.close()
    """

    _count = 0

    def __init__(self, logdir):
        os.makedirs(logdir, exist_ok=True)
        EventFileWriter._count += 1
        name = (
            f"events.out.tfevents.{int(time.time())}.{socket.gethostname()}."
            f"{os.getpid()}.{EventFileWriter._count}.v2"
        )
        self.path = os.path.join(logdir, name)
        self._file = open(self.path, "wb")  # noqa: SIM115 (kept open for the whole run)
        self._write(event(step=0, file_version="brain.Event:2"))
        self.flush()

    def _write(self, data):
        header = struct.pack("<Q", len(data))
        self._file.write(header + struct.pack("<I", masked_crc32c(header)))
        self._file.write(data + struct.pack("<I", masked_crc32c(data)))

    def add_scalar(self, tag, value, step):
        self._write(event(step=step, summary_values=[scalar_value(tag, value)]))

    def add_histogram(self, tag, values, step):
        self._write(event(step=step, summary_values=[histogram_value(tag, values)]))

    def flush(self):
        if self._file is not None:
            self._file.flush()

    def close(self):
        if self._file is not None:
            self._file.close()
            self._file = None
