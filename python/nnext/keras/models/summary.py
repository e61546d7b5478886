"""`print_summary`: Keras's table of layers, output shapes and parameter counts."""

import itertools
import math
import re
import shutil

import numpy as np

_UNITS = ("B", "KB", "MB", "GB", "TB", "PB")


def count_params(weights):
    return sum(math.prod(w.shape) for w in {id(w): w for w in weights}.values())


def memory_size(weights):
    unique = {id(w): w for w in weights}.values()
    return sum(
        math.prod(w.shape)
        * np.dtype(str(w.dtype.name if hasattr(w.dtype, "name") else w.dtype)).itemsize
        for w in unique
    )


def readable_memory_size(size):
    for unit in _UNITS:
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} {_UNITS[-1]}"


def _format_shape(shape):
    if shape is None:
        return "?"
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ")"


# A word and the whitespace around it, as rich splits a cell's text into words.
_WORD = re.compile(r"\s*\S+\s*")


def _wrap(text, width):
    """`text` in lines of at most `width` characters as Keras's rich tables wrap a cell:
    broken before the word that no longer fits, a word longer than a line alone on its line
    and cut to `width - 1` characters and an ellipsis (rich's columns crop, not fold)."""
    breaks, used = [], 0
    for word in _WORD.finditer(text):
        if width - used >= len(word.group().rstrip()):
            used += len(word.group())
            continue
        if word.start():
            breaks.append(word.start())
        used = len(word.group())
    bounds = [0, *breaks, len(text)]
    lines = [text[a:b].rstrip() for a, b in itertools.pairwise(bounds)]
    return [line if len(line) <= width else line[: width - 1] + "…" for line in lines]


def _row(cells, widths, align, left="│", mid="│", right="│", bottom=False):
    """One table row of wrapped cells; `bottom` aligns short cells to the row's last line
    (rich does so for the header)."""
    wrapped = [_wrap(text, width - 2) for text, width in zip(cells, widths)]
    height = max(len(lines) for lines in wrapped)
    if bottom:
        wrapped = [[""] * (height - len(lines)) + lines for lines in wrapped]
    out = []
    for i in range(height):
        parts = []
        for lines, width, a in zip(wrapped, widths, align):
            text = lines[i] if i < len(lines) else ""
            parts.append(
                " " + (text.rjust(width - 2) if a == "right" else text.ljust(width - 2)) + " "
            )
        out.append(left + mid.join(parts) + right)
    return "\n".join(out)


def _rule(widths, left, mid, right, fill):
    return left + mid.join(fill * w for w in widths) + right


def _column_widths(line_length, positions):
    """Each column's width with its padding, as Keras's rich table lays them out: the
    `positions` split `line_length` into content widths, a space pads each side, and when
    that overflows `line_length` (borders included) rich takes the excess evenly from the
    columns, rounding as Python rounds."""
    edges = [int(p * line_length) for p in positions]
    widths = [edge - start + 2 for start, edge in zip([0, *edges[:-1]], edges)]
    excess = sum(widths) - (line_length - len(widths) - 1)
    for i in range(len(widths)):
        if excess <= 0:
            break
        cut = round(excess / (len(widths) - i))
        widths[i] -= cut
        excess -= cut
    return widths


def print_summary(model, rows, line_length=None, print_fn=None):
    """Prints `rows` of `(name, type, output_shape, weights)` (weights None: an unbuilt
    layer) as Keras 3's summary table;
    rows of five, whose last is a "Connected to" text, add that column (functional models
    that are not a plain chain).

    The columns split `line_length` (88, or 108 with connections, at most the terminal's
    width less 4, as in Keras) at 45% and 80% (30%, 56%, 74% with connections).
    """
    connected = bool(rows) and len(rows[0]) == 5
    default = 108 if connected else 88
    line_length = line_length or min(default, shutil.get_terminal_size().columns - 4)
    positions = (0.3, 0.56, 0.74, 1.0) if connected else (0.45, 0.80, 1.0)
    widths = _column_widths(line_length, positions)
    align = ("left", "left", "right", "left")[: len(widths)]
    header = ("Layer (type)", "Output Shape", "Param #", "Connected to")[: len(widths)]
    lines = [
        f'Model: "{model.name}"',
        _rule(widths, "┏", "┳", "┓", "━"),
        _row(header, widths, align, "┃", "┃", "┃", bottom=True),
        _rule(widths, "┡", "╇", "┩", "━"),
    ]
    for i, (name, type_name, shape, weights, *connections) in enumerate(rows):
        if i:
            lines.append(_rule(widths, "├", "┼", "┤", "─"))
        params = "0 (unbuilt)" if weights is None else f"{count_params(weights):,}"
        lines.append(
            _row(
                (f"{name} ({type_name})", _format_shape(shape), params, *connections), widths, align
            )
        )
    lines.append(_rule(widths, "└", "┴", "┘", "─"))
    trainable, non_trainable = model.trainable_weights, model.non_trainable_weights
    optimizer = getattr(model, "optimizer", None)
    optimizer_vars = optimizer.variables if optimizer is not None and optimizer.built else []
    total = count_params(trainable) + count_params(non_trainable) + count_params(optimizer_vars)
    total_size = memory_size(trainable) + memory_size(non_trainable) + memory_size(optimizer_vars)
    lines.append(f" Total params: {total:,} ({readable_memory_size(total_size)})")
    lines.append(
        f" Trainable params: {count_params(trainable):,} "
        f"({readable_memory_size(memory_size(trainable))})"
    )
    lines.append(
        f" Non-trainable params: {count_params(non_trainable):,} "
        f"({readable_memory_size(memory_size(non_trainable))})"
    )
    if optimizer_vars:
        lines.append(
            f" Optimizer params: {count_params(optimizer_vars):,} "
            f"({readable_memory_size(memory_size(optimizer_vars))})"
        )
    text = "\n".join(lines)
    if print_fn is None:
        print(text)
    else:  # Keras hands a print_fn the captured console text, newline-terminated
        print_fn(text + "\n")
