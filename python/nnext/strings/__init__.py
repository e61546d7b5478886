"""`tf.strings`: operations on string tensors (nnext/string_tensor.py).

Every op takes string tensors, NumPy arrays of str/bytes/objects, Python strings and
(nested) lists of them, and returns string or numeric tensors. Ops whose TensorFlow result
is a RaggedTensor (`split`, `bytes_split`, the `unicode_*` splits and decodes, `ngrams` of
token lists) return nested Python lists for inputs of rank 1 or more (splitting.py).
Not provided: `unicode_script` (it needs ICU's script tables).
"""

from nnext.strings.case_and_length import length, lower, strip, substr, upper
from nnext.strings.conversion import as_string, format, to_number
from nnext.strings.hashing import to_hash_bucket, to_hash_bucket_fast, to_hash_bucket_strong
from nnext.strings.joining import join, reduce_join, unsorted_segment_join
from nnext.strings.regex import regex_full_match, regex_replace
from nnext.strings.splitting import bytes_split, ngrams, split
from nnext.strings.unicode import (
    unicode_decode,
    unicode_decode_with_offsets,
    unicode_encode,
    unicode_split,
    unicode_split_with_offsets,
    unicode_transcode,
)

__all__ = [
    "as_string",
    "bytes_split",
    "format",
    "join",
    "length",
    "lower",
    "ngrams",
    "reduce_join",
    "regex_full_match",
    "regex_replace",
    "split",
    "strip",
    "substr",
    "to_hash_bucket",
    "to_hash_bucket_fast",
    "to_hash_bucket_strong",
    "to_number",
    "unicode_decode",
    "unicode_decode_with_offsets",
    "unicode_encode",
    "unicode_split",
    "unicode_split_with_offsets",
    "unicode_transcode",
    "unsorted_segment_join",
    "upper",
]
