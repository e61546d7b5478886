"""`GeneratorDataAdapter`: a Python generator (or iterator) of batch tuples."""

import itertools

from nnext.keras.trainers.data_adapters import data_adapter_utils
from nnext.keras.trainers.data_adapters.data_adapter import DataAdapter

# Keras peeks at this many batches when it is handed a generator.
NUM_BATCHES_FOR_TENSOR_SPEC = 2


class GeneratorDataAdapter(DataAdapter):
    """Batches from a one-shot generator; the number of batches is unknown.

    As Keras does, the first batches are read ahead to check their form, and every new pass
    yields them again before continuing the generator.
    """

    def __init__(self, generator):
        first = list(itertools.islice(generator, NUM_BATCHES_FOR_TENSOR_SPEC))
        if not first:
            raise ValueError(
                "When passing a Python generator to a Keras model, the generator must yield "
                "at least one batch. Received an empty generator."
            )
        if not isinstance(first[0], tuple):
            raise ValueError(  # noqa: TRY004 -- Keras raises ValueError
                "When passing a Python generator to a Keras model, the generator must return "
                "a tuple, either (input,) or (inputs, targets) or (inputs, targets, "
                f"sample_weights). Received: {first[0]}"
            )
        self._first = first
        self._generator = generator

    def get_iterator(self):
        unpack = data_adapter_utils.unpack_x_y_sample_weight
        return (unpack(element) for element in itertools.chain(self._first, self._generator))

    @property
    def num_batches(self):
        return None
