"""``tf.io``, in part: ``tf.io.gfile``, TensorFlow's file API, on the local filesystem.

``tf.io.gfile`` has TensorFlow 2.21's names, arguments and ``tf.errors`` exceptions
(``GFile``, ``exists``, ``glob``, ``isdir``, ``listdir``, ``makedirs``, ``mkdir``,
``remove``, ``rename``, ``rmtree``, ``stat``, ``walk``, ``copy``, ``join``,
``get_registered_schemes``). Paths are local paths or ``file://`` URIs; any other scheme
(``gs://``, ``s3://``, ``hdfs://``, ``ram://``) raises ``tf.errors.UnimplementedError``
naming the scheme.

Not provided: the ``tf.io`` ops that carry bytes or strings in tensors (``read_file``,
``write_file``, ``decode_*``/``encode_*``, ``parse_*example``, ``serialize_*``,
``TFRecordWriter``, ``matching_files``, ...): nnext tensors have no string dtype, so those
values cannot be represented. Read and write files with ``tf.io.gfile.GFile`` instead.
"""

from nnext.io import gfile

__all__ = ["gfile"]
