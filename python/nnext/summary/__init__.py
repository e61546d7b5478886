"""`tf.summary`: TensorBoard summaries written to event files.

Create a writer with `create_file_writer`, make it the default with `as_default`, and
write `scalar`, `histogram`, `image` and `text` summaries (or any tensor with `write`) at
integer steps. The files are TensorFlow 2's: TFRecord-framed `Event` protos holding
tensors with the TensorBoard plugins' metadata, so `tensorboard --logdir` reads them.

Example:
    >>> import nnext as tf
    >>> writer = tf.summary.create_file_writer("logs/run1")
    >>> with writer.as_default():
    ...     for step in range(100):
    ...         tf.summary.scalar("loss", 1.0 / (step + 1), step=step)
    ...         tf.summary.histogram("weights", tf.random.normal([1000]), step=step)
"""

from nnext.summary import experimental
from nnext.summary.summary_ops import (
    SummaryWriter,
    create_file_writer,
    create_noop_writer,
    flush,
    histogram,
    image,
    record_if,
    scalar,
    should_record_summaries,
    text,
    write,
)

__all__ = [
    "SummaryWriter",
    "create_file_writer",
    "create_noop_writer",
    "experimental",
    "flush",
    "histogram",
    "image",
    "record_if",
    "scalar",
    "should_record_summaries",
    "text",
    "write",
]
