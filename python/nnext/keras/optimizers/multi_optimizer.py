# ruff: noqa: TRY004 -- Keras raises ValueError for these wrong types
"""`MultiOptimizer` and `OptimizerMap`: different optimizers for different variables."""

import re
from collections.abc import MutableMapping

from nnext.keras.optimizers.loss_scale_optimizer import LossScaleOptimizer
from nnext.keras.optimizers.optimizer import Optimizer


def _variable_path(variable):
    # Keras matches `variable.path` ('dense/kernel'); nnext variables without a path
    # are matched by name.
    return str(getattr(variable, "path", None) or variable.name)


class OptimizerMap(MutableMapping):
    """Maps variable paths (exact, or regular expressions matched in full) to optimizers,
    with `default_optimizer` for the variables no key matches.

    Example:
        >>> optimizer_map = optimizers.OptimizerMap(
        ...     optimizers.Adam(1e-3), {"dense_1/.*": optimizers.SGD(0.1)})
    """

    def __init__(self, default_optimizer, optimizer_map=None):
        if not isinstance(default_optimizer, Optimizer):
            raise TypeError(
                "default_optimizer must be a Keras Optimizer instance. "
                f"Received: {default_optimizer}"
            )
        if optimizer_map is not None and not isinstance(optimizer_map, dict):
            raise TypeError(f"optimizer_map must be a dictionary. Received: {optimizer_map}")
        self._default_optimizer = default_optimizer
        self._optimizer_map = {}
        for key, optimizer in (optimizer_map or {}).items():
            self[key] = optimizer

    @property
    def default_optimizer(self):
        return self._default_optimizer

    def __getitem__(self, key):
        if key in self._optimizer_map:
            return self._optimizer_map[key]
        matches = [pattern for pattern in self._optimizer_map if re.fullmatch(pattern, key)]
        if len(matches) > 1:
            raise ValueError(f"Multiple optimizers assigned to variable {key}.")
        return self._optimizer_map[matches[0]] if matches else self._default_optimizer

    def __setitem__(self, key, optimizer):
        if key in self._optimizer_map:
            raise ValueError(
                f"'{key}' already exists in the OptimizerMap with value "
                f"{self._optimizer_map[key]}. Please make sure to not use duplicated keys."
            )
        if not isinstance(key, str):
            raise ValueError(f"key must be a string. Received: {key}")
        if not isinstance(optimizer, Optimizer):
            raise ValueError(f"optimizer must be a Keras Optimizer instance. Received: {optimizer}")
        if isinstance(optimizer, LossScaleOptimizer):
            raise ValueError("optimizer cannot be LossScaleOptimizer.")
        if isinstance(optimizer, MultiOptimizer):
            raise ValueError("optimizer cannot be MultiOptimizer.")
        self._optimizer_map[key] = optimizer

    def __delitem__(self, key):
        del self._optimizer_map[key]

    def __len__(self):
        return len(self._optimizer_map)

    def __iter__(self):
        return iter(self._optimizer_map)

    def __call__(self, variable):
        return self[_variable_path(variable)]

    def get_config(self):
        from nnext.keras import optimizers

        return {
            "default_optimizer": optimizers.serialize(self._default_optimizer),
            "optimizer_map": {k: optimizers.serialize(v) for k, v in self._optimizer_map.items()},
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from nnext.keras import optimizers

        return cls(
            optimizers.deserialize(config["default_optimizer"], custom_objects),
            {
                k: optimizers.deserialize(v, custom_objects)
                for k, v in config["optimizer_map"].items()
            },
        )


class MultiOptimizer(Optimizer):
    """Updates each variable with the optimizer `optimizer_map(variable)` picks (an
    `OptimizerMap`, or any callable from variable to optimizer); each inner optimizer
    keeps its own state and learning rate.

    Args:
        optimizer_map: an `OptimizerMap` or a callable `variable -> Optimizer`.
        loss_scale_factor: passed on to every inner optimizer.

    Example:
        >>> opt = optimizers.MultiOptimizer(optimizers.OptimizerMap(
        ...     optimizers.Adam(), {"embedding/.*": optimizers.SGD(0.5)}))
    """

    def __init__(self, optimizer_map, loss_scale_factor=None, name=None):
        self._inner_optimizers = []
        super().__init__(learning_rate=0.0, loss_scale_factor=loss_scale_factor, name=name)
        self._optimizer_map = optimizer_map
        candidates = list(optimizer_map.values()) if hasattr(optimizer_map, "values") else []
        default = getattr(optimizer_map, "default_optimizer", None)
        for optimizer in [*candidates, *([default] if default is not None else [])]:
            if optimizer not in self._inner_optimizers:
                optimizer.loss_scale_factor = loss_scale_factor
                self._inner_optimizers.append(optimizer)

    def build(self, var_list):
        if self.built:
            return
        var_list = list(var_list)
        self._var_to_optimizer = {}
        assigned = {}
        for variable in var_list:
            optimizer = self._optimizer_map(variable)
            if not isinstance(optimizer, Optimizer):
                raise ValueError(f"Optimizer for variable {variable} is not an Optimizer instance.")
            if isinstance(optimizer, LossScaleOptimizer):
                raise ValueError("LossScaleOptimizer cannot be used inside an MultiOptimizer.")
            if isinstance(optimizer, MultiOptimizer):
                raise ValueError("MultiOptimizer cannot be used inside an MultiOptimizer.")
            if optimizer not in self._inner_optimizers:
                optimizer.loss_scale_factor = self.loss_scale_factor
                self._inner_optimizers.append(optimizer)
            self._var_to_optimizer[id(variable)] = optimizer
            assigned.setdefault(id(optimizer), []).append(variable)
        for optimizer in self._inner_optimizers:
            if id(optimizer) in assigned:
                optimizer.build(assigned[id(optimizer)])
        super().build(var_list)

    @property
    def optimizers(self):
        return self._inner_optimizers

    @property
    def variables(self):
        out = list(self._variables)
        for optimizer in self._inner_optimizers:
            out.extend(optimizer.variables)
        return out

    @property
    def learning_rate(self):
        raise AttributeError(
            "Learning rate cannot be accessed on a MultiOptimizer. Access the learning rate "
            "on the individual sub-optimizers instead."
        )

    @learning_rate.setter
    def learning_rate(self, value):
        raise AttributeError(
            "Learning rate cannot be set on a MultiOptimizer. Set the learning rate on the "
            "individual sub-optimizers instead."
        )

    @property
    def loss_scale_factor(self):
        return self.__dict__.get("_loss_scale_factor")

    @loss_scale_factor.setter
    def loss_scale_factor(self, value):
        self._loss_scale_factor = value
        for optimizer in self._inner_optimizers:
            optimizer.loss_scale_factor = value

    def apply(self, grads, trainable_variables=None):
        grads = list(grads)
        if not grads:
            return
        if trainable_variables is None:
            if not self.built:
                raise ValueError(
                    "When passing `grads` without `variables`, the optimizer must already be "
                    "built on a list of variables. Call `optimizer.build(trainable_variables)` "
                    "first."
                )
            trainable_variables = self._trainable_variables
        trainable_variables = list(trainable_variables)
        if not self.built:
            self.build(trainable_variables)
        if len(grads) != len(self._index):
            raise ValueError(
                f"Gradients must match trainable variables one-to-one. Received {len(grads)} "
                f"gradients and {len(self._index)} variables."
            )
        groups = {}
        for grad, variable in zip(grads, trainable_variables):
            optimizer = self._var_to_optimizer[id(variable)]
            groups.setdefault(id(optimizer), (optimizer, [], []))
            groups[id(optimizer)][1].append(grad)
            groups[id(optimizer)][2].append(variable)
        for optimizer, sub_grads, sub_vars in groups.values():
            optimizer.apply(sub_grads, sub_vars)
        self._iterations.assign_add(1)

    def finalize_variable_values(self, var_list):
        groups = {}
        for variable in var_list:
            optimizer = self._var_to_optimizer[id(variable)]
            groups.setdefault(id(optimizer), (optimizer, []))[1].append(variable)
        for optimizer, variables in groups.values():
            optimizer.finalize_variable_values(variables)

    def get_config(self):
        optimizer_map = self._optimizer_map
        if isinstance(optimizer_map, OptimizerMap):
            optimizer_map = {
                "module": "keras.optimizers",
                "class_name": "OptimizerMap",
                "config": optimizer_map.get_config(),
                "registered_name": None,
            }
        return {
            "optimizer_map": optimizer_map,
            "loss_scale_factor": self.loss_scale_factor,
            "name": self.name,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        optimizer_map = config["optimizer_map"]
        if isinstance(optimizer_map, dict) and optimizer_map.get("class_name") == "OptimizerMap":
            config["optimizer_map"] = OptimizerMap.from_config(
                optimizer_map["config"], custom_objects
            )
        return cls(**config)
