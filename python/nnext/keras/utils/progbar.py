"""`Progbar`: Keras's progress bar, redrawn at most every `interval` seconds.

verbose=1 redraws one line in place: `12/469 ━━━━━━━━━━━━━━━━━━━━ 2s 5ms/step - accuracy:
0.8123 - loss: 0.6012`; verbose=2 prints one summary line when finished.
"""

import math
import time

from nnext.keras.utils.io_utils import print_msg


class Progbar:
    """Displays progress through `target` steps.

    Args:
        target: the total number of steps (None if unknown).
        width: the bar's width in characters.
        verbose: 1 for the live bar, 2 for one line at the end, 0 for nothing.
        interval: the least number of seconds between two redraws.
        unit_name: the unit of time per unit ('step').
    """

    def __init__(self, target, width=20, verbose=1, interval=0.2, unit_name="step"):
        self.target = target
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.unit_name = unit_name
        self._values = {}
        self._start = time.time()
        self._last_update = 0.0
        self._time_after_first_step = None
        self._prev_width = 0

    def update(self, current, values=None, finalize=None):
        """Shows step `current` with `values` (a dict or `(name, value)` pairs, displayed as
        given). Values are read (converted to floats) only when the line is redrawn."""
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        now = time.time()
        time_per_unit = self._step_duration(current, now)
        if self.verbose == 1 and (finalize or now - self._last_update >= self.interval):
            self._store(values)
            self._draw(current, now, time_per_unit, finalize)
            self._last_update = now
        elif self.verbose == 2 and finalize:
            self._store(values)
            digits = int(math.log10(self.target)) + 1 if self.target else 1
            line = f"{current:{digits}d}/{self.target} - {now - self._start:.0f}s -"
            line += _format_time(time_per_unit, self.unit_name) + self._metrics_text()
            print_msg(line)

    def _store(self, values):
        if values:
            items = values.items() if isinstance(values, dict) else values
            for key, value in items:
                self._values[key] = float(value)

    def _metrics_text(self):
        text = ""
        for key, value in self._values.items():
            text += f" - {key}: {value:.4f}" if abs(value) > 1e-3 else f" - {key}: {value:.4e}"
        return text

    def _draw(self, current, now, time_per_unit, finalize):
        if self.target:
            digits = int(math.log10(self.target)) + 1
            done = int(self.width * current / self.target)
            bar = f"\x1b[1m{current:{digits}d}/{self.target}\x1b[0m "
            bar += f"\x1b[32m{'━' * done}\x1b[0m" if done > 0 else ""
            bar += f"\x1b[37m{'━' * (self.width - done)}\x1b[0m"
            visible = len(f"{current:{digits}d}/{self.target} ") + self.width
        else:
            bar = f"{current:7d}/Unknown"
            visible = len(bar)
        if self.target and not finalize:
            eta = time_per_unit * (self.target - current)
            if eta > 3600:
                eta_text = f"{eta // 3600:.0f}:{(eta % 3600) // 60:02.0f}:{eta % 60:02.0f}"
            elif eta > 60:
                eta_text = f"{eta // 60:.0f}:{eta % 60:02.0f}"
            else:
                eta_text = f"{eta:.0f}s"
        else:
            eta_text = f"{now - self._start:.0f}s"
        info = f" \x1b[1m{eta_text}\x1b[0m" + _format_time(time_per_unit, self.unit_name)
        info += self._metrics_text()
        visible += len(f" {eta_text}") + len(info) - len(f" \x1b[1m{eta_text}\x1b[0m")
        padding = " " * max(self._prev_width - visible, 0)
        self._prev_width = visible
        print_msg("\r" + bar + info + padding + ("\n" if finalize else ""), line_break=False)

    def _step_duration(self, current, now):
        # The first step (often slow: allocation, building) is left out of the estimate.
        if not current:
            return 0.0
        if self._time_after_first_step is not None and current > 1:
            per_unit = (now - self._time_after_first_step) / (current - 1)
        else:
            per_unit = (now - self._start) / current
        if current == 1:
            self._time_after_first_step = now
        return per_unit


def _format_time(time_per_unit, unit_name):
    if time_per_unit >= 1 or time_per_unit == 0:
        return f" {time_per_unit:.0f}s/{unit_name}"
    if time_per_unit >= 1e-3:
        return f" {time_per_unit * 1e3:.0f}ms/{unit_name}"
    return f" {time_per_unit * 1e6:.0f}us/{unit_name}"
