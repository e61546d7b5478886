"""tf.strings (nnext/strings/): values against TensorFlow 2.21's documented examples and
Python's own string semantics, errors with TensorFlow's messages."""

import inspect
import re
import string

import numpy as np
import pytest

import nnext as tf
from nnext import errors
from nnext.string_tensor import StringTensor
from nnext.strings import string_hash

WORDS = ["Hello", "TensorFlow", "\U0001f642", "héllo wörld", "", "  a\tb\n", "ABC def"]


def values(t):
    return t.numpy().tolist() if t.ndim else t.numpy()


def test_length():
    # The tf.strings.length docstring's example.
    strings = tf.constant(["Hello", "TensorFlow", "\U0001f642"])
    np.testing.assert_array_equal(tf.strings.length(strings).numpy(), [5, 10, 4])
    np.testing.assert_array_equal(tf.strings.length(strings, unit="UTF8_CHAR").numpy(), [5, 10, 1])
    out = tf.strings.length(WORDS, unit="UTF8_CHAR")
    assert out.dtype == tf.int32
    assert out.numpy().tolist() == [len(w) for w in WORDS]
    assert tf.strings.length(WORDS).numpy().tolist() == [len(w.encode()) for w in WORDS]
    assert tf.strings.length("abc").shape == ()
    assert tf.strings.length(tf.constant([], dtype=tf.string)).shape == (0,)
    with pytest.raises(ValueError, match="unit must be one of"):
        tf.strings.length("a", unit="CHAR")


def test_lower_upper_strip():
    assert tf.strings.lower("CamelCase string and ALL CAPS").numpy() == (
        b"camelcase string and all caps"
    )
    # The default encoding '' changes ASCII letters only; 'utf-8' every letter.
    assert tf.strings.lower("ÉTÉ AB").numpy() == "ÉtÉ ab".encode()
    assert tf.strings.lower("ÉTÉ AB", encoding="utf-8").numpy() == "été ab".encode()
    assert values(tf.strings.upper(WORDS)) == [w.encode().upper() for w in WORDS]
    assert values(tf.strings.upper(WORDS, encoding="utf-8")) == [w.upper().encode() for w in WORDS]
    np.testing.assert_array_equal(
        tf.strings.strip([b"\nTensorFlow", b"     The python library    "]).numpy(),
        np.array([b"TensorFlow", b"The python library"], dtype=object),
    )
    assert values(tf.strings.strip(WORDS)) == [w.encode().strip() for w in WORDS]
    with pytest.raises(errors.InvalidArgumentError, match="encoding"):
        tf.strings.lower("a", encoding="latin-1")


def test_substr():
    # The tf.strings.substr docstring's examples.
    np.testing.assert_array_equal(
        tf.strings.substr([b"Hello", b"World"], 1, 3).numpy(), [b"ell", b"orl"]
    )
    np.testing.assert_array_equal(
        tf.strings.substr([[b"ten", b"eleven", b"twelve"], [b"thirteen", b"fourteen", b"fifteen"]],
                          [[1, 2, 3], [3, 2, 1]], [[2, 3, 4], [4, 3, 2]]).numpy(),
        [[b"en", b"eve", b"lve"], [b"rtee", b"urt", b"if"]],
    )  # fmt: skip
    np.testing.assert_array_equal(
        tf.strings.substr([[b"ten", b"eleven", b"twelve"], [b"thirteen", b"fourteen", b"fifteen"]],
                          [1, 2, 3], [1, 2, 3]).numpy(),
        [[b"e", b"ev", b"lve"], [b"h", b"ur", b"tee"]],
    )  # fmt: skip
    np.testing.assert_array_equal(
        tf.strings.substr(b"thirteen", [1, 5, 7], [3, 2, 1]).numpy(), [b"hir", b"ee", b"n"]
    )
    assert tf.strings.substr("hello", -3, 2).numpy() == b"ll"
    assert tf.strings.substr("hello", 2, -1).numpy() == b"llo"
    assert tf.strings.substr("hello", 5, 2).numpy() == b""
    assert tf.strings.substr("héllo", 1, 2, unit="UTF8_CHAR").numpy() == "él".encode()
    with pytest.raises(
        errors.InvalidArgumentError, match=r"pos 4 out of range for string b'bad' at index 5"
    ):
        tf.strings.substr(
            [["good"] * 3, ["good", "good", "bad"]], [[1, 2, 3], [1, 2, 4]], [[1] * 3] * 2
        )
    with pytest.raises(
        errors.InvalidArgumentError, match=r"^pos -4 out of range for string at index 0$"
    ):
        tf.strings.substr("abc", -4, 1, unit="UTF8_CHAR")
    with pytest.raises(errors.InvalidArgumentError, match="pos and len should have the same"):
        tf.strings.substr("abc", [1, 2], 1)


def test_join_and_reduce_join():
    assert tf.strings.join(["abc", "def"]).numpy() == b"abcdef"
    np.testing.assert_array_equal(
        tf.strings.join([["abc", "123"], ["def", "456"], ["ghi", "789"]], separator=".").numpy(),
        [b"abc.def.ghi", b"123.456.789"],
    )
    np.testing.assert_array_equal(
        tf.strings.join([["a", "b"], "c"], separator="-").numpy(), [b"a-c", b"b-c"]
    )
    with pytest.raises(errors.InvalidArgumentError, match="Input shapes do not match"):
        tf.strings.join([["a", "b"], ["c", "d", "e"]])
    strings = [["abc", "123"], ["def", "456"]]
    assert tf.strings.reduce_join(strings).numpy() == b"abc123def456"
    np.testing.assert_array_equal(
        tf.strings.reduce_join(strings, axis=-1).numpy(), [b"abc123", b"def456"]
    )
    np.testing.assert_array_equal(
        tf.strings.reduce_join(strings, axis=-1, separator=".").numpy(), [b"abc.123", b"def.456"]
    )
    np.testing.assert_array_equal(
        tf.strings.reduce_join(strings, axis=0, keepdims=True, separator=" ").numpy(),
        [[b"abc def", b"123 456"]],
    )
    assert tf.strings.reduce_join(strings, axis=[0, 1], separator="|").numpy() == (
        b"abc|123|def|456"
    )
    assert tf.strings.reduce_join(tf.constant([], dtype=tf.string)).numpy() == b""
    with pytest.raises(errors.InvalidArgumentError, match="Invalid reduction dimension 2"):
        tf.strings.reduce_join(strings, axis=2)


def test_as_string():
    np.testing.assert_array_equal(tf.strings.as_string([3, 2]).numpy(), [b"3", b"2"])
    np.testing.assert_array_equal(
        tf.strings.as_string([3.1415926, 2.71828], precision=2).numpy(), [b"3.14", b"2.72"]
    )
    x = np.array([0.5, -12.25, 1e-7, 123456789.0], np.float64)
    for kwargs, spec in [
        ({}, "%f"),
        ({"scientific": True}, "%e"),
        ({"shortest": True}, "%g"),
        ({"precision": 3, "width": 12}, "%12.3f"),
        ({"width": 12, "fill": "0"}, "%012f"),
        ({"width": 12, "fill": "-"}, "%-12f"),
    ]:
        assert values(tf.strings.as_string(x, **kwargs)) == [(spec % v).encode() for v in x]
    assert values(tf.strings.as_string([7, -3], width=4, fill="0")) == [b"0007", b"-003"]
    np.testing.assert_array_equal(tf.strings.as_string([True, False]).numpy(), [b"true", b"false"])
    assert tf.strings.as_string("ab", width=4).numpy() == b"  ab"
    with pytest.raises(errors.InvalidArgumentError, match="Cannot select both scientific"):
        tf.strings.as_string(1.0, scientific=True, shortest=True)
    with pytest.raises(errors.InvalidArgumentError, match="precision not supported for datatype"):
        tf.strings.as_string(1, precision=2)
    with pytest.raises(errors.InvalidArgumentError, match="scientific and shortest format"):
        tf.strings.as_string(1, shortest=True)
    with pytest.raises(errors.InvalidArgumentError, match="Fill string must be one or fewer"):
        tf.strings.as_string(1, fill="ab")
    with pytest.raises(errors.InvalidArgumentError, match='Fill argument not supported: "x"'):
        tf.strings.as_string(1, width=3, fill="x")


def test_to_number():
    out = tf.strings.to_number("1.55")
    assert out.dtype == tf.float32 and out.shape == ()
    np.testing.assert_allclose(out.numpy(), 1.55)
    assert tf.strings.to_number("3", tf.int32).numpy() == 3
    texts = [" 12 ", "-0.5", "1e3", ".5", "inf", "-Infinity", "nan", "+7."]
    np.testing.assert_array_equal(
        tf.strings.to_number(texts, tf.float64).numpy(), [float(t) for t in texts]
    )
    np.testing.assert_array_equal(
        tf.strings.to_number(["-7", "+12", " 3"], out_type="int64").numpy(), [-7, 12, 3]
    )
    for bad, out_type in [("abc", tf.float32), ("1_000", tf.float32), ("1.5", tf.int32),
                          ("3000000000", tf.int32), ("", tf.float64)]:  # fmt: skip
        with pytest.raises(
            errors.InvalidArgumentError,
            match=f"^StringToNumberOp could not correctly convert string: {re.escape(bad)}$",
        ):
            tf.strings.to_number(["1", bad], out_type)
    with pytest.raises(TypeError, match="not in list of allowed values"):
        tf.strings.to_number("1", tf.bool)


def test_regex():
    np.testing.assert_array_equal(
        tf.strings.regex_full_match(["TF lib", "lib TF"], ".*lib$").numpy(), [True, False]
    )
    np.testing.assert_array_equal(
        tf.strings.regex_full_match(["TF lib", "lib TF"], ".*TF$").numpy(), [False, True]
    )
    assert (
        tf.strings.regex_replace(
            "Text with tags.<br /><b>contains html</b>", "<[^>]+>", " "
        ).numpy()
        == b"Text with tags.  contains html "
    )
    punct = f"[{re.escape(string.punctuation)}]"
    texts = ["Don't stop!<br />Wow, really?", "ÉTÉ (2026)", "a.b.c"]
    expected = [re.sub(punct, "", t).encode() for t in texts]
    assert values(tf.strings.regex_replace(texts, punct, "")) == expected
    # RE2's rewrite: \\1 is a group, \\0 the whole match; replace_global=False only the first.
    assert tf.strings.regex_replace("a1b22", r"(\d+)", r"<\1>").numpy() == b"a<1>b<22>"
    assert tf.strings.regex_replace("a1b22", r"\d", r"[\0]", replace_global=False).numpy() == (
        b"a[1]b22"
    )
    assert tf.strings.regex_replace("a.b", r"\.", r"\\").numpy() == b"a\\b"
    # '.' matches one UTF-8 character, \\w is ASCII, as in RE2.
    assert tf.strings.regex_replace("é", ".", "x").numpy() == b"x"
    assert tf.strings.regex_replace("éa", r"\w", "x").numpy() == "éx".encode()
    with pytest.raises(errors.InvalidArgumentError, match="Invalid pattern: \\(, error"):
        tf.strings.regex_full_match("a", "(")


def test_split_family():
    split = tf.strings.split("hello world")
    assert type(split) is StringTensor
    np.testing.assert_array_equal(split.numpy(), [b"hello", b"world"])
    assert tf.strings.split(["hello world", "a b c"]) == [[b"hello", b"world"], [b"a", b"b", b"c"]]
    assert tf.strings.split(["1<>2<>3"], sep="<>") == [[b"1", b"2", b"3"]]
    assert tf.strings.split(["1,2,,3", ""], ",") == [[b"1", b"2", b"", b"3"], [b""]]
    assert tf.strings.split(["a b c d"], maxsplit=2) == [[b"a", b"b", b"c d"]]
    assert tf.strings.split([["a b"], ["c"]]) == [[[b"a", b"b"]], [[b"c"]]]
    for text in WORDS:
        assert tf.strings.split([text]) == [text.encode().split()]
    np.testing.assert_array_equal(
        tf.strings.bytes_split("hello").numpy(), [b"h", b"e", b"l", b"l", b"o"]
    )
    assert tf.strings.bytes_split(["hi", "é"]) == [[b"h", b"i"], [b"\xc3", b"\xa9"]]
    assert tf.strings.unicode_decode(["Hello", "你好"], "UTF-8") == [
        [72, 101, 108, 108, 111],
        [20320, 22909],
    ]
    decoded = tf.strings.unicode_decode("hé", "UTF-8")
    assert decoded.dtype == tf.int32 and decoded.numpy().tolist() == [104, 233]
    assert tf.strings.unicode_decode(b"a\xffb", "UTF-8").numpy().tolist() == [97, 65533, 98]
    assert tf.strings.unicode_split(["hé"], "UTF-8") == [[b"h", "é".encode()]]
    with pytest.raises(errors.InvalidArgumentError, match="Invalid formatting"):
        tf.strings.unicode_decode(b"\xff", "UTF-8", errors="strict")


def test_ngrams():
    np.testing.assert_array_equal(
        tf.strings.ngrams(["A", "B", "C", "D"], 2).numpy(), [b"A B", b"B C", b"C D"]
    )
    np.testing.assert_array_equal(
        tf.strings.ngrams(["A", "B", "C", "D"], 3).numpy(), [b"A B C", b"B C D"]
    )
    np.testing.assert_array_equal(
        tf.strings.ngrams(["A", "B", "C"], (1, 2), separator="_").numpy(),
        [b"A", b"B", b"C", b"A_B", b"B_C"],
    )
    np.testing.assert_array_equal(
        tf.strings.ngrams(["A", "B"], 2, pad_values=("<", ">"), padding_width=1).numpy(),
        [b"< A", b"A B", b"B >"],
    )
    assert tf.strings.ngrams([["a", "b", "c"], ["d"]], 2) == [[b"a b", b"b c"], []]
    assert tf.strings.ngrams([["a"]], 2, preserve_short_sequences=True) == [[b"a"]]


def test_hash_buckets():
    # The docstrings' examples.
    np.testing.assert_array_equal(
        tf.strings.to_hash_bucket_fast(["Hello", "TensorFlow", "2.x"], 3).numpy(), [0, 2, 2]
    )
    np.testing.assert_array_equal(
        tf.strings.to_hash_bucket_strong(["Hello", "TF"], 3, [1, 2]).numpy(), [2, 0]
    )
    out = tf.strings.to_hash_bucket_fast(WORDS, 1000)
    assert out.dtype == tf.int64
    assert out.numpy().tolist() == [string_hash.fingerprint64(w) % 1000 for w in WORDS]
    with pytest.raises(ValueError, match="num_buckets"):
        tf.strings.to_hash_bucket_fast("a", 0)


def test_format():
    assert tf.strings.format("tensor: {}, suffix", tf.range(5)).numpy() == (
        b"tensor: [0 1 2 3 4], suffix"
    )
    assert tf.strings.format("{}", tf.range(10)).numpy() == b"[0 1 2 ... 7 8 9]"
    assert tf.strings.format("{}", tf.range(10), summarize=-1).numpy() == b"[0 1 2 3 4 5 6 7 8 9]"
    assert tf.strings.format("{}", tf.constant([[1, 2], [3, 4]])).numpy() == b"[[1 2]\n [3 4]]"
    assert tf.strings.format("a={} b={}", (tf.constant(1.5), tf.constant(["x", 'y"']))).numpy() == (
        b'a=1.5 b=["x" "y\\""]'
    )
    assert tf.strings.format("<>", tf.constant([1]), placeholder="<>").numpy() == b"[1]"
    assert tf.strings.format("{}", [1]).numpy() == b"1"  # a list holds the tensors
    with pytest.raises(ValueError, match="The template expects 2 tensors"):
        tf.strings.format("{} {}", [tf.constant(1)])


def test_inputs_of_every_kind():
    expected = [b"ab", b"cd"]
    for value in (["AB", "CD"], np.array(["AB", "CD"]), np.array([b"AB", b"CD"]),
                  tf.constant(["AB", "CD"])):  # fmt: skip
        assert values(tf.strings.lower(value)) == expected
    with pytest.raises(TypeError, match="has DataType int32 not in list of allowed values: string"):
        tf.strings.lower(tf.constant([1, 2]))


def test_unicode_encode_transcode_and_offsets():
    np.testing.assert_array_equal(
        tf.strings.unicode_encode([[71, 111], [104, 233]], "UTF-8").numpy(), [b"Go", "hé".encode()]
    )
    # Ragged rows of code points (lists of different lengths) give one string each.
    np.testing.assert_array_equal(
        tf.strings.unicode_encode([[71, 111, 111, 100], [128578]], "UTF-8").numpy(),
        [b"Good", "\U0001f642".encode()],
    )
    assert tf.strings.unicode_encode([72, -1, 105], "UTF-8").numpy() == "H\ufffdi".encode()
    assert tf.strings.unicode_encode([72, -1], "UTF-8", errors="ignore").numpy() == b"H"
    with pytest.raises(errors.InvalidArgumentError, match="Invalid code point"):
        tf.strings.unicode_encode([0xD800], "UTF-8", errors="strict")
    text = "h\U0001f642é"
    for encoding, codec in (("UTF-16-BE", "utf-16-be"), ("UTF-32-BE", "utf-32-be")):
        out = tf.strings.unicode_transcode(text, "UTF-8", encoding)
        assert out.numpy() == text.encode(codec)
        assert tf.strings.unicode_decode(out, encoding).numpy().tolist() == [ord(c) for c in text]
    points, offsets = tf.strings.unicode_decode_with_offsets(text, "UTF-8")
    assert points.dtype == tf.int32 and offsets.dtype == tf.int64
    assert offsets.numpy().tolist() == [0, 1, 5]
    chars, offsets = tf.strings.unicode_split_with_offsets([text, b"a\xffb"], "UTF-8")
    assert chars == [[c.encode() for c in text], [b"a", b"\xff", b"b"]]
    assert offsets == [[0, 1, 5], [0, 1, 2]]
    assert tf.strings.unicode_decode("a\x01", "UTF-8", replace_control_characters=True).numpy(
    ).tolist() == [97, 65533]  # fmt: skip
    with pytest.raises(errors.InvalidArgumentError, match="Could not create converter"):
        tf.strings.unicode_decode("a", "EBCDIC")


def test_legacy_hash_bucket_and_segment_join():
    # The tf.strings.to_hash_bucket docstring's example (TensorFlow's Hash64).
    np.testing.assert_array_equal(
        tf.strings.to_hash_bucket(["Hello", "TensorFlow", "2.x"], 3).numpy(), [2, 0, 1]
    )
    np.testing.assert_array_equal(
        tf.strings.unsorted_segment_join(["this", "is", "a", "test"], [0, 0, 0, 0], 1,
                                         separator=" ").numpy(),
        [b"this is a test"],
    )  # fmt: skip
    np.testing.assert_array_equal(
        tf.strings.unsorted_segment_join(
            [["Y", "q", "c"], ["Y", "6", "6"], ["p", "G", "a"]], [1, 0, 1], 2, separator=":"
        ).numpy(),
        [[b"Y", b"6", b"6"], [b"Y:p", b"q:G", b"c:a"]],
    )
    out = tf.strings.unsorted_segment_join(["a", "b", "c"], [2, -1, 2], 3)
    assert out.numpy().tolist() == [b"", b"", b"ac"]
    with pytest.raises(errors.InvalidArgumentError, match=r"segment_ids\[0\] = 3 is out of range"):
        tf.strings.unsorted_segment_join(["a"], [3], 2)


# TensorFlow 2.21's signatures (the v2 API golden file), argument names and defaults.
SIGNATURES = {
    "as_string": "(input, precision=-1, scientific=False, shortest=False, width=-1, fill='', "
    "name=None)",
    "format": "(template, inputs, placeholder='{}', summarize=3, name=None)",
    "join": "(inputs, separator='', name=None)",
    "length": "(input, unit='BYTE', name=None)",
    "lower": "(input, encoding='', name=None)",
    "reduce_join": "(inputs, axis=None, keepdims=False, separator='', name=None)",
    "regex_full_match": "(input, pattern, name=None)",
    "regex_replace": "(input, pattern, rewrite, replace_global=True, name=None)",
    "split": "(input, sep=None, maxsplit=-1, name=None)",
    "strip": "(input, name=None)",
    "substr": "(input, pos, len, unit='BYTE', name=None)",
    "to_hash_bucket_strong": "(input, num_buckets, key, name=None)",
    "unicode_decode": "(input, input_encoding, errors='replace', replacement_char=65533, "
    "replace_control_characters=False, name=None)",
    "unicode_encode": "(input, output_encoding, errors='replace', replacement_char=65533, "
    "name=None)",
    "unicode_transcode": "(input, input_encoding, output_encoding, errors='replace', "
    "replacement_char=65533, replace_control_characters=False, name=None)",
    "unsorted_segment_join": "(inputs, segment_ids, num_segments, separator='', name=None)",
}


@pytest.mark.parametrize("name", sorted(SIGNATURES))
def test_signatures(name):
    assert str(inspect.signature(getattr(tf.strings, name))) == SIGNATURES[name]
    assert inspect.signature(tf.strings.to_number).parameters["out_type"].default is tf.float32
