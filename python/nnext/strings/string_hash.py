"""The string hashes behind Keras's `Hashing` and `HashedCrossing`, bit for bit as
TensorFlow computes them (Keras 3 calls TensorFlow for these):

- `fingerprint64`: Google's FarmHash Fingerprint64 (farmhashna::Hash64), the hash of
  `tf.strings.to_hash_bucket_fast` and `tf.fingerprint`.
- `siphash24`: SipHash-2-4 with a 128-bit key, the hash of
  `tf.strings.to_hash_bucket_strong(key=[k0, k1])`.
- `cross_fingerprint`: `tf.sparse.cross_hashed`'s FingerprintCat64 combination of
  feature fingerprints.
- `hash64`: TensorFlow's own Hash64 (MurmurHash64A with the seed 0xDECAFCAFFE), the hash
  of the legacy `tf.strings.to_hash_bucket`.

nnext has no string tensor, so these work on Python strings and bytes (a NumPy array of
them maps element-wise with `hash_strings`). Plain Python integer arithmetic masked to 64
bits: a few microseconds a string, which suits preprocessing.
"""

import struct

import numpy as np

__all__ = [
    "cross_fingerprint",
    "fingerprint64",
    "hash64",
    "hash_strings",
    "siphash24",
    "to_bytes",
]

_M = 0xFFFFFFFFFFFFFFFF
_K0 = 0xC3A5C85C97CB3127
_K1 = 0xB492B66FBE98F273
_K2 = 0x9AE16A3B2F90404F


def _fetch64(s, i):
    return struct.unpack_from("<Q", s, i)[0]


def _fetch32(s, i):
    return struct.unpack_from("<I", s, i)[0]


def _rotate(v, shift):
    return v if shift == 0 else ((v >> shift) | (v << (64 - shift))) & _M


def _shift_mix(v):
    return v ^ (v >> 47)


def _hash_len16(u, v, mul):
    a = ((u ^ v) * mul) & _M
    a ^= a >> 47
    b = ((v ^ a) * mul) & _M
    b ^= b >> 47
    return (b * mul) & _M


def _hash_len0_to16(s, n):
    if n >= 8:
        mul = _K2 + n * 2
        a = (_fetch64(s, 0) + _K2) & _M
        b = _fetch64(s, n - 8)
        c = (_rotate(b, 37) * mul + a) & _M
        d = ((_rotate(a, 25) + b) * mul) & _M
        return _hash_len16(c, d, mul)
    if n >= 4:
        mul = _K2 + n * 2
        a = _fetch32(s, 0)
        return _hash_len16((n + (a << 3)) & _M, _fetch32(s, n - 4), mul)
    if n > 0:
        y = (s[0] + (s[n >> 1] << 8)) & 0xFFFFFFFF
        z = (n + (s[n - 1] << 2)) & 0xFFFFFFFF
        return (_shift_mix(((y * _K2) ^ (z * _K0)) & _M) * _K2) & _M
    return _K2


def _hash_len17_to32(s, n):
    mul = _K2 + n * 2
    a = (_fetch64(s, 0) * _K1) & _M
    b = _fetch64(s, 8)
    c = (_fetch64(s, n - 8) * mul) & _M
    d = (_fetch64(s, n - 16) * _K2) & _M
    return _hash_len16(
        (_rotate((a + b) & _M, 43) + _rotate(c, 30) + d) & _M,
        (a + _rotate((b + _K2) & _M, 18) + c) & _M,
        mul,
    )


def _hash_len33_to64(s, n):
    mul = _K2 + n * 2
    a = (_fetch64(s, 0) * _K2) & _M
    b = _fetch64(s, 8)
    c = (_fetch64(s, n - 8) * mul) & _M
    d = (_fetch64(s, n - 16) * _K2) & _M
    y = (_rotate((a + b) & _M, 43) + _rotate(c, 30) + d) & _M
    z = _hash_len16(y, (a + _rotate((b + _K2) & _M, 18) + c) & _M, mul)
    e = (_fetch64(s, 16) * mul) & _M
    f = _fetch64(s, 24)
    g = ((y + _fetch64(s, n - 32)) * mul) & _M
    h = ((z + _fetch64(s, n - 24)) * mul) & _M
    return _hash_len16(
        (_rotate((e + f) & _M, 43) + _rotate(g, 30) + h) & _M,
        (e + _rotate((f + a) & _M, 18) + g) & _M,
        mul,
    )


def _weak_hash_len32(s, i, a, b):
    w, x, y, z = (_fetch64(s, i + k) for k in (0, 8, 16, 24))
    a = (a + w) & _M
    b = _rotate((b + a + z) & _M, 21)
    c = a
    a = (a + x + y) & _M
    b = (b + _rotate(a, 44)) & _M
    return (a + z) & _M, (b + c) & _M


def fingerprint64(data):
    """FarmHash Fingerprint64 of `data` (bytes, or a str encoded as UTF-8)."""
    s = to_bytes(data)
    n = len(s)
    if n <= 16:
        return _hash_len0_to16(s, n)
    if n <= 32:
        return _hash_len17_to32(s, n)
    if n <= 64:
        return _hash_len33_to64(s, n)
    seed = 81
    x = seed
    y = (seed * _K1 + 113) & _M
    z = (_shift_mix((y * _K2 + 113) & _M) * _K2) & _M
    v0 = v1 = w0 = w1 = 0
    x = (x * _K2 + _fetch64(s, 0)) & _M
    end = ((n - 1) // 64) * 64
    last64 = end + ((n - 1) & 63) - 63
    i = 0
    while True:
        x = (_rotate((x + y + v0 + _fetch64(s, i + 8)) & _M, 37) * _K1) & _M
        y = (_rotate((y + v1 + _fetch64(s, i + 48)) & _M, 42) * _K1) & _M
        x ^= w1
        y = (y + v0 + _fetch64(s, i + 40)) & _M
        z = (_rotate((z + w0) & _M, 33) * _K1) & _M
        v0, v1 = _weak_hash_len32(s, i, (v1 * _K1) & _M, (x + w0) & _M)
        w0, w1 = _weak_hash_len32(s, i + 32, (z + w1) & _M, (y + _fetch64(s, i + 16)) & _M)
        z, x = x, z
        i += 64
        if i == end:
            break
    mul = _K1 + ((z & 0xFF) << 1)
    i = last64
    w0 = (w0 + ((n - 1) & 63)) & _M
    v0 = (v0 + w0) & _M
    w0 = (w0 + v0) & _M
    x = (_rotate((x + y + v0 + _fetch64(s, i + 8)) & _M, 37) * mul) & _M
    y = (_rotate((y + v1 + _fetch64(s, i + 48)) & _M, 42) * mul) & _M
    x ^= (w1 * 9) & _M
    y = (y + v0 * 9 + _fetch64(s, i + 40)) & _M
    z = (_rotate((z + w0) & _M, 33) * mul) & _M
    v0, v1 = _weak_hash_len32(s, i, (v1 * mul) & _M, (x + w0) & _M)
    w0, w1 = _weak_hash_len32(s, i + 32, (z + w1) & _M, (y + _fetch64(s, i + 16)) & _M)
    z, x = x, z
    return _hash_len16(
        (_hash_len16(v0, w0, mul) + _shift_mix(y) * _K0 + z) & _M,
        (_hash_len16(v1, w1, mul) + x) & _M,
        mul,
    )


def _sip_round(v0, v1, v2, v3):
    v0 = (v0 + v1) & _M
    v1 = _rotl(v1, 13) ^ v0
    v0 = _rotl(v0, 32)
    v2 = (v2 + v3) & _M
    v3 = _rotl(v3, 16) ^ v2
    v0 = (v0 + v3) & _M
    v3 = _rotl(v3, 21) ^ v0
    v2 = (v2 + v1) & _M
    v1 = _rotl(v1, 17) ^ v2
    v2 = _rotl(v2, 32)
    return v0, v1, v2, v3


def _rotl(v, shift):
    return ((v << shift) | (v >> (64 - shift))) & _M


def siphash24(key, data):
    """SipHash-2-4 of `data` under the 128-bit key `(k0, k1)` (two unsigned 64-bit ints)."""
    k0, k1 = (int(k) & _M for k in key)
    s = to_bytes(data)
    v0 = k0 ^ 0x736F6D6570736575
    v1 = k1 ^ 0x646F72616E646F6D
    v2 = k0 ^ 0x6C7967656E657261
    v3 = k1 ^ 0x7465646279746573
    n = len(s)
    full = n - n % 8
    for i in range(0, full, 8):
        m = _fetch64(s, i)
        v3 ^= m
        v0, v1, v2, v3 = _sip_round(*_sip_round(v0, v1, v2, v3))
        v0 ^= m
    tail = s[full:] + b"\0" * (7 - n % 8)
    m = ((n & 0xFF) << 56) | int.from_bytes(tail[:7], "little")
    v3 ^= m
    v0, v1, v2, v3 = _sip_round(*_sip_round(v0, v1, v2, v3))
    v0 ^= m
    v2 ^= 0xFF
    for _ in range(4):
        v0, v1, v2, v3 = _sip_round(v0, v1, v2, v3)
    return v0 ^ v1 ^ v2 ^ v3


def hash64(data, seed=0xDECAFCAFFE):
    """TensorFlow's Hash64 of `data`: MurmurHash64A, eight little-endian bytes at a time,
    the tail bytes folded in last."""
    s = to_bytes(data)
    m, r, n = 0xC6A4A7935BD1E995, 47, len(s)
    h = seed ^ ((n * m) & _M)
    full = n - n % 8
    for i in range(0, full, 8):
        k = (_fetch64(s, i) * m) & _M
        k = ((k ^ (k >> r)) * m) & _M
        h = ((h ^ k) * m) & _M
    if n % 8:
        h = ((h ^ int.from_bytes(s[full:], "little")) * m) & _M
    h = ((h ^ (h >> r)) * m) & _M
    return h ^ (h >> r)


def _fingerprint_cat64(fp1, fp2):
    """TensorFlow's FingerprintCat64: combines two fingerprints (order matters)."""
    mul = 0xC6A4A7935BD1E995
    result = fp1 ^ mul
    result ^= (_shift_mix((fp2 * mul) & _M) * mul) & _M
    result = (result * mul) & _M
    result = (_shift_mix(result) * mul) & _M
    return _shift_mix(result)


def cross_fingerprint(values):
    """`tf.sparse.cross_hashed`'s hash of one feature cross: from the seed 0xDECAFCAFFE,
    each value folded in with FingerprintCat64 (a string by its Fingerprint64, an integer
    by its own 64-bit pattern, as TensorFlow's int64 columns)."""
    result = 0xDECAFCAFFE
    for value in values:
        if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)):
            feature = int(value) & _M
        else:
            feature = fingerprint64(value)
        result = _fingerprint_cat64(result, feature)
    return result


def to_bytes(value):
    """A string or bytes value as bytes (UTF-8); numbers as TensorFlow's `as_string`."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, (np.bytes_,)):
        return bytes(value)
    if isinstance(value, (bool, np.bool_)):
        return b"1" if value else b"0"
    return str(value).encode("utf-8")


def hash_strings(values, fn):
    """`fn` (a hash of one string) over an array of strings: a uint64 array of its shape."""
    array = np.asarray(values, dtype=object)
    flat = [fn(v) for v in array.reshape(-1)]
    return np.array(flat, dtype=np.uint64).reshape(array.shape)
