"""`Model`: a `Layer` that trains (compile/fit/evaluate/predict), summarises and saves.

Subclass it (create layers in `__init__`, chain them in `call`), or call it with inputs and
outputs: `Model(inputs, outputs)` returns a functional model (`models/functional.py`).
"""

from nnext import creation
from nnext.distribute import collective
from nnext.keras.layers import call_inputs
from nnext.keras.layers.call_inputs import FIRST_ARGUMENT_BY_NAME
from nnext.keras.layers.layer import Layer, new_layer
from nnext.keras.models.summary import print_summary
from nnext.keras.trainers.trainer import Trainer


class Model(Trainer, Layer):
    """A layer with a training loop.

    Example:
        >>> class MLP(Model):
        ...     def __init__(self):
        ...         super().__init__()
        ...         self.hidden = layers.Dense(3, activation="sigmoid")
        ...         self.out = layers.Dense(1, activation="sigmoid")
        ...     def call(self, x):
        ...         return self.out(self.hidden(x))
        >>> model = MLP()
        >>> model.compile(optimizer="sgd", loss="mse")
    """

    def __new__(cls, *args, **kwargs):
        if cls._obj_type() == "Model" and (
            _builds_a_graph(args, kwargs) if cls is Model else _given_keras_tensors(args, kwargs)
        ):
            # `Model(inputs, outputs)`, or a subclass called so (the Keras guides' pattern
            # `CustomModel(inputs, outputs)` overriding `train_step`): a functional model.
            # Python then runs the new class's __init__ with the same arguments.
            return new_layer(functional_class(cls))
        return new_layer(cls)

    def __init__(self, *args, **kwargs):
        if _given_keras_tensors(args, kwargs) or (
            type(self) is Model and _builds_a_graph(args, kwargs)
        ):
            # A subclass whose own `__init__` builds a graph and passes it up.
            from nnext.keras.models.functional import Functional

            self.__class__ = functional_class(type(self))
            Functional.__init__(self, *args, **kwargs)
            return
        Layer.__init__(self, **kwargs)
        self._init_trainer()

    @classmethod
    def _obj_type(cls):
        return "Model"

    def _has_own_config(self):
        """Whether `get_config` describes this model (plain `Model` or a subclass's own),
        so that `save` can write a config that rebuilds it."""
        return type(self) is Model or type(self).get_config is not Model.get_config

    def build(self, input_shape):
        """Creates the weights by running `call` once on zeros of `input_shape` (a shape, or
        a dict or list of shapes for a model called on several inputs; a `None` batch size
        becomes 1)."""
        self.built = True
        self._build_input_shape = call_inputs.as_shape(input_shape)
        self.call(_zeros_of(self._build_input_shape, self.dtype))

    def __call__(self, inputs=FIRST_ARGUMENT_BY_NAME, training=None, **kwargs):
        """Runs the model on NumPy arrays or Tensors (inference unless `training=True`, or
        the training flag of an outer call); returns a Tensor."""
        return super().__call__(inputs, training=training, **kwargs)

    def get_layer(self, name=None, index=None):
        """The layer called `name`, or at position `index` of `layers`."""
        if index is not None and name is not None:
            raise ValueError(
                f"Provide only a layer name or a layer index. Received: index={index}, name={name}."
            )
        if index is not None:
            if len(self.layers) <= index:
                raise ValueError(
                    f"Was asked to retrieve layer at index {index} but model only has "
                    f"{len(self.layers)} layers."
                )
            return self.layers[index]
        if name is not None:
            for layer in self.layers:
                if layer.name == name:
                    return layer
            raise ValueError(
                f"No such layer: {name}. Existing layers are: "
                f"{[layer.name for layer in self.layers]}."
            )
        raise ValueError("Provide either a layer name or layer index at `get_layer`.")

    def _summary_rows(self):
        rows = []
        for layer in self.layers:
            shape = None
            if layer._build_input_shape is not None:
                # As Keras: the shape the layer was built for, the batch size it saw included.
                shape = layer.compute_output_shape(tuple(layer._build_input_shape))
            rows.append(
                (layer.name, type(layer).__name__, shape, layer.weights if layer.built else None)
            )
        return rows

    def summary(
        self,
        line_length=None,
        positions=None,
        print_fn=None,
        expand_nested=False,
        show_trainable=False,
        layer_range=None,
    ):
        """Prints the layers, their output shapes and parameter counts, and the totals (an
        unbuilt layer shows `?` and `0 (unbuilt)`, as in Keras 3)."""
        print_summary(self, self._summary_rows(), line_length=line_length, print_fn=print_fn)

    def save(self, filepath, overwrite=True, **kwargs):
        """Saves architecture, weights and optimizer state to a Keras 3 `.keras` file (on
        rank 0 only under a multi-worker strategy: the other ranks hold the same state)."""
        from nnext.keras import saving

        if not collective.is_chief():
            return

        saving.save_model(self, filepath)

    def export(
        self, filepath, format="tf_saved_model", verbose=None, input_signature=None, **kwargs
    ):
        """Exports the model for inference: `format="onnx"` writes an ONNX file (needs the
        `onnx` package; see `keras/export/onnx.py`). `"tf_saved_model"` and `"openvino"`
        are Keras formats nnext cannot write."""
        available_formats = ("tf_saved_model", "onnx", "openvino", "litert", "torch")
        if format not in available_formats:
            raise ValueError(
                f"Unrecognized format={format}. Supported formats are: {list(available_formats)}."
            )
        if format != "onnx":
            raise NotImplementedError(
                f"Model.export(format={format!r}): nnext writes only format='onnx' (run it "
                "with onnxruntime); save the model itself with `model.save('x.keras')`."
            )
        from nnext.keras.export import export_onnx

        export_onnx(self, filepath, verbose, input_signature=input_signature, **kwargs)

    def to_json(self, **kwargs):
        """The model's configuration as a JSON string (`keras.models.model_from_json` reads
        it back); `kwargs` go to `json.dumps`."""
        import json

        from nnext.keras.saving import serialize_keras_object

        return json.dumps(serialize_keras_object(self), **kwargs)

    def save_weights(self, filepath, overwrite=True):
        """Saves the weights to a Keras 3 `.weights.h5` file (rank 0 only, as `save`)."""
        from nnext.keras import saving

        if not collective.is_chief():
            return

        saving.save_weights(self, filepath)

    def load_weights(self, filepath, skip_mismatch=False, **kwargs):
        """Loads weights written by `save_weights` (or by Keras 3)."""
        from nnext.keras import saving

        saving.load_weights(self, filepath)

    def get_config(self):
        return Layer.get_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """A model from its config: a functional graph's config (`layers`, `input_layers`,
        `output_layers`) rebuilds the graph, as `keras.Model.from_config` does; any other
        config goes to the constructor."""
        if all(key in config for key in ("layers", "input_layers", "output_layers")):
            from nnext.keras.models.functional_config import functional_from_config

            return functional_from_config(cls, config, custom_objects)
        try:
            return super().from_config(config)
        except TypeError as e:
            raise TypeError(
                f"Unable to revive model from config. When overriding the `get_config()` "
                f"method, make sure that the returned config contains all items used as "
                f"arguments in the  constructor to {cls}, which is the default behavior. You "
                f"can override this default behavior by defining a `from_config(cls, config)` "
                f"class method to specify how to create an instance of {cls.__name__} from "
                f"its config.\n\nReceived config={config}\n\nError encountered during "
                f"deserialization: {e}"
            ) from e


def _builds_a_graph(args, kwargs):
    return bool(args) or "inputs" in kwargs or "outputs" in kwargs


def _given_keras_tensors(args, kwargs):
    """True when the constructor got a graph's inputs: KerasTensors first or as `inputs`."""
    from nnext.keras import tree
    from nnext.keras.keras_tensor import is_keras_tensor

    inputs = args[0] if args else kwargs.get("inputs")
    leaves = tree.flatten(inputs) if inputs is not None else []
    return bool(leaves) and all(is_keras_tensor(leaf) for leaf in leaves)


_FUNCTIONAL_CLASSES = {}


def functional_class(cls):
    """`Functional` for `Model`; for a subclass of `Model`, a class deriving from both (made
    once, named as the subclass), so its overrides run on a functional graph."""
    from nnext.keras.models.functional import Functional

    if cls is Model or issubclass(cls, Functional):
        return Functional if cls is Model else cls
    if cls not in _FUNCTIONAL_CLASSES:
        _FUNCTIONAL_CLASSES[cls] = type(
            cls.__name__,
            (cls, Functional),
            {
                "__module__": cls.__module__,
                "__qualname__": cls.__qualname__,
                "__doc__": cls.__doc__,
                "_functional_of": cls,
            },
        )
    return _FUNCTIONAL_CLASSES[cls]


def _zeros_of(shapes, dtype):
    """Zeros of each shape in `shapes` (nested as `call_inputs.as_shape` returns them)."""
    if isinstance(shapes, dict):
        return {key: _zeros_of(shape, dtype) for key, shape in shapes.items()}
    if isinstance(shapes, list):
        return [_zeros_of(shape, dtype) for shape in shapes]
    return creation.zeros(tuple(1 if d is None else d for d in shapes), dtype=dtype)
