"""``GradientTape``: the Python face of the C++ tape (cpp/autograd/tape.h).

Python only flattens and restores the structure of ``sources``; recording and the backward
pass run in C++.
"""

import contextlib
import logging

from nnext import _core
from nnext._core import Tensor

__all__ = ["GradientTape"]


def _flatten(structure):
    if isinstance(structure, (list, tuple)):
        return [leaf for item in structure for leaf in _flatten(item)]
    if isinstance(structure, dict):
        return [leaf for key in sorted(structure) for leaf in _flatten(structure[key])]
    return [structure]


def _pack_as(structure, flat):
    """Rebuilds ``structure`` with its leaves taken in order from the iterator ``flat``."""
    if isinstance(structure, (list, tuple)):
        items = [_pack_as(item, flat) for item in structure]
        return type(structure)(items) if isinstance(structure, list) else tuple(items)
    if isinstance(structure, dict):
        return {key: _pack_as(structure[key], flat) for key in sorted(structure)}
    return next(flat)


def _all_tensors(values):
    for v in values:
        if not isinstance(v, Tensor):
            return False
    return True


def _check_tensors(values, what):
    for v in values:
        if not isinstance(v, Tensor):
            raise TypeError(
                f"GradientTape.{what}: expected tensors or Variables, got {type(v).__name__}: "
                f"{v!r:.60}"
            )


class GradientTape:
    """Records operations for reverse-mode differentiation.

    Trainable Variables read inside the ``with`` block are watched automatically; other
    tensors need ``tape.watch``. A non-scalar target is summed, as in TensorFlow.

    Args:
        persistent: allow several ``gradient`` calls (the graph is kept until the tape dies).
        watch_accessed_variables: watch trainable Variables automatically.

    Example:
        >>> w = nnext.Variable([[1.0], [2.0]])
        >>> with nnext.GradientTape() as tape:
        ...     loss = nnext.reduce_sum(nnext.constant([[3.0, 4.0]]) @ w)
        >>> tape.gradient(loss, w).numpy().ravel()
        array([3., 4.], dtype=float32)
    """

    def __init__(self, persistent=False, watch_accessed_variables=True):
        self._tape = _core._Tape(bool(persistent), bool(watch_accessed_variables))
        self._persistent = persistent
        self._watch_accessed_variables = watch_accessed_variables

    def __enter__(self):
        self._tape.push()
        return self

    def __exit__(self, *exc_info):
        self._tape.pop()
        return False

    def watch(self, tensor):
        """Makes the tape track ``tensor`` (a tensor, Variable, or a nested list of them)."""
        flat = _flatten(tensor)
        _check_tensors(flat, "watch")
        for t in flat:
            if not t.dtype.is_floating:
                _warn_not_floating("watched tensor", t, "")
            self._tape.watch(t)

    def watched_variables(self):
        """The Variables this tape watches."""
        return tuple(self._tape.watched_variables())

    @contextlib.contextmanager
    def stop_recording(self):
        """Temporarily stops this tape from recording inside the block."""
        if not self._tape.recording:
            # Resuming afterwards would leave a tape recording outside any `with` block.
            raise RuntimeError("GradientTape.stop_recording: the tape is not recording")
        self._tape.pop()
        try:
            yield
        finally:
            self._tape.push()

    def gradient(self, target, sources, output_gradients=None, unconnected_gradients=None):
        """d(target)/d(sources), with the structure of ``sources``.

        Args:
            target: a floating tensor (or a list of them, whose gradients are summed).
            sources: a tensor, Variable, or nested list/tuple/dict of them.
            output_gradients: the gradient to seed the backward pass with (target's shape).

        Returns:
            Gradients shaped like ``sources``; ``None`` where the target does not depend on
            a source (or zeros with ``unconnected_gradients='zero'``).
        """
        if (
            type(sources) is list
            and output_gradients is None
            and unconnected_gradients is None
            and isinstance(target, Tensor)
            and _all_tensors(sources)
        ):
            # The training loop's case, a loss and a flat list of Variables: nothing to
            # flatten or rebuild, and the C++ tape already returns a list. (A missing
            # gradient is the only case that needs a look at the target's dtype.)
            grads = self._tape.gradient([target], sources, [None])
            if None in grads and not target.dtype.is_floating:
                _warn_not_floating("target tensor", target, " when calling GradientTape.gradient")
            return grads
        targets = _flatten(target)
        _check_tensors(targets, "gradient")
        flat_sources = _flatten(sources)
        _check_tensors(flat_sources, "gradient")
        seeds = (
            _flatten(output_gradients) if output_gradients is not None else [None] * len(targets)
        )
        if len(seeds) != len(targets):
            raise ValueError(
                f"GradientTape.gradient: got {len(seeds)} output_gradients for {len(targets)} targets"
            )
        for t in targets:
            if not t.dtype.is_floating:
                _warn_not_floating("target tensor", t, " when calling GradientTape.gradient")
        grads = self._tape.gradient(targets, flat_sources, seeds)
        if unconnected_gradients in ("zero", "ZERO"):
            grads = [
                g if g is not None else _core.zeros_like(s) for g, s in zip(grads, flat_sources)
            ]
        return _pack_as(sources, iter(grads))

    def reset(self):
        """Clears everything recorded so far (and what was watched); inside the ``with``
        block, recording goes on from here on a fresh tape."""
        recording = self._tape.recording
        if recording:
            self._tape.pop()
        self._tape = _core._Tape(bool(self._persistent), bool(self._watch_accessed_variables))
        if recording:
            self._tape.push()

    def _walks(self, target, flat_sources, seeds, unconnected_gradients):
        """One backward walk per seed, the tape kept until the last walk even when it is
        not persistent (TensorFlow lets a non-persistent tape compute one jacobian)."""
        persistent = self._tape.persistent
        rows = []
        try:
            for i, seed in enumerate(seeds):
                self._tape.persistent = persistent or i < len(seeds) - 1
                rows.append(self._tape.gradient([target], flat_sources, [seed]))
        finally:
            self._tape.persistent = persistent
        zero = unconnected_gradients in ("zero", "ZERO")
        stacked = []
        for k, source in enumerate(flat_sources):
            column = [row[k] for row in rows]
            if all(g is None for g in column) and not zero:
                stacked.append(None)
                continue
            column = [_core.zeros_like(source) if g is None else g for g in column]
            stacked.append(_core.stack(column, 0))
        return stacked

    def jacobian(
        self,
        target,
        sources,
        unconnected_gradients=None,
        parallel_iterations=None,
        experimental_use_pfor=True,
    ):
        """The Jacobian of ``target`` with respect to each of ``sources``.

        Each result has shape ``target.shape + source.shape``; it is computed with one
        backward walk per element of ``target``. ``parallel_iterations`` and
        ``experimental_use_pfor`` are accepted and ignored.

        Example:
            >>> x = nnext.Variable([1.0, 2.0])
            >>> with nnext.GradientTape() as tape:
            ...     y = x * x
            >>> tape.jacobian(y, x).numpy()
            array([[2., 0.], [0., 4.]], dtype=float32)
        """
        _check_tensors([target], "jacobian")
        flat_sources = _flatten(sources)
        _check_tensors(flat_sources, "jacobian")
        n = target.size
        eye = _core.eye(n, n, target.dtype) if n else None
        seeds = [_core.reshape(eye[i], list(target.shape)) for i in range(n)]
        if n == 0:
            grads = [_core.zeros(list(target.shape) + list(s.shape), s.dtype) for s in flat_sources]
        else:
            stacked = self._walks(target, flat_sources, seeds, unconnected_gradients)
            grads = [
                None if g is None else _core.reshape(g, list(target.shape) + list(s.shape))
                for g, s in zip(stacked, flat_sources)
            ]
        return _pack_as(sources, iter(grads))

    def batch_jacobian(
        self,
        target,
        source,
        unconnected_gradients=None,
        parallel_iterations=None,
        experimental_use_pfor=True,
    ):
        """Per-example Jacobians: ``result[b] = d target[b] / d source[b]``, assuming row
        ``b`` of ``target`` depends only on row ``b`` of ``source``.

        The result has shape ``target.shape + source.shape[1:]``.

        Raises:
            ValueError: if the first dimensions of ``target`` and ``source`` differ.
        """
        _check_tensors([target, source], "batch_jacobian")
        if target.ndim == 0 or source.ndim == 0 or target.shape[0] != source.shape[0]:
            raise ValueError(
                f"Need first dimension of target shape {tuple(target.shape)} and source shape "
                f"{tuple(source.shape)} to match."
            )
        batch = target.shape[0]
        per_row = target.size // batch if batch else 0
        out_shape = list(target.shape) + list(source.shape[1:])
        if per_row == 0 or batch == 0:
            return _core.zeros(out_shape, source.dtype)
        eye = _core.eye(per_row, per_row, target.dtype)
        seeds = [
            _core.reshape(_core.broadcast_to(eye[j], [batch, per_row]), list(target.shape))
            for j in range(per_row)
        ]
        (stacked,) = self._walks(target, [source], seeds, unconnected_gradients)
        if stacked is None:
            return None
        # (per_row, batch, *source_rest) -> (batch, per_row, *source_rest)
        rest = list(range(2, stacked.ndim))
        return _core.reshape(_core.transpose(stacked, [1, 0] + rest), out_shape)


def _warn_not_floating(what, tensor, when):
    # TensorFlow warns, and a non-floating tensor then contributes no gradient (None).
    logging.getLogger("nnext").warning(
        f"The dtype of the {what} must be floating (e.g. nnext.float32){when}, got {tensor.dtype!r}"
    )
