"""Objects to and from Keras 3's JSON config format.

An object becomes `{"module", "class_name", "config", "registered_name"}` (plus
`build_config` and `compile_config` for layers and models), where `module` is the public
Keras namespace of the class (`keras.layers`, `keras.optimizers` ...). nnext's classes
carry Keras's names, so `keras.layers.Dense` is read back as `nnext.keras.layers.Dense`
and the other way round. Classes of the user's own are found through `custom_objects`, a
`custom_object_scope`, or `register_keras_serializable`, as in Keras.
"""

import contextlib
import importlib
import inspect
import threading
import types

import numpy as np

# Keras namespaces that hold classes and functions of the same names in nnext.keras.
_NAMESPACES = (
    "layers",
    "initializers",
    "optimizers",
    "optimizers.schedules",
    "losses",
    "metrics",
    "activations",
    "regularizers",
    "constraints",
)
_FUNCTION_NAMESPACES = (
    "activations",
    "initializers",
    "losses",
    "metrics",
    "optimizers",
    "regularizers",
)
# Keras exports models at the top level: `keras.Sequential`, `keras.Model`.
_MODEL_NAMESPACE = "models"
_PLAIN_TYPES = (str, int, float, bool)

_REGISTERED_OBJECTS = {}  # "package>name" -> class or function
_REGISTERED_NAMES = {}  # class or function -> "package>name"
_SCOPE = threading.local()


def register_keras_serializable(package="Custom", name=None):
    """Class decorator that makes a class (or function) loadable by its registered name.

    Example:
        >>> @saving.register_keras_serializable(package="my_project")
        ... class Scale(layers.Layer): ...
    """

    def register(obj):
        registered_name = f"{package}>{name or obj.__name__}"
        if isinstance(obj, type) and not hasattr(obj, "get_config"):
            raise ValueError("Cannot register a class that does not have a get_config() method.")
        _REGISTERED_OBJECTS[registered_name] = obj
        _REGISTERED_NAMES[obj] = registered_name
        return obj

    return register


def get_registered_name(obj):
    """`package>Name` for a registered class or function, else its plain `__name__`."""
    return _REGISTERED_NAMES.get(obj, obj.__name__)


@contextlib.contextmanager
def custom_object_scope(custom_objects):
    """Makes `custom_objects` (name -> class or function) visible to every deserialization
    inside the `with` block, including layers that models deserialize themselves."""
    outer = get_custom_objects()
    _SCOPE.objects = {**outer, **(custom_objects or {})}
    try:
        yield
    finally:
        _SCOPE.objects = outer


def get_custom_objects():
    """The custom objects of the innermost active `custom_object_scope` (a dict)."""
    return dict(getattr(_SCOPE, "objects", {}))


def _public_module(obj):
    """'keras.layers' for `nnext.keras.layers.Dense`, None for a class of the user's own."""
    name = obj.__name__
    keras = importlib.import_module("nnext.keras")
    if getattr(keras, name, None) is obj and name in ("Sequential", "Model"):
        return "keras"
    for namespace in _NAMESPACES:
        module = importlib.import_module(f"nnext.keras.{namespace}")
        if getattr(module, name, None) is obj:
            return f"keras.{namespace}"
    return None


def serialize_keras_object(obj):
    """Returns the JSON-ready config dict of a layer, model, optimizer, loss, metric,
    initializer or function, in Keras 3's format (plain values pass through).

    Example:
        >>> saving.serialize_keras_object(layers.ReLU())["class_name"]
        'ReLU'
    """
    if obj is None or isinstance(obj, _PLAIN_TYPES):
        return obj
    if isinstance(obj, (list, tuple)):
        return [serialize_keras_object(x) for x in obj]
    if isinstance(obj, dict):
        return {key: serialize_keras_object(value) for key, value in obj.items()}
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, slice):
        return {
            "class_name": "__slice__",
            "config": {"start": obj.start, "stop": obj.stop, "step": obj.step},
        }
    if obj is Ellipsis:
        return {"class_name": "__ellipsis__", "config": {}}
    if hasattr(obj, "keras_class_name") and hasattr(obj, "keras_module"):
        # An op recorded in a functional graph, written as Keras writes its op classes.
        return {
            "module": obj.keras_module,
            "class_name": obj.keras_class_name,
            "config": serialize_keras_object(obj.get_config()),
            "registered_name": obj.keras_class_name,
        }
    if isinstance(obj, np.ndarray):
        return {
            "class_name": "__numpy__",
            "config": {"value": obj.tolist(), "dtype": obj.dtype.name},
        }
    if isinstance(obj, types.FunctionType):
        if _public_module(obj):  # Keras writes its own functions this way, by bare name
            return {
                "module": "builtins",
                "class_name": "function",
                "config": obj.__name__,
                "registered_name": "function",
            }
        name = get_registered_name(obj)
        return {
            "module": obj.__module__,
            "class_name": "function",
            "config": name,
            "registered_name": name,
        }
    if _obj_type(obj) == "Functional" and type(obj).__name__ == "Functional":
        # Keras writes its functional models under their implementation module.
        return _with_build_and_compile(
            obj,
            {
                "module": "keras.src.models.functional",
                "class_name": "Functional",
                "config": serialize_keras_object(obj.get_config()),
                "registered_name": "Functional",
            },
        )
    if not hasattr(obj, "get_config"):
        raise TypeError(
            f"Cannot serialize object {obj!r} of type {type(obj).__name__}. To be "
            "serializable, a class must implement the `get_config()` method."
        )
    cls = type(obj)
    module = _public_module(cls)
    config = {
        # A class defined in a script has no module to name: Keras writes None.
        "module": module or (None if cls.__module__ == "__main__" else cls.__module__),
        "class_name": cls.__name__,
        "config": serialize_keras_object(obj.get_config()),
        "registered_name": None if module else get_registered_name(cls),
    }
    return _with_build_and_compile(obj, config)


def _obj_type(obj):
    """Keras 3's saving protocol: 'Layer', 'Model', 'Functional', 'Sequential', ... or None."""
    obj_type = getattr(obj, "_obj_type", None)
    return obj_type() if callable(obj_type) else None


def _with_build_and_compile(obj, config):
    build_config = obj.get_build_config() if hasattr(obj, "get_build_config") else None
    if build_config is not None:
        config["build_config"] = serialize_keras_object(build_config)
    compile_config = obj.get_compile_config() if hasattr(obj, "get_compile_config") else None
    if compile_config is not None:
        config["compile_config"] = serialize_keras_object(compile_config)
    return config


def deserialize_keras_object(config, custom_objects=None):
    """Re-creates the object a `serialize_keras_object` config (nnext's or Keras's) describes.

    Args:
        config: a config dict, a list of them, or a plain value.
        custom_objects: dict of name -> class or function for the user's own classes.
    """
    if config is None or isinstance(config, _PLAIN_TYPES):
        return config
    if isinstance(config, (list, tuple)):
        return [deserialize_keras_object(x, custom_objects) for x in config]
    if not isinstance(config, dict):
        raise TypeError(f"Could not parse config: {config!r}")
    if "class_name" not in config or "config" not in config:
        return {
            key: deserialize_keras_object(value, custom_objects) for key, value in config.items()
        }
    class_name, inner = config["class_name"], config["config"]
    if class_name in ("__numpy__", "__tensor__"):  # Keras's NumPy backend writes __tensor__
        return np.array(inner["value"], dtype=inner["dtype"])
    if class_name == "__slice__":
        return slice(inner["start"], inner["stop"], inner["step"])
    if class_name == "__ellipsis__":
        return Ellipsis
    if (config.get("module") or "").startswith("keras.src.ops"):
        return _operation_from_config(class_name, inner, config["module"])
    if class_name in ("DTypePolicy", "FloatDTypePolicy"):
        return inner["name"]  # nnext layers take the dtype's name; there are no policies
    with custom_object_scope(custom_objects):
        if class_name == "function":
            return _locate(inner, config.get("registered_name"), config.get("module"), config)
        cls = _locate(class_name, config.get("registered_name"), config.get("module"), config)
        if not hasattr(cls, "from_config"):
            raise TypeError(
                f"Unable to reconstruct an instance of '{class_name}' because the class is "
                f"missing a `from_config()` method. Full object config: {config}"
            )
        if "custom_objects" in inspect.signature(cls.from_config).parameters:
            # Containers (Sequential) deserialize their layers themselves, as in Keras.
            obj = cls.from_config(inner or {}, custom_objects=_known_custom_objects())
        else:
            obj = cls.from_config(inner or {})
        if config.get("build_config") and not getattr(obj, "built", True):
            obj.build_from_config(config["build_config"])
        if config.get("compile_config"):
            if hasattr(obj, "compile_from_config"):
                obj.compile_from_config(config["compile_config"])
            else:
                compile_from_config(obj, config["compile_config"])
    return obj


def get_registered_object(name, custom_objects=None):
    """The class or function a string names among the user's objects: `custom_objects`, the
    active `custom_object_scope`, or those registered (by `package>Name` or bare `Name`);
    None when there is none. Every namespace's `get` falls back on this for strings."""
    scope = {**get_custom_objects(), **(custom_objects or {})}
    if name in scope:
        return scope[name]
    if name in _REGISTERED_OBJECTS:
        return _REGISTERED_OBJECTS[name]
    for registered_name, obj in _REGISTERED_OBJECTS.items():
        if registered_name.split(">", 1)[-1] == name:
            return obj
    return None


def _known_custom_objects():
    """Registered classes (by registered and by class name) and the active scope's."""
    known = {obj.__name__: obj for obj in _REGISTERED_OBJECTS.values()}
    return {**known, **_REGISTERED_OBJECTS, **get_custom_objects()}


def _locate(name, registered_name, module, full_config):
    custom = get_custom_objects()
    for key in (registered_name, name):
        if key and key in custom:
            return custom[key]
        if key and key in _REGISTERED_OBJECTS:
            return _REGISTERED_OBJECTS[key]
    if full_config["class_name"] == "function" and module == "builtins":
        # Keras names its own functions by bare name, to be found in these namespaces.
        for namespace in _FUNCTION_NAMESPACES:
            found = getattr(importlib.import_module(f"nnext.keras.{namespace}"), name, None)
            if found is not None:
                return found
    if module == "keras" or (module or "").startswith("keras."):
        found = _find_in_keras_namespaces(name, module)
        if found is not None:
            return found
    raise TypeError(
        f"Could not locate {'function' if full_config['class_name'] == 'function' else 'class'}"
        f" '{name}'. Make sure custom classes and functions are decorated with "
        "`@keras.saving.register_keras_serializable()` or passed in `custom_objects`. "
        f"Full object config: {full_config}"
    )


def _operation_from_config(class_name, config, module="keras.src.ops.numpy"):
    """A Keras op class (`Concatenate`, `Mean`, `GetItem` ...) as nnext's op: the function
    of the same name in `keras.ops` (`keras.ops.image` for that module's), or the Python
    operator, with the saved arguments."""
    keras_tensor = importlib.import_module("nnext.keras.keras_tensor")
    fn = keras_tensor.OPERATORS_BY_CLASS.get(class_name)
    if fn is None:
        snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in class_name).lstrip("_")
        namespace = "nnext.keras.ops.image" if module.endswith(".image") else "nnext.keras.ops"
        fn = getattr(importlib.import_module(namespace), snake, None)
    if fn is None:
        raise TypeError(f"Could not locate operation '{class_name}' in nnext.keras.ops.")
    config = deserialize_keras_object(config)
    return keras_tensor.SymbolicOperation.from_keras_config(fn, config)


def _find_in_keras_namespaces(name, module):
    """nnext's class for a Keras class `name` written under `module`: a public namespace
    ('keras.layers') is looked in first; Keras's implementation paths, which differ by backend
    ('keras.src.backend.torch.optimizers.torch_adam', 'keras.src.models.functional'), are
    matched by class name across all namespaces."""
    namespaces = [_MODEL_NAMESPACE, *_NAMESPACES]
    public = module.split(".", 1)[1] if "." in module else _MODEL_NAMESPACE
    if public in namespaces:
        namespaces.remove(public)
        namespaces.insert(0, public)
    for namespace in namespaces:
        found = getattr(importlib.import_module(f"nnext.keras.{namespace}"), name, None)
        if isinstance(found, type) or callable(found):
            return found
    return None


# The arguments of Keras's `compile` that nnext's `compile` has; the others (jit_compile,
# steps_per_execution, run_eagerly) describe how Keras runs, not what the model is.
_COMPILE_ARGUMENTS = ("optimizer", "loss", "metrics", "loss_weights", "weighted_metrics")


def compile_from_config(model, config):
    """Compiles `model` as its saved `compile_config` says, and creates the optimizer's
    state so that a saved one can be loaded into it."""
    config = deserialize_keras_object(config)
    kwargs = {key: config[key] for key in _COMPILE_ARGUMENTS if config.get(key) is not None}
    model.compile(**kwargs)
    if model.built:
        model.optimizer.build(model.trainable_variables)
