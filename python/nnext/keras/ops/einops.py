"""`keras.ops.rearrange`: einops-style axis rearrangement, e.g. 'b (h w) c -> b h w c'.

A pattern names the input axes (a parenthesized group splits one axis into several; all but
one of its sizes come from `axes_lengths`) and the output axes (a group merges axes). The
result is one reshape, one transpose and one reshape, all views where the layout allows.
"""

import re

from nnext import _core
from nnext.keras.keras_tensor import symbolic
from nnext.keras.ops._base import convert

__all__ = ["rearrange"]

_TOKEN = re.compile(r"\([^)]*\)|[A-Za-z_][A-Za-z0-9_]*|\S")


def _groups(side, pattern):
    groups = []
    for token in _TOKEN.findall(side):
        if token.startswith("("):
            groups.append(token[1:-1].split())
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", token):
            groups.append([token])
        else:
            raise ValueError(f"rearrange: unsupported token {token!r} in pattern {pattern!r}")
    return groups


@symbolic
def rearrange(tensor, pattern, **axes_lengths):
    """Rearranges the axes of `tensor` by an einops `pattern`.

    Example:
        >>> keras.ops.rearrange(images, "b (h1 h) w c -> (b h1) h w c", h1=2).shape
    """
    x = convert(tensor)
    if "->" not in pattern:
        raise ValueError(f"rearrange: the pattern needs '->'. Received: pattern={pattern!r}")
    left, right = (s.strip() for s in pattern.split("->"))
    inputs, outputs = _groups(left, pattern), _groups(right, pattern)
    if len(inputs) != x.ndim:
        raise ValueError(
            f"rearrange: the pattern {left!r} names {len(inputs)} axes for a tensor of rank "
            f"{x.ndim}"
        )
    sizes = dict(axes_lengths)
    for group, dim in zip(inputs, x.shape):
        unknown = [a for a in group if a not in sizes]
        known = 1
        for a in group:
            known *= sizes.get(a, 1)
        if len(unknown) > 1:
            raise ValueError(f"rearrange: cannot infer the sizes of {unknown} in {group}")
        if unknown:
            sizes[unknown[0]] = dim // known
        total = 1
        for a in group:
            total *= sizes[a]
        if total != dim:
            raise ValueError(
                f"rearrange: axes {group} of sizes {[sizes[a] for a in group]} "
                f"do not make a dimension of {dim}"
            )
    flat_in = [a for g in inputs for a in g]
    flat_out = [a for g in outputs for a in g]
    if sorted(flat_in) != sorted(flat_out):
        raise ValueError(f"rearrange: the two sides of {pattern!r} name different axes")
    x = _core.reshape(x, [sizes[a] for a in flat_in])
    x = _core.transpose(x, [flat_in.index(a) for a in flat_out])
    shape = []
    for g in outputs:
        n = 1
        for a in g:
            n *= sizes[a]
        shape.append(n)
    return _core.reshape(x, shape)
