"""``tf.Module`` and ``tf.name_scope``: named containers of Variables and sub-modules.

A Module finds its Variables and sub-modules by walking its attributes when asked (lists,
tuples, dicts and namedtuples included, through ``nnext.nest``), so nothing has to be
registered. Name scopes are a per-thread stack of strings; Variables created inside one get
the scope as a prefix of their name (the C++ Variable constructor asks
``_name_scope_prefix``).
"""

import functools
import re
import threading

from nnext import nest
from nnext._core import Variable

__all__ = ["Module", "name_scope"]

_scopes = threading.local()


def _name_scope_prefix():
    """The current scope, e.g. ``'outer/inner/'`` ('' outside any scope)."""
    return getattr(_scopes, "name", "")


class name_scope:
    """A context manager that opens a name scope: names created inside are prefixed.

    ``with nnext.name_scope("a") as scope:`` sets ``scope`` to ``'a/'``, or
    ``'outer/a/'`` inside ``name_scope("outer")``. A name ending in ``/`` is taken as an
    absolute scope; ``''`` returns to the top. Variables created inside take the scope as a
    prefix of their name. The same object may be entered again (Module methods do so on
    every call).

    Args:
        name: the scope's name, a string.

    Example:
        >>> with nnext.name_scope("layer1"):
        ...     v = nnext.Variable(1.0, name="w")
        >>> v.name.startswith("layer1/w")
        True
    """

    def __init__(self, name):
        if not isinstance(name, str):
            raise ValueError("name for name_scope must be a string.")  # noqa: TRY004 - as TF
        self._name = name
        self._saved = []

    @property
    def name(self):
        """The name this scope was opened with."""
        return self._name

    def __enter__(self):
        outer = _name_scope_prefix()
        if not self._name:
            scope = ""
        elif self._name.endswith("/"):
            scope = self._name
        else:
            scope = f"{outer}{self._name}/"
        self._saved.append(outer)
        _scopes.name = scope
        return scope

    def __exit__(self, *exc_info):
        _scopes.name = self._saved.pop()
        return False


def _camel_to_snake(name):
    # "MLPModel" -> "mlp_model", "Dense2D" -> "dense2_d": an underscore goes before a capital
    # that follows a lowercase letter or digit, or that starts a capitalised word.
    out = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name)
    out = re.sub(r"(?<=[A-Z])([A-Z])(?=[a-z])", r"_\1", out)
    return out.lower()


_VALID_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

# Attributes Module keeps for itself: never walked for variables or sub-modules.
_OWN_ATTRIBUTES = frozenset({"_name", "_scope", "_deferred_restorations"})


def _is_variable(value):
    return isinstance(value, Variable)


def _is_trainable_variable(value):
    return isinstance(value, Variable) and value.trainable


def _is_non_trainable_variable(value):
    return isinstance(value, Variable) and not value.trainable


def _is_module(value):
    return isinstance(value, Module)


def _leaves_with_paths(value, path):
    if not nest.is_nested(value):
        yield path, value
        return
    keys = nest._child_names(value)
    for key, child in zip(keys, nest._children(value)):
        yield from _leaves_with_paths(child, path + (key,))


def _walk(module, recursive, predicate, traversal_key, with_path, path, seen, stack):
    """The attributes of ``module`` matching ``predicate``: its own first (sorted by
    attribute name), then each sub-module's, depth first, each object once (without paths)."""
    submodules = []
    recursive = recursive and id(module) not in stack  # a cycle is walked once
    attributes = vars(module)
    for key in sorted(attributes, key=traversal_key):
        if key in _OWN_ATTRIBUTES:
            continue
        for leaf_path, leaf in _leaves_with_paths(attributes[key], (key,)):
            if not with_path:
                if id(leaf) in seen:
                    continue
                seen.add(id(leaf))
            if predicate(leaf):
                yield (path + leaf_path, leaf) if with_path else leaf
            if recursive and _is_module(leaf):
                submodules.append((path + leaf_path, leaf))
    stack.append(id(module))
    for sub_path, sub in submodules:
        yield from _walk(sub, recursive, predicate, traversal_key, with_path, sub_path, seen, stack)
    stack.pop()


class Module:
    """Base class of named containers of Variables, other Modules and functions.

    Variables and Modules assigned to attributes (directly or inside lists, tuples and
    dicts) are found automatically by ``variables``, ``trainable_variables`` and
    ``submodules``, and are what ``nnext.train.Checkpoint`` saves.

    Args:
        name: the module's name, a valid Python identifier; defaults to the class name in
            snake_case (``MyModule`` -> ``my_module``).

    Raises:
        ValueError: if ``name`` is not a valid Python identifier.

    Example:
        >>> class Dense(nnext.Module):
        ...     def __init__(self, in_features, out_features, name=None):
        ...         super().__init__(name=name)
        ...         self.w = nnext.Variable(nnext.random.normal([in_features, out_features]))
        ...         self.b = nnext.Variable(nnext.zeros([out_features]))
        ...     def __call__(self, x):
        ...         return nnext.nn.relu(x @ self.w + self.b)
        >>> len(Dense(3, 2).trainable_variables)
        2
    """

    def __init__(self, name=None):
        if name is None:
            name = _camel_to_snake(type(self).__name__)
        elif not isinstance(name, str) or not _VALID_NAME.match(name):
            raise ValueError(
                f"{name!r} is not a valid module name. Module names must be valid Python "
                "identifiers (e.g. a valid class name)."
            )
        self._name = name
        with name_scope(name) as scope:
            self._scope = name_scope(scope)

    def __setattr__(self, name, value):
        object.__setattr__(self, name, value)
        pending = self.__dict__.get("_deferred_restorations")
        if pending:
            _apply_deferred(self, name, value, pending)

    @property
    def name(self):
        """The module's name (without its enclosing scopes)."""
        return self._name

    @property
    def name_scope(self):
        """The ``name_scope`` of this module, e.g. ``'my_module/'``; enter it with ``with``."""
        return self._scope

    @property
    def variables(self):
        """All Variables of this module and its sub-modules, each once, as a tuple."""
        return tuple(self._flatten(predicate=_is_variable))

    @property
    def trainable_variables(self):
        """The trainable Variables of this module and its sub-modules, as a tuple."""
        return tuple(self._flatten(predicate=_is_trainable_variable))

    @property
    def non_trainable_variables(self):
        """The non-trainable Variables of this module and its sub-modules, as a tuple."""
        return tuple(self._flatten(predicate=_is_non_trainable_variable))

    @property
    def submodules(self):
        """Every Module reachable from this one (children first, then theirs), as a tuple."""
        return tuple(self._flatten(predicate=_is_module))

    def _flatten(
        self,
        recursive=True,
        predicate=None,
        attribute_traversal_key=None,
        with_path=False,
        expand_composites=False,
    ):
        """Yields the values (or ``(path, value)`` pairs) held by this module's attributes
        that satisfy ``predicate``; ``recursive`` descends into sub-modules."""
        return _walk(
            self,
            recursive,
            predicate or (lambda _: True),
            attribute_traversal_key,
            with_path,
            (),
            {id(self)},
            [],
        )

    @classmethod
    def with_name_scope(cls, method):
        """Decorates a method so that it runs inside the module's name scope.

        Example:
            >>> class Scaler(nnext.Module):
            ...     @nnext.Module.with_name_scope
            ...     def __call__(self, x):
            ...         if not hasattr(self, "w"):
            ...             self.w = nnext.Variable(2.0, name="w")
            ...         return x * self.w
        """

        @functools.wraps(method)
        def method_with_name_scope(self, *args, **kwargs):
            with self.name_scope:
                return method(self, *args, **kwargs)

        return method_with_name_scope


# -- deferred restoration ------------------------------------------------------------------
# nnext.train.Checkpoint.restore keeps the values whose Variable does not exist yet (a lazily
# built module) on the deepest module of their path; assigning the Variable, or the module
# holding it, to that attribute later restores the value, as TensorFlow's checkpoints do.


def _defer(module, path, value):
    """Keeps ``value`` for the Variable at ``path`` (attribute names joined by '/')."""
    module.__dict__.setdefault("_deferred_restorations", {})[path] = value


def _restore_value(variable, value):
    if tuple(value.shape) != tuple(variable.shape):
        raise ValueError(
            f"Received incompatible tensor with shape {value.shape} when attempting to "
            f"restore variable with shape {tuple(variable.shape)}."
        )
    variable.assign(value.astype(variable.dtype.name))


def _apply_deferred(module, name, value, pending):
    if isinstance(value, Variable) and name in pending:
        _restore_value(value, pending.pop(name))
    elif isinstance(value, Module):
        prefix = name + "/"
        for key in [k for k in pending if k.startswith(prefix)]:
            rest = key[len(prefix) :]
            saved = pending.pop(key)
            target = _resolve(value, rest.split("/"))
            if isinstance(target, Variable):
                _restore_value(target, saved)
            else:
                _defer(value, rest, saved)


def _resolve(obj, parts):
    """The object at attribute path ``parts`` below ``obj`` (list indices and dict keys
    included), or None."""
    for part in parts:
        if isinstance(obj, (list, tuple)):
            obj = obj[int(part)] if part.isdigit() and int(part) < len(obj) else None
        elif isinstance(obj, dict):
            obj = obj.get(part)
        else:
            obj = getattr(obj, "__dict__", {}).get(part)
        if obj is None:
            return None
    return obj
