"""Loads nnext's C++ core: process settings its libraries read when they start, and the
kernels compiled for the best x86-64 level this CPU supports.

The computing floors of the core are built once per level (CMakeLists.txt) into
``libnnext_cpu_v2.so``, ``_v3`` (AVX2, FMA) and ``_v4`` (AVX-512), which share the SONAME
``libnnext_cpu.so`` that ``_core`` needs. Loading one of them first makes the dynamic loader
bind ``_core`` to it, as NumPy and PyTorch pick their kernels from the running CPU.
``NNEXT_CPU_LEVEL=v2`` (or ``v3``) caps the level, to test or compare the lower ones.
The package face imports this module before anything else.
"""

import ctypes
import os

from nnext import _cpu_probe

# nnext's OpenMP threads and OpenBLAS's threads take turns on the same cores. A pool that
# keeps spin-waiting after its work is done steals the core the other pool needs next: a
# 784-512-10 training step measured 25x slower with both pools spinning on this 2-core
# machine. Both pools spin only briefly before sleeping, unless the user chose otherwise.
# (Read when the libraries load, so this must precede the loading below.)
os.environ.setdefault("GOMP_SPINCOUNT", "10000")
os.environ.setdefault("OPENBLAS_THREAD_TIMEOUT", "16")  # 2^16 cycles: ~20 us

FEATURES = {1: "baseline", 2: "SSE4.2, POPCNT", 3: "AVX2, FMA", 4: "AVX-512"}
_PREFIX, _SUFFIX = "libnnext_cpu_v", ".so"
_HERE = os.path.dirname(os.path.abspath(__file__))


def built_levels():
    """The levels whose kernel libraries this installation holds, ascending."""
    return sorted(
        int(name[len(_PREFIX) : -len(_SUFFIX)])
        for name in os.listdir(_HERE)
        if name.startswith(_PREFIX) and name.endswith(_SUFFIX)
    )


def requested_level():
    """NNEXT_CPU_LEVEL as a number (2, 3 or 4), or None when it is not set."""
    value = os.environ.get("NNEXT_CPU_LEVEL", "").strip().lower()
    if not value:
        return None
    if value.removeprefix("x86-64-") not in ("v2", "v3", "v4"):
        raise ImportError(f"NNEXT_CPU_LEVEL={value!r}: expected v2, v3 or v4")
    return int(value[-1])


def choose_level(supported, built, requested):
    """The best built level that the CPU supports and the user allowed."""
    cap = supported if requested is None else min(supported, requested)
    usable = [level for level in built if level <= cap]
    if not usable:
        raise ImportError(
            f"nnext's kernels were built for x86-64-v{'/v'.join(map(str, built))}, but this "
            f"CPU supports x86-64-v{supported} ({FEATURES[supported]})"
            + ("" if requested is None else f" and NNEXT_CPU_LEVEL asks for v{requested}")
        )
    return usable[-1]


SUPPORTED = _cpu_probe.supported_level()
LEVEL = choose_level(SUPPORTED, built_levels(), requested_level())
# Kept for the life of the process: _core's symbols resolve into this library.
_KERNELS = ctypes.CDLL(os.path.join(_HERE, f"{_PREFIX}{LEVEL}{_SUFFIX}"))

from nnext import _core  # binds to the library loaded above

if _core._build_config()["cpu_level"] != LEVEL:
    # A tool that renamed libnnext_cpu.so (auditwheel without --exclude) breaks the binding.
    raise ImportError(
        f"nnext chose x86-64-v{LEVEL} kernels but _core bound to x86-64-v"
        f"{_core._build_config()['cpu_level']}: was libnnext_cpu.so renamed?"
    )
