"""Recurrent layers: the `RNN` wrapper, its built-in cells and layers, and the wrappers
that run a layer in both directions or at every time step."""

from nnext.keras.layers.rnn.bidirectional import Bidirectional
from nnext.keras.layers.rnn.gru import GRU, GRUCell
from nnext.keras.layers.rnn.lstm import LSTM, LSTMCell
from nnext.keras.layers.rnn.rnn import RNN
from nnext.keras.layers.rnn.simple_rnn import SimpleRNN, SimpleRNNCell
from nnext.keras.layers.rnn.stacked_rnn_cells import StackedRNNCells
from nnext.keras.layers.rnn.time_distributed import TimeDistributed

__all__ = [
    "GRU",
    "LSTM",
    "RNN",
    "Bidirectional",
    "GRUCell",
    "LSTMCell",
    "SimpleRNN",
    "SimpleRNNCell",
    "StackedRNNCells",
    "TimeDistributed",
]
