"""Where each object's variables live in a weights file: Keras 3's walk over a model.

Keras 3 names a variable by the path of attributes that leads to its owner, not by the
owner's `name` (automatic names differ between two instances of one model):

- a Sequential model's layers come first, under `layers/`;
- then every other attribute, in sorted order with private ones (`_x`) last, except the
  attributes every plain `Layer` has (a model's `layers` is walked: Keras's base `Layer`
  has no such attribute, its `Model` does);
- an item of a list, tuple or dict is named after its class in snake case, numbered
  within that container: `layers/dense`, `layers/dense_1`, `layers/re_lu`;
- an object reached twice is stored only at the first path.

Every layer and optimizer on the way owns one group, `<path>/vars`, holding its own
variables as datasets `0`, `1`, ...; the model's own group is `vars` at the root. Both the
writer and the reader walk the same way, so the paths of nnext and Keras files agree.
"""

import re

# Every saved class says what it is through `_obj_type()` (Keras 3's protocol), so the walk
# imports no layer, model or optimizer class.
_WALKED_TYPES = ("Layer", "Model", "Functional", "Sequential", "Optimizer")


def to_snake_case(name):
    """`LeakyReLU` -> `leaky_re_lu`, exactly as Keras names container entries."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def obj_type(obj):
    """'Layer', 'Model', 'Functional', 'Sequential', 'Optimizer', ... or None."""
    if isinstance(obj, type):  # a class stored as an attribute is not an object to save
        return None
    method = getattr(obj, "_obj_type", None)
    return method() if callable(method) else None


def is_optimizer(obj):
    return obj_type(obj) == "Optimizer"


def _is_walked(obj):
    """Layers (models included) and optimizers: the objects Keras gives a group to."""
    return obj_type(obj) in _WALKED_TYPES


def _children(obj):
    kind = obj_type(obj)
    if kind == "Optimizer":
        return  # an optimizer's state is its own `variables`; it has no children
    # What a plain Layer has is bookkeeping, never a child worth a path (Keras's skip-set);
    # a model's `layers` is walked (Keras's base `Layer` has no such attribute).
    skip = obj._layer_attribute_names()
    if kind != "Layer":
        skip = skip - {"layers"}
    if kind == "Sequential":
        yield "layers", obj.layers
        # Keras's Sequential skips its bookkeeping (`_functional`); this is nnext's.
        skip = skip | {"_input_layer"}
    for attribute in sorted(dir(obj), key=lambda a: "~" + a if a.startswith("_") else a):
        if attribute.startswith("__") or attribute in skip:
            continue
        try:
            child = getattr(obj, attribute)
        except Exception:  # noqa: BLE001, S112 -- a property not computable yet holds no state
            continue
        yield attribute, child


def _join(path, name):
    return f"{path}/{name}" if path else name


def owners(model):
    """Returns `[(path, obj)]` for the model and every layer and optimizer reachable from it.

    `path` is where `obj`'s group lives ('' for the model itself, whose group is `vars`).
    """
    found, visited = [], set()

    def visit(obj, path):
        if id(obj) in visited:
            return
        visited.add(id(obj))
        found.append((path, obj))
        for attribute, child in _children(obj):
            visit_child(child, _join(path, attribute), set())

    def visit_child(child, path, containers):
        if _is_walked(child):
            visit(child, path)
        elif isinstance(child, (list, tuple, dict)) and id(child) not in containers:
            containers.add(id(child))
            counts = {}
            for item in child.values() if isinstance(child, dict) else child:
                if _is_walked(item):
                    visit(item, _join(path, _unique(to_snake_case(type(item).__name__), counts)))
                elif isinstance(item, (list, tuple, dict)):
                    visit_child(item, _join(path, _unique("container", counts)), containers)

    visit(model, "")
    return found


def _unique(name, counts):
    # Keras numbers within one container: dense, dense_1, dense_2 ...
    if name in counts:
        counts[name] += 1
        return f"{name}_{counts[name]}"
    counts[name] = 0
    return name
