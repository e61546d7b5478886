"""`tf.strings.to_hash_bucket_fast`, `to_hash_bucket_strong` and the legacy
`to_hash_bucket`: TensorFlow's own hashes (FarmHash Fingerprint64, keyed SipHash-2-4 and
TensorFlow's Hash64; string_hash.py), so every string lands in the bucket TensorFlow puts
it in."""

import numpy as np

from nnext.strings import string_hash
from nnext.strings._values import as_values, numbers_out

__all__ = ["to_hash_bucket", "to_hash_bucket_fast", "to_hash_bucket_strong"]


def _buckets(input, num_buckets, hash_one):
    if int(num_buckets) < 1:
        raise ValueError(f"num_buckets must be >= 1. Received: num_buckets={num_buckets}")
    hashes = string_hash.hash_strings(as_values(input), hash_one)
    return numbers_out(hashes % np.uint64(int(num_buckets)), np.int64)


def to_hash_bucket(input, num_buckets, name=None):
    """Each string's bucket in [0, num_buckets) by TensorFlow's legacy Hash64 (prefer
    `to_hash_bucket_fast`, as TensorFlow says).

    Example:
        >>> nnext.strings.to_hash_bucket(["Hello", "TensorFlow", "2.x"], 3).numpy()
        array([2, 0, 1])
    """
    return _buckets(input, num_buckets, string_hash.hash64)


def to_hash_bucket_fast(input, num_buckets, name=None):
    """Each string's bucket in [0, num_buckets): Fingerprint64(string) % num_buckets.

    Example:
        >>> nnext.strings.to_hash_bucket_fast(["Hello", "TensorFlow", "2.x"], 3).numpy()
        array([0, 2, 2])
    """
    return _buckets(input, num_buckets, string_hash.fingerprint64)


def to_hash_bucket_strong(input, num_buckets, key, name=None):
    """Each string's bucket in [0, num_buckets) by SipHash-2-4 under the 128-bit `key`
    (a list of two ints).

    Example:
        >>> nnext.strings.to_hash_bucket_strong(["Hello", "TF"], 3, [1, 2]).numpy()
        array([2, 0])
    """
    if len(key) != 2:
        raise ValueError(f"Key must have 2 elements. Received: key={key}")
    k0, k1 = (int(k) for k in key)
    return _buckets(input, num_buckets, lambda s: string_hash.siphash24((k0, k1), s))
