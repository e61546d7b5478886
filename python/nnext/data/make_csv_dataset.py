"""`tf.data.experimental.make_csv_dataset`: batches of CSV rows as (features dict, label)
pairs, with TensorFlow's conveniences: column names from the header line, column types
inferred from the first rows (int32, int64, float32, float64, then string: the least
permissive type every value so far fits; missing values default to 0 or ''), columns
selected by name or index, files matched by glob patterns, read in turn (interleaved
`num_parallel_reads` at a time), shuffled and repeated `num_epochs` times. The records
themselves are parsed by `CsvDataset`.
"""

import collections
import csv
import glob
import gzip

import numpy as np

from nnext import dtypes
from nnext.data.constants import AUTOTUNE
from nnext.data.csv_dataset import CsvDataset
from nnext.data.dataset import Dataset

__all__ = ["make_csv_dataset"]

_INFERRED_TYPES = (dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64, dtypes.string)


def make_csv_dataset(
    file_pattern,
    batch_size,
    column_names=None,
    column_defaults=None,
    label_name=None,
    select_columns=None,
    field_delim=",",
    use_quote_delim=True,
    na_value="",
    header=True,
    num_epochs=None,
    shuffle=True,
    shuffle_buffer_size=10000,
    shuffle_seed=None,
    prefetch_buffer_size=None,
    num_parallel_reads=None,
    sloppy=False,
    num_rows_for_inference=100,
    compression_type=None,
    ignore_errors=False,
    encoding="utf-8",
):
    """Reads CSV files into a dataset of batches: each element is a dict from column name
    to a `(batch_size,)` tensor, with `label_name`'s column split off as `(features,
    label)`.

    Args:
        file_pattern: a path or glob pattern, or a list of them.
        batch_size: rows per batch (the last one may be smaller when `num_epochs` is set;
            with `num_epochs=None` the data repeats forever and every batch is full).
        column_names: the columns' names, in order; by default the first file's header.
        column_defaults: one per selected column, as `CsvDataset`'s `record_defaults` (a
            dtype for a required column, or a default value); by default inferred from
            the first `num_rows_for_inference` rows (None: all rows).
        label_name: the column returned apart, as the label.
        select_columns: the columns to keep, by index or name.
        field_delim, use_quote_delim, na_value, header, compression_type: as in
            `CsvDataset` (type inference reads plain or GZIP files, not ZLIB).
        num_epochs: how many times the data repeats (None: forever).
        shuffle, shuffle_buffer_size, shuffle_seed: shuffle the files and the rows.
        prefetch_buffer_size: batches to prefetch (default AUTOTUNE).
        num_parallel_reads: files read in turn, one row from each (default 1).
        sloppy: accepted (the order is always deterministic here).
        ignore_errors: skip records that do not parse instead of raising.
        encoding: the text encoding of the files, for the header and type inference.

    Example:
        >>> ds = tf.data.experimental.make_csv_dataset(
        ...     "train.csv", batch_size=5, label_name="survived", num_epochs=1)
        >>> features, label = next(iter(ds))
    """
    del sloppy  # reads are sequential: the order never depends on timing
    num_parallel_reads = 1 if num_parallel_reads is None else num_parallel_reads
    if prefetch_buffer_size is None:
        prefetch_buffer_size = AUTOTUNE
    filenames = _file_names(file_pattern)
    dataset = Dataset.from_tensor_slices(filenames)
    if shuffle:
        dataset = dataset.shuffle(len(filenames), shuffle_seed)

    if column_names is None or column_defaults is None:
        open_text = _text_opener(compression_type, encoding)
    if column_names is None:
        if not header:
            raise ValueError("Cannot infer column names without a header line.")
        column_names = _column_names(filenames, field_delim, use_quote_delim, open_text)
    if len(column_names) != len(set(column_names)):
        raise ValueError("Cannot have duplicate column names.")
    if select_columns is not None:
        select_columns = _sorted_column_indices(select_columns, column_names)
    if column_defaults is None:
        column_defaults = _inferred_defaults(
            filenames,
            len(column_names),
            field_delim,
            use_quote_delim,
            na_value,
            header,
            num_rows_for_inference,
            select_columns,
            open_text,
        )
    if select_columns is not None and len(column_defaults) != len(select_columns):
        raise ValueError("If specified, column_defaults and select_columns must have same length.")
    if select_columns is not None and len(column_names) > len(select_columns):
        column_names = [column_names[i] for i in select_columns]
    if label_name is not None and label_name not in column_names:
        raise ValueError("`label_name` provided must be one of the columns.")

    def filename_to_dataset(filename):
        rows = CsvDataset(
            filename,
            record_defaults=column_defaults,
            compression_type=compression_type,
            header=header,
            field_delim=field_delim,
            use_quote_delim=use_quote_delim,
            na_value=na_value,
            select_cols=select_columns,
        )
        return rows.ignore_errors() if ignore_errors else rows

    def to_features(*columns):
        features = collections.OrderedDict(zip(column_names, columns))
        if label_name is not None:
            label = features.pop(label_name)
            return features, label
        return features

    dataset = dataset.interleave(
        filename_to_dataset, cycle_length=num_parallel_reads, block_length=1
    )
    if shuffle:
        dataset = dataset.shuffle(shuffle_buffer_size, shuffle_seed)
    if num_epochs != 1:
        dataset = dataset.repeat(num_epochs)
    # Batched before the map, as TensorFlow does; a dataset repeated forever has only
    # full batches.
    dataset = dataset.batch(batch_size, drop_remainder=num_epochs is None)
    dataset = dataset.map(to_features)
    return dataset.prefetch(prefetch_buffer_size)


def _file_names(file_pattern):
    if isinstance(file_pattern, (list, tuple)):
        if not file_pattern:
            raise ValueError("Argument `file_pattern` should not be empty.")
        names = [name for pattern in file_pattern for name in glob.glob(str(pattern))]
    else:
        names = glob.glob(str(file_pattern))
    if not names:
        raise ValueError(f"No files match `file_pattern` {file_pattern}.")
    return sorted(names)


def _text_opener(compression_type, encoding):
    kind = compression_type or ""
    if kind == "GZIP":
        return lambda name: gzip.open(name, "rt", encoding=encoding, newline="")
    if kind == "ZLIB":
        raise ValueError(f"compression_type ({kind}) is not supported for probing columns")
    if kind != "":
        raise ValueError(f"compression_type ({kind}) is not supported")
    return lambda name: open(name, encoding=encoding, newline="")


def _reader(f, field_delim, use_quote_delim):
    quoting = csv.QUOTE_MINIMAL if use_quote_delim else csv.QUOTE_NONE
    return csv.reader(f, delimiter=field_delim, quoting=quoting)


def _column_names(filenames, field_delim, use_quote_delim, open_text):
    headers = []
    for name in filenames:
        with open_text(name) as f:
            try:
                headers.append(next(_reader(f, field_delim, use_quote_delim)))
            except StopIteration:
                raise ValueError(
                    f"Received StopIteration when reading the header line of {name}. Empty file?"
                ) from None
    if any(h != headers[0] for h in headers[1:]):
        raise ValueError("Files have different column names in the header row.")
    return headers[0]


def _sorted_column_indices(select_columns, column_names):
    positions = {name: i for i, name in enumerate(column_names)}
    indices = []
    for column in select_columns:
        if isinstance(column, int):
            if not 0 <= column < len(column_names):
                raise ValueError(
                    f"Column index {column} specified in select_columns out of valid range."
                )
            indices.append(column)
        elif column not in positions:
            raise ValueError(
                f"Value '{column}' specified in select_columns not a valid column index or name."
            )
        else:
            indices.append(positions[column])
    indices = sorted(set(indices))
    if len(indices) != len(select_columns):
        raise ValueError("select_columns contains duplicate columns")
    return indices


def _rows(filenames, num_cols, field_delim, use_quote_delim, header, open_text):
    for name in filenames:
        with open_text(name) as f:
            reader = _reader(f, field_delim, use_quote_delim)
            if header:
                next(reader, None)
            for row in reader:
                if len(row) != num_cols:
                    raise ValueError(
                        "Problem inferring types: CSV row has different number of fields "
                        "than expected."
                    )
                yield row


def _fits(text, dtype):
    try:
        if dtype.is_integer:
            value = int(text)
            info = np.iinfo(dtype.as_numpy_dtype)
            return info.min <= value <= info.max
        if dtype.is_floating:
            return abs(float(text)) < np.finfo(dtype.as_numpy_dtype).max
    except ValueError:
        return False
    return True  # string


def _inferred_type(text, na_value, previous):
    """The least permissive type that fits `text` and every value seen before it."""
    if text in ("", na_value):
        return previous  # a missing value says nothing about the type
    start = 0 if previous is None else _INFERRED_TYPES.index(previous)
    return next(t for t in _INFERRED_TYPES[start:] if _fits(text, t))


def _inferred_defaults(
    filenames,
    num_cols,
    field_delim,
    use_quote_delim,
    na_value,
    header,
    num_rows_for_inference,
    select_columns,
    open_text,
):
    columns = range(num_cols) if select_columns is None else select_columns
    types = [None] * len(columns)
    rows = _rows(filenames, num_cols, field_delim, use_quote_delim, header, open_text)
    for i, row in enumerate(rows):
        if num_rows_for_inference is not None and i >= num_rows_for_inference:
            break
        types = [_inferred_type(row[c], na_value, t) for c, t in zip(columns, types)]
    # Every column is optional: a missing value is 0, or '' for strings.
    return [
        np.array([b""], dtype=object)
        if t in (None, dtypes.string)
        else np.array([0], dtype=t.as_numpy_dtype)
        for t in types
    ]
