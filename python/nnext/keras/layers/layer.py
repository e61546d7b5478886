"""`Layer`: the base class of every layer and model.

A layer owns Variables and sub-layers, builds lazily from the shape of its first input,
and computes in `call`. `__call__` converts inputs to Tensors in the layer's dtype, builds
the layer once, and passes the `training` flag down to nested layers that were not given one.
"""

import math
import threading

import numpy as np

from nnext import _core
from nnext.keras import backend, dtype_policies, tensor_masks
from nnext.keras import constraints as constraints_module
from nnext.keras import initializers as initializers_module
from nnext.keras import regularizers as regularizers_module
from nnext.keras.keras_tensor import KerasTensor, Node, any_symbolic_tensors, compute_output_spec
from nnext.keras.layers import call_inputs
from nnext.keras.layers.autocast import variables_in_compute_dtype
from nnext.keras.layers.input_spec import assert_input_compatibility
from nnext.keras.random import SeedGenerator
from nnext.keras.utils.naming import to_snake_case, unique_name
from nnext.keras.variables import owned_variable

_CALL_CONTEXT = threading.local()
# Set once any layer calls `add_loss`: until then calls skip clearing added losses.
_ADDED_LOSSES = [False]

# Bumped whenever any layer gains or loses a variable or a sub-layer, or changes its
# `trainable` flag. What is derived from the layer tree alone (the variable lists, the
# regularized weights, Sequential's layer list) is cached against it, so a training step
# does not walk the tree again.
_structure_version = 0
_LAYER_ATTRIBUTE_NAMES = None


def structure_changed():
    """Invalidates every layer's cached variable lists; call after changing a layer tree."""
    global _structure_version
    _structure_version += 1


def new_layer(cls):
    """A bare instance of a Layer class with its tracking state (sub-layers, variables,
    graph nodes), made before any `__init__` runs: attributes set before
    `super().__init__()` are tracked, as in Keras 3."""
    layer = object.__new__(cls)
    for name in ("_layers", "_inbound_nodes", "_trainable_variables", "_non_trainable_variables"):
        object.__setattr__(layer, name, [])
    return layer


class Layer(tensor_masks.MaskSupport):
    """Base class of layers: owns weights, builds from its first input, computes in `call`.

    Subclasses create weights in `build(input_shape)` with `add_weight` (or in `__init__`
    when the shapes are known) and compute in `call(inputs, training=None)`.

    Example:
        >>> class Scale(layers.Layer):
        ...     def build(self, input_shape):
        ...         self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")
        ...     def call(self, x):
        ...         return x * self.w
    """

    # Until `Layer.__init__` runs (a subclass may set attributes first, as Keras 3 allows).
    built = False
    # Whether `__call__` casts float inputs to the compute dtype (functional models do not).
    _convert_input_args = True

    def __new__(cls, *args, **kwargs):
        return new_layer(cls)

    def __init__(self, trainable=True, name=None, dtype=None, autocast=True, **kwargs):
        self._regularized = []
        self._trainable = trainable
        self.name = name or unique_name(to_snake_case(type(self).__name__))
        if isinstance(dtype, dict) and "class_name" not in dtype:  # a bare {"config": ...}
            dtype = dtype.get("config", {}).get("name")
        # A policy name ('mixed_float16'), a policy, a dtype or its config; None: the global.
        self._dtype_policy = dtype_policies.get(dtype)
        # Whether float inputs and variables are cast to the compute dtype (Keras's autocast).
        self.autocast = autocast
        self.built = False
        self._build_input_shape = None
        input_dim = kwargs.pop("input_dim", None)
        input_shape = kwargs.pop("input_shape", None)
        batch_input_shape = kwargs.pop("batch_input_shape", None)
        if input_dim is not None:
            input_shape = (input_dim,)
        if batch_input_shape is not None:
            input_shape = tuple(batch_input_shape)[1:]
        self._input_shape_arg = tuple(input_shape) if input_shape is not None else None
        if kwargs:
            raise ValueError(
                f"Unrecognized keyword arguments passed to {type(self).__name__}: {kwargs}"
            )
        self._call_has_training = "training" in call_inputs.call_parameters(type(self))

    @classmethod
    def _obj_type(cls):
        """What the saving walk treats this object as (Keras 3's protocol): 'Layer'."""
        return "Layer"

    @staticmethod
    def _layer_attribute_names():
        """The attributes every plain Layer has: bookkeeping the saving walk skips."""
        global _LAYER_ATTRIBUTE_NAMES
        if _LAYER_ATTRIBUTE_NAMES is None:
            _LAYER_ATTRIBUTE_NAMES = frozenset(dir(Layer(name="walk_reference")))
        return _LAYER_ATTRIBUTE_NAMES

    # -- tracking ------------------------------------------------------------------------

    def __setattr__(self, name, value):
        if isinstance(value, Layer):
            if value is not self and value not in self._layers:
                self._layers.append(value)
                structure_changed()
        elif isinstance(value, (list, tuple)):
            for item in value:
                if isinstance(item, Layer) and item not in self._layers:
                    self._layers.append(item)
                    structure_changed()
        elif isinstance(value, _core.Variable):
            self._track_variable(value)
        elif isinstance(value, SeedGenerator):  # its state is in `variables`, not `weights`
            generators = self.__dict__.setdefault("_seed_generators", [])
            if not any(g is value for g in generators):
                generators.append(value)
                structure_changed()
        elif not name.startswith("_") and _is_metric(value) and not isinstance(value, Layer):
            # A user's metric (`self.loss_tracker = Mean()`); the trainer's own are private.
            metrics = self.__dict__.setdefault("_metrics", [])
            if not any(m is value for m in metrics):
                metrics.append(value)
                structure_changed()
        object.__setattr__(self, name, value)
        if self.__dict__.get("_deferred_restorations"):  # values a checkpoint keeps for it
            from nnext.train import restore_pending

            restore_pending(self, name, value)

    def _track_variable(self, variable):
        bucket = self._trainable_variables if variable.trainable else self._non_trainable_variables
        if not any(v is variable for v in bucket):
            bucket.append(variable)
            structure_changed()

    def _cached(self, key, compute):
        """`compute()`, remembered until the structure of any layer changes."""
        cache = self.__dict__.get("_structure_cache")
        if cache is None or cache[0] != _structure_version:
            cache = (_structure_version, {})
            object.__setattr__(self, "_structure_cache", cache)
        values = cache[1]
        if key not in values:
            values[key] = compute()
        return values[key]

    @property
    def dtype(self):
        """The dtype of the layer's variables (Keras 3: the policy's variable dtype)."""
        return self._dtype_policy.variable_dtype

    @property
    def dtype_policy(self):
        """The layer's `DTypePolicy`."""
        return self._dtype_policy

    @dtype_policy.setter
    def dtype_policy(self, value):
        self._dtype_policy = dtype_policies.get(value)

    @property
    def input_dtype(self):
        """The dtype float inputs are cast to: the compute dtype."""
        return self.compute_dtype

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        self._trainable = bool(value)
        for layer in self._layers:
            layer.trainable = value
        structure_changed()

    @property
    def layers(self):
        return list(self._layers)

    @property
    def variables(self):
        """All state, as Keras lists it: this layer's weights (trainable, then not), the
        states of its SeedGenerators, then its sub-layers' variables."""
        return list(self._cached("variables", lambda: self._collect("variables")))

    @property
    def weights(self):
        """The weights: `variables` without the random-seed states."""
        return list(self._cached("weights", lambda: self._collect("weights")))

    def _collect(self, kind):
        own = self._trainable_variables + self._non_trainable_variables
        if kind == "variables":
            own = own + [g.state for g in self.__dict__.get("_seed_generators", ())]
        seen, result = set(), []
        for v in own + [v for layer in self._layers for v in getattr(layer, kind)]:
            if id(v) not in seen:
                seen.add(id(v))
                result.append(v)
        return result

    @property
    def trainable_variables(self):
        return list(self._trainable_variables_view())

    def _trainable_variables_view(self):
        """The cached list behind `trainable_variables`: the training step reads it every
        batch, so it must not be modified."""
        return self._cached("trainable_variables", self._collect_trainable_variables)

    def _collect_trainable_variables(self):
        if not self._trainable:
            return []
        seen, result = set(), []
        for v in self._trainable_variables:
            if id(v) not in seen:
                seen.add(id(v))
                result.append(v)
        for layer in self._layers:
            for v in layer.trainable_variables:
                if id(v) not in seen:
                    seen.add(id(v))
                    result.append(v)
        return result

    @property
    def trainable_weights(self):
        return self.trainable_variables

    @property
    def non_trainable_variables(self):
        trainable = {id(v) for v in self.trainable_variables}
        return [v for v in self.variables if id(v) not in trainable]

    @property
    def non_trainable_weights(self):
        trainable = {id(v) for v in self.trainable_variables}
        return [v for v in self.weights if id(v) not in trainable]

    @property
    def losses(self):
        """The losses of this layer and its sub-layers: those `add_loss` added in the last
        call, then the regularization penalties, recomputed from the weights."""
        pairs = self._cached("regularized", self._all_regularized)
        added = []
        if _ADDED_LOSSES[0]:
            for layer in [self, *self._flatten_layers()]:
                added.extend(layer.__dict__.get("_added_losses", ()))
        return added + [regularizer(v) for regularizer, v in pairs]

    def _all_regularized(self):
        """`(regularizer, variable)` pairs of this layer and its sub-layers."""
        pairs = list(self._regularized)
        for layer in self._layers:
            pairs.extend(layer._all_regularized())
        return pairs

    # -- weights -------------------------------------------------------------------------

    def add_weight(
        self,
        shape=None,
        initializer=None,
        dtype=None,
        trainable=True,
        regularizer=None,
        constraint=None,
        name=None,
        **kwargs,
    ):
        """Creates a Variable owned by this layer.

        Args:
            shape: the variable's shape (a tuple); `()` for a scalar.
            initializer: name or Initializer; defaults to 'glorot_uniform' for floats.
            dtype: defaults to the layer's variable dtype (float32, also under
                'mixed_float16').
            trainable: whether the optimizer updates it.
            regularizer: name or callable `w -> scalar penalty`, added to `layer.losses`.
            constraint: name or callable `w -> w'` applied after each optimizer update.
            name: the variable's name ('kernel', 'bias' ...).

        TF 2's older order `add_weight(name, shape, ...)` is accepted too.
        """
        if isinstance(shape, str):
            name, shape = shape, initializer
            initializer = kwargs.pop("initializer", None)
        autocast = kwargs.pop("autocast", True)
        for ignored in ("aggregation", "overwrite_with_gradient", "synchronization"):
            kwargs.pop(ignored, None)
        if kwargs:
            raise TypeError(f"add_weight() got unexpected keyword arguments: {sorted(kwargs)}")
        shape = () if shape is None else tuple(int(d) for d in shape)
        dtype = backend.standardize_dtype(dtype) or self.variable_dtype
        if initializer is None:
            initializer = "glorot_uniform" if dtype.startswith("float") else "zeros"
        value = initializers_module.get(initializer)(shape, dtype=dtype)
        # A Keras variable at Keras's `layer/variable` path.
        variable = owned_variable(self, value, name or "variable", trainable, dtype)
        # The optimizer projects the variable with its constraint after each update (Keras).
        variable.constraint = constraints_module.get(constraint)
        # Read in the compute dtype while a mixed precision layer calls (layers/autocast.py).
        variable._keras_autocast = autocast
        if trainable:
            self._trainable_variables.append(variable)
        else:
            self._non_trainable_variables.append(variable)
        if regularizer is not None:
            self._regularized.append((regularizers_module.get(regularizer), variable))
        structure_changed()
        return variable

    add_variable = add_weight

    def count_params(self):
        """The number of scalars in the layer's weights (the layer must be built)."""
        if not self.built:
            raise ValueError(
                f"You tried to call `count_params` on layer '{self.name}', but the layer "
                "isn't built. You can build it manually via: `layer.build(input_shape)`."
            )
        return sum(math.prod(v.shape) for v in {id(v): v for v in self.weights}.values())

    def get_weights(self):
        """The weights as a list of NumPy arrays, in the order of `weights`."""
        return [np.array(v.numpy()) for v in self.weights]

    def set_weights(self, weights):
        """Assigns a list of NumPy arrays, in the order and shapes of `weights`."""
        variables = self.weights
        if len(weights) != len(variables):
            raise ValueError(
                f"You called `set_weights(weights)` on layer '{self.name}' with a weight list "
                f"of length {len(weights)}, but the layer was expecting {len(variables)} "
                f"weights."
            )
        for variable, value in zip(variables, weights):
            value = np.asarray(value)
            if tuple(variable.shape) != value.shape:
                raise ValueError(
                    f"Layer {self.name} weight shape {tuple(variable.shape)} is not "
                    f"compatible with provided weight shape {value.shape}."
                )
        for variable, value in zip(variables, weights):
            variable.assign(np.asarray(value, dtype=backend.standardize_dtype(variable.dtype)))

    def save_own_variables(self, store):
        """Writes this layer's own variables to `store['0']`, `store['1']` ... (Keras's layout)."""
        for i, v in enumerate(self._trainable_variables + self._non_trainable_variables):
            store[str(i)] = np.array(v.numpy())

    def load_own_variables(self, store):
        """Reads what `save_own_variables` wrote."""
        own = self._trainable_variables + self._non_trainable_variables
        if len(store.keys()) != len(own):
            raise ValueError(
                f"Layer '{self.name}' expected {len(own)} variables, but received "
                f"{len(store.keys())} variables during loading. "
                f"Expected: {[v.name for v in own]}"
            )
        for i, v in enumerate(own):
            v.assign(np.asarray(store[str(i)]))

    # -- building and calling ------------------------------------------------------------

    def build(self, input_shape=None):
        """Creates the weights for `input_shape`; the base layer has none to create."""
        self._build_input_shape = call_inputs.as_shape(input_shape)
        self.built = True

    def _maybe_build(self, input_shape):
        if not self.built:
            self._assert_initialized()
            self.build(input_shape)
            self._build_input_shape = call_inputs.as_shape(input_shape)
            self.built = True

    def call(self, inputs, *args, **kwargs):
        """The forward computation; subclasses override it."""
        return inputs

    def __call__(self, inputs=call_inputs.FIRST_ARGUMENT_BY_NAME, *args, **kwargs):
        if inputs is call_inputs.FIRST_ARGUMENT_BY_NAME:  # `layer(logits=x, ...)`, as Keras allows
            inputs = call_inputs.pop_first_call_argument(type(self), kwargs)
        # A Tensor alone (with at most `training=`) is the hot path of training: it skips
        # the walk for KerasTensors.
        if (
            not isinstance(inputs, (_core.Tensor, np.ndarray))
            or args
            or (kwargs and (len(kwargs) > 1 or "training" not in kwargs))
        ) and (isinstance(inputs, KerasTensor) or any_symbolic_tensors((inputs, *args), kwargs)):
            return self._symbolic_call(inputs, *args, **kwargs)
        if _ADDED_LOSSES[0] and getattr(_CALL_CONTEXT, "depth", 0) == 0:
            return self._outermost_call(inputs, *args, **kwargs)
        return tensor_masks.call_with_masks(self, self._call_converted, inputs, args, kwargs)

    def _assert_initialized(self):
        if "_trainable" not in self.__dict__:
            raise RuntimeError(
                f"In layer '{type(self).__name__}', you forgot to call `super().__init__()` "
                "as the first statement in the `__init__()` method. Go add it!"
            )

    def _call_converted(self, inputs, *args, **kwargs):
        if not self.built:
            self._assert_initialized()
        autocast_inputs = self.autocast and self._convert_input_args
        inputs = call_inputs.convert_inputs(inputs, self.compute_dtype if autocast_inputs else None)
        if not self.built:
            assert_input_compatibility(getattr(self, "input_spec", None), inputs, self.name)
            self._maybe_build(call_inputs.shape_of(inputs))
        training = kwargs.pop("training", None)
        outer = getattr(_CALL_CONTEXT, "training", None)
        if training is None:
            training = outer
        if self._call_has_training:
            kwargs["training"] = training
        with variables_in_compute_dtype(self):
            if training is outer:  # a nested call under the flag already in force
                return self.call(inputs, *args, **kwargs)
            _CALL_CONTEXT.training = training
            try:
                return self.call(inputs, *args, **kwargs)
            finally:
                _CALL_CONTEXT.training = outer

    def _outermost_call(self, inputs, *args, **kwargs):
        """A call from outside any layer: the losses its layers add (`add_loss`) start anew."""
        for layer in [self, *self._flatten_layers()]:
            layer.__dict__.get("_added_losses", []).clear()
        _CALL_CONTEXT.depth = 1
        try:
            return self(inputs, *args, **kwargs)
        finally:
            _CALL_CONTEXT.depth = 0

    def _flatten_layers(self):
        for layer in self._layers:
            yield layer
            yield from layer._flatten_layers()

    def add_loss(self, loss):
        """Adds a loss tensor (a scalar, such as an activity penalty) computed in `call`: it
        joins `self.losses` and the training loss, and is cleared at the next outer call.

        Example:
            >>> class ActivityRegularization(layers.Layer):
            ...     def call(self, x):
            ...         self.add_loss(1e-2 * ops.sum(x))
            ...         return x
        """
        _ADDED_LOSSES[0] = True
        self.__dict__.setdefault("_added_losses", []).append(loss)

    # -- the functional API --------------------------------------------------------------

    def _symbolic_call(self, inputs, *args, **kwargs):
        """A call on KerasTensors: builds the layer from their shapes, infers the outputs and
        records the call as a node of the functional graph."""
        assert_input_compatibility(getattr(self, "input_spec", None), inputs, self.name)
        if not self.built:
            self._maybe_build(call_inputs.symbolic_shape(inputs))
        # Masks ride on KerasTensors as on tensors: the dry run gets the `mask=` a real call
        # would, the node records the call as written (its replay finds the real masks).
        run_kwargs, previous = tensor_masks.input_masks(self, inputs, kwargs, args)
        outputs = self.compute_output_spec(inputs, *args, **run_kwargs)
        Node(self, (inputs, *args), kwargs, outputs)
        tensor_masks.output_masks(self, inputs, outputs, previous, self._symbolic_compute_mask)
        return outputs

    def _symbolic_compute_mask(self, inputs, previous_mask):
        """`compute_mask` on KerasTensors: the input's mask itself where the layer passes it
        on unchanged (as Keras 3), else the KerasTensor(s) a dry run of `compute_mask` gives."""
        if not tensor_masks.overrides_compute_mask(self):
            return previous_mask
        return compute_output_spec(self.compute_mask, (inputs, previous_mask), {})

    def compute_output_spec(self, inputs, *args, **kwargs):
        """The KerasTensor(s) this layer returns for KerasTensor `inputs`.

        From `compute_output_shape` when the layer defines it, else from dry runs of `call`
        on zeros (see `keras_tensor`).
        """
        if type(self).compute_output_shape is not Layer.compute_output_shape and not args:
            return call_inputs.specs_from_shapes(
                self.compute_output_shape(call_inputs.symbolic_shape(inputs)), self.compute_dtype
            )
        return self._dry_run_output_spec(inputs, *args, **kwargs)

    def _dry_run_output_spec(self, inputs, *args, **kwargs):
        # A dry run must leave the layer's state as it was (BatchNormalization's moving
        # statistics would learn from the zeros).
        saved = [(v, v.numpy().copy()) for v in self.non_trainable_variables]
        try:
            return compute_output_spec(self.__call__, (inputs, *args), kwargs)
        finally:
            for variable, value in saved:
                variable.assign(value)

    def compute_output_shape(self, input_shape):
        """The output shape (with `None` for unknown sizes) for `input_shape`, found by dry
        runs of `call` unless a layer overrides this."""
        inputs = call_inputs.specs_from_shapes(input_shape, self.compute_dtype)
        return call_inputs.shapes_of_specs(self._dry_run_output_spec(inputs))

    @property
    def compute_dtype(self):
        """The dtype the layer computes in and returns (float16 under 'mixed_float16')."""
        return self._dtype_policy.compute_dtype

    @property
    def variable_dtype(self):
        """The dtype the layer creates its variables in."""
        return self._dtype_policy.variable_dtype

    def _node_attribute(self, attribute, what):
        if not self._inbound_nodes:
            raise AttributeError(
                f"Layer '{self.name}' has never been called and thus has no defined {what}."
            )
        node = self._inbound_nodes[0]
        tensors = node.input_tensors if attribute == "input" else node.outputs
        return tensors[0] if len(tensors) == 1 else list(tensors)

    @property
    def input(self):
        """The input KerasTensor(s) of the layer's first call in a functional graph."""
        return self._node_attribute("input", "input")

    @property
    def output(self):
        """The output KerasTensor(s) of the layer's first call in a functional graph."""
        return self._node_attribute("output", "output")

    # -- config --------------------------------------------------------------------------

    def get_config(self):
        """The constructor arguments, with Keras's keys."""
        return {
            "name": self.name,
            "trainable": self.trainable,
            "dtype": dtype_policies.serialize(self._dtype_policy),
        }

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        dtype = config.get("dtype")
        if isinstance(dtype, dict):
            config["dtype"] = dtype.get("config", {}).get("name")
        return cls(**config)

    def get_build_config(self):
        if self._build_input_shape is None:
            return None
        return {"input_shape": self._build_input_shape}

    def build_from_config(self, config):
        if config and config.get("input_shape") is not None:
            self._maybe_build(call_inputs.as_shape(config["input_shape"]))

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"


def _is_metric(value):
    # Metrics sit above layers, so they are recognised by what they do, not by class.
    return all(
        callable(getattr(value, attr, None)) for attr in ("update_state", "result", "reset_state")
    )
