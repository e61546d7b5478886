"""`tf.data.experimental.CsvDataset`: records of CSV files as tuples of scalars. Quoting is
checked against Python's `csv` module (RFC 4180, as TensorFlow's reader), defaults, column
selection and the errors against TensorFlow's reader (csv_dataset_op.cc and its tests:
TensorFlow is not installed here)."""

import csv
import gzip
import io
import zlib

import numpy as np
import pytest

import nnext as tf

CsvDataset = tf.data.experimental.CsvDataset


def write(tmp_path, text, name="data.csv", compress=None):
    path = tmp_path / name
    data = text.encode()
    if compress == "GZIP":
        data = gzip.compress(data)
    elif compress == "ZLIB":
        data = zlib.compress(data)
    path.write_bytes(data)
    return str(path)


def records(dataset):
    return [tuple(np.asarray(t.numpy()).item() for t in record) for record in dataset]


def test_quoted_fields_split_as_the_csv_module_splits_them(tmp_path):
    text = 'a,"b,c","say ""hi""",\r\n"multi\nline",x,"",y\n'
    expected = [tuple(v.encode() for v in row) for row in csv.reader(io.StringIO(text))]
    path = write(tmp_path, text)
    # A quoted empty field is empty too: the third column's default fills row 2.
    got = records(CsvDataset(path, [tf.string, tf.string, "-", ""]))
    assert got == [expected[0], expected[1][:2] + (b"-", b"y")]


def test_defaults_fill_empty_and_na_fields_and_give_the_column_dtypes(tmp_path):
    path = write(tmp_path, "h1,h2,h3,h4\n1,,2.5,NA\n,7,,x\n")
    dataset = CsvDataset(
        path, [0, tf.constant([9], tf.int64), tf.float64, "d"], header=True, na_value="NA"
    )
    spec = dataset.element_spec
    assert [s.dtype for s in spec] == [tf.int32, tf.int64, tf.float64, tf.string]
    assert all(s.shape == () for s in spec)
    it = iter(dataset)
    assert records([next(it)]) == [(1, 9, 2.5, b"d")]
    with pytest.raises(tf.errors.InvalidArgumentError, match="Field 2 is required but missing"):
        next(it)


@pytest.mark.parametrize("compression", ["GZIP", "ZLIB"])
def test_compressed_files_read_as_the_plain_file(tmp_path, compression):
    text = "1.5,2\n3,4.25\n"
    plain = records(CsvDataset(write(tmp_path, text), [0.0] * 2))
    packed = CsvDataset(
        write(tmp_path, text, "c.csv", compression), [0.0] * 2, compression_type=compression
    )
    assert records(packed) == plain == [(1.5, 2.0), (3.0, 4.25)]


def test_files_are_read_in_order_and_batches_stack_the_columns(tmp_path):
    first, second = write(tmp_path, "1,2\n", "a.csv"), write(tmp_path, "3,4\n5,6", "b.csv")
    (a, b), *_ = CsvDataset([first, second], [tf.int64, tf.int64]).batch(3)
    np.testing.assert_array_equal(a, [1, 3, 5])
    np.testing.assert_array_equal(b, [2, 4, 6])


def test_select_and_exclude_cols(tmp_path):
    path = write(tmp_path, "1,2,3,4\n5,6,7,8\n")
    assert records(CsvDataset(path, [0, 0], select_cols=[1, 3])) == [(2, 4), (6, 8)]
    assert records(CsvDataset(path, [0, 0], exclude_cols=[0, 2])) == [(2, 4), (6, 8)]
    # TensorFlow's test: selecting columns past the record's end leaves too few fields.
    short = CsvDataset(path, [[0]] * 2, select_cols=[3, 4])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Expect 2 fields but have 1 in"):
        records(short)


@pytest.mark.parametrize(
    ("text", "defaults", "message"),
    [
        ("1,2,3\n", [0, 0], "Expect 2 fields but have more in record"),
        ("1\n", [0, 0], "Expect 2 fields but have 1 in record"),
        ("x,1\n", [0.0, 0], "Field 0 in record is not a valid float: x"),
        ("1,2.5\n", [0, tf.int64], "Field 1 in record is not a valid int64: 2.5"),
        ("1,3000000000\n", [0, 0], "Field 1 in record is not a valid int32: 3000000000"),
        ('1,"open\n', [0, ""], "Reached end of file without closing quoted field"),
        ('1,a"b\n', [0, ""], "Unquoted fields cannot have quotes inside"),
        ('1,"a"b"\n', [0, ""], "Quote inside a string has to be escaped by another quote"),
        # TensorFlow reports the end of the file first when no quote closes the field.
        ('1,"a"b\n', [0, ""], "Reached end of file without closing quoted field"),
    ],
)
def test_bad_records_raise_tensorflows_errors(tmp_path, text, defaults, message):
    dataset = CsvDataset(write(tmp_path, "7,8\n" + text), defaults, select_cols=None)
    it = iter(dataset)
    next(it)  # the good record before the bad one is read
    with pytest.raises(tf.errors.InvalidArgumentError, match=message):
        next(it)


def test_bad_arguments_raise_at_construction(tmp_path):
    path = write(tmp_path, "1\n")
    with pytest.raises(tf.errors.InvalidArgumentError, match="Unsupported compression_type: X"):
        CsvDataset(path, [0], compression_type="X")
    with pytest.raises(tf.errors.InvalidArgumentError, match="field_delim should be only 1"):
        CsvDataset(path, [0], field_delim=";;")
    with pytest.raises(tf.errors.InvalidArgumentError, match="strictly increasing"):
        CsvDataset(path, [0, 0], select_cols=[2, 1])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Either select_cols or exclude"):
        CsvDataset(path, [0], select_cols=[0], exclude_cols=[1])
    with pytest.raises(tf.errors.InvalidArgumentError, match="only be 1 default per field"):
        CsvDataset(path, [[1, 2]])


def test_other_delimiters_and_quotes_off(tmp_path):
    path = write(tmp_path, 'a;"b;c"\n')
    # Without use_quote_delim, quotes are plain characters and split nothing.
    unquoted = CsvDataset(path, ["", "", ""], field_delim=";", use_quote_delim=False)
    assert records(unquoted) == [(b"a", b'"b', b'c"')]
    assert records(CsvDataset(path, ["", ""], field_delim=";")) == [(b"a", b"b;c")]
