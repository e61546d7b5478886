"""tf.data.experimental.make_csv_dataset against TensorFlow's documented behaviour (its
readers.py): header names, inferred types (int32 -> int64 -> float32 -> float64 ->
string, missing values defaulting to 0 / ''), label split, select_columns by name,
GZIP, num_epochs/drop_remainder, ignore_errors and its ValueErrors."""

import gzip

import numpy as np
import pytest

import nnext as tf

CSV = "survived,sex,age,fare,big\n1,female,22,7.25,3000000000\n0,male,,8.5,1\n1,male,3,1e3,2\n"


@pytest.fixture
def titanic(tmp_path):
    path = tmp_path / "train.csv"
    path.write_text(CSV)
    return str(path)


def batches(dataset):
    return [(dict(f), label) for f, label in dataset]


def test_names_types_defaults_and_label(titanic):
    ds = tf.data.experimental.make_csv_dataset(
        titanic, batch_size=2, label_name="survived", num_epochs=1, shuffle=False
    )
    (first, label), (second, _) = batches(ds)
    assert list(first) == ["sex", "age", "fare", "big"]
    assert [first[k].dtype for k in first] == [tf.string, tf.int32, tf.float32, tf.int64]
    assert first["sex"].numpy().tolist() == [b"female", b"male"]
    np.testing.assert_array_equal(first["age"].numpy(), [22, 0])  # a missing value: 0
    np.testing.assert_array_equal(first["big"].numpy(), [3000000000, 1])
    assert label.dtype == tf.int32 and label.numpy().tolist() == [1, 0]
    assert second["fare"].numpy().tolist() == [1000.0]  # the last, partial batch


def test_select_columns_by_name_and_gzip(titanic, tmp_path):
    path = tmp_path / "train.csv.gz"
    with gzip.open(path, "wt") as f:
        f.write(CSV)
    ds = tf.data.experimental.make_csv_dataset(
        str(path),
        batch_size=3,
        num_epochs=1,
        shuffle=False,
        compression_type="GZIP",
        select_columns=["fare", "sex"],
    )
    (features,) = [dict(f) for f in ds]
    assert list(features) == ["sex", "fare"]
    np.testing.assert_allclose(features["fare"].numpy(), [7.25, 8.5, 1000.0])


def test_repeating_forever_gives_full_batches(titanic):
    ds = tf.data.experimental.make_csv_dataset(titanic, batch_size=2, label_name="survived")
    assert ds.element_spec[1].shape == (2,)
    sizes = [label.shape[0] for _, label in ds.take(5)]
    assert sizes == [2] * 5


def test_ignore_errors_skips_bad_records(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("a,b\n1,2\n3\n4,5\n")
    ds = tf.data.experimental.make_csv_dataset(
        str(path),
        batch_size=5,
        num_epochs=1,
        shuffle=False,
        column_defaults=[0, 0],
        ignore_errors=True,
    )
    (features,) = [dict(f) for f in ds]
    assert features["a"].numpy().tolist() == [1, 4]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"label_name": "nope"}, "`label_name` provided must be one of the columns."),
        ({"select_columns": ["nope"]}, "not a valid column index or name"),
        ({"header": False}, "Cannot infer column names without a header line."),
        ({"compression_type": "ZLIB"}, "not supported for probing columns"),
    ],
)
def test_bad_arguments_raise_tensorflows_value_errors(titanic, kwargs, message):
    with pytest.raises(ValueError, match=message):
        tf.data.experimental.make_csv_dataset(titanic, batch_size=2, **kwargs)


def test_no_matching_file(tmp_path):
    with pytest.raises(ValueError, match="No files match `file_pattern`"):
        tf.data.experimental.make_csv_dataset(str(tmp_path / "*.csv"), batch_size=2)


def test_csv_dataset_reads_on_after_a_bad_record(tmp_path):
    # TensorFlow's reader raises for the bad record only: ignore_errors() drops just it.
    path = tmp_path / "rows.csv"
    path.write_text("1,2\nx,3\n4,5\n")
    ds = tf.data.experimental.CsvDataset(str(path), [tf.int32, tf.int32]).ignore_errors()
    assert [(int(a), int(b)) for a, b in ds] == [(1, 2), (4, 5)]
