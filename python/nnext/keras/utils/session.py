"""`clear_session`: forgets the state Keras keeps between models in one process."""

from nnext.keras.utils import naming


def clear_session(free_memory=True):
    """Resets automatic names (the next `Dense` is 'dense' again) and, with
    `free_memory`, returns nnext's cached tensor buffers to the system.

    Example:
        >>> for trial in range(10):
        ...     keras.utils.clear_session()
        ...     model = build_model()
    """
    naming._NAME_COUNTS.clear()
    if free_memory:
        from nnext import config as nnext_config

        nnext_config.empty_cache()
