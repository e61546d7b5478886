"""`tf.summary.experimental`: the default step of the summary ops, and `summary_scope`."""

from nnext.summary.summary_ops import get_step, set_step, summary_scope

__all__ = ["get_step", "set_step", "summary_scope"]
