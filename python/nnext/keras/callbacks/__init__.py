"""Callbacks (`keras.callbacks`): hooks that `fit`, `evaluate` and `predict` call."""

from nnext.keras.callbacks.backup_and_restore import BackupAndRestore
from nnext.keras.callbacks.callback import Callback
from nnext.keras.callbacks.callback_list import CallbackList
from nnext.keras.callbacks.csv_logger import CSVLogger
from nnext.keras.callbacks.early_stopping import EarlyStopping
from nnext.keras.callbacks.history import History
from nnext.keras.callbacks.lambda_callback import LambdaCallback
from nnext.keras.callbacks.learning_rate_scheduler import LearningRateScheduler
from nnext.keras.callbacks.model_checkpoint import ModelCheckpoint
from nnext.keras.callbacks.progbar_logger import ProgbarLogger
from nnext.keras.callbacks.reduce_lr_on_plateau import ReduceLROnPlateau
from nnext.keras.callbacks.remote_monitor import RemoteMonitor
from nnext.keras.callbacks.swap_ema_weights import SwapEMAWeights
from nnext.keras.callbacks.tensorboard import TensorBoard
from nnext.keras.callbacks.terminate_on_nan import TerminateOnNaN

__all__ = [
    "BackupAndRestore",
    "CSVLogger",
    "Callback",
    "CallbackList",
    "EarlyStopping",
    "History",
    "LambdaCallback",
    "LearningRateScheduler",
    "ModelCheckpoint",
    "ProgbarLogger",
    "ReduceLROnPlateau",
    "RemoteMonitor",
    "SwapEMAWeights",
    "TensorBoard",
    "TerminateOnNaN",
]
