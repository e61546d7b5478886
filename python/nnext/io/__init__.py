"""``tf.io``, in part: ``tf.io.gfile``, TensorFlow's file API, on the local filesystem.

``tf.io.gfile`` has TensorFlow 2.21's names, arguments and ``tf.errors`` exceptions
(``GFile``, ``exists``, ``glob``, ``isdir``, ``listdir``, ``makedirs``, ``mkdir``,
``remove``, ``rename``, ``rmtree``, ``stat``, ``walk``, ``copy``, ``join``,
``get_registered_schemes``). Paths are local paths or ``file://`` URIs; any other scheme
(``gs://``, ``s3://``, ``hdfs://``, ``ram://``) raises ``tf.errors.UnimplementedError``
naming the scheme.

``read_file`` and ``write_file`` move a whole file to and from a scalar string tensor
(file_io.py).

Not provided yet: the other ``tf.io`` ops on string tensors (``decode_*``/``encode_*``,
``parse_*example``, ``serialize_*``, ``TFRecordWriter``, ``matching_files``, ...).
"""

from nnext.io import gfile
from nnext.io.file_io import read_file, write_file

__all__ = ["gfile", "read_file", "write_file"]
