"""`keras.optimizers.legacy`: the Keras 2 optimizers, which Keras 3 (and nnext) refuse with
an ImportError that says how to keep using them."""

__all__ = ["SGD", "Adagrad", "Adam", "Ftrl", "Optimizer", "RMSprop"]


class LegacyOptimizerWarning:
    """Raises the ImportError Keras 3 raises for `keras.optimizers.legacy.*`."""

    def __init__(self, *args, **kwargs):
        raise ImportError(
            "`keras.optimizers.legacy` is not supported in Keras 3. When using `tf.keras`, to "
            "continue using a `tf.keras.optimizers.legacy` optimizer, you can install the "
            "`tf_keras` package (Keras 2) and set the environment variable "
            "`TF_USE_LEGACY_KERAS=True` to configure TensorFlow to use `tf_keras` when "
            "accessing `tf.keras`."
        )


SGD = Adagrad = Adam = Ftrl = Optimizer = RMSprop = LegacyOptimizerWarning
