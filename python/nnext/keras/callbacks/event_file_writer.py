"""The event-file writer of the `TensorBoard` callback: it lives below Keras, in
`nnext.summary.event_file` (shared with `tf.summary`); these names are kept here for the
programs that import them from the callbacks package."""

from nnext.summary.event_file import (  # noqa: F401  (re-exported names)
    EventFileWriter,
    crc32c,
    event,
    histogram_value,
    masked_crc32c,
    scalar_value,
)
