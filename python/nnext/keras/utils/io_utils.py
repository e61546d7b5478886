"""Printing messages: to stdout, or to Python's `logging` once interactive logging is off
(`keras.config.disable_interactive_logging`), as Keras does."""

import logging
import sys

from nnext.keras import config


def print_msg(message, line_break=True):
    """Prints `message` to stdout, or logs it at INFO level on logger 'nnext' when
    interactive logging is disabled."""
    if config.is_interactive_logging_enabled():
        sys.stdout.write(message + ("\n" if line_break else ""))
        sys.stdout.flush()
    else:
        logging.getLogger("nnext").info(message)
