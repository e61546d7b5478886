"""Library-level settings and facts: threads, memory, build configuration."""

import os

from nnext import _core, _runtime
from nnext._core import empty_cache, get_num_threads, set_num_threads

__all__ = ["empty_cache", "get_num_threads", "memory_stats", "set_num_threads", "show_config"]

# TensorFlow's `tf.config` namespace (devices, threading, ...): reachable as
# `nnext.config.<name>`, but not top-level names, so not in __all__.
from nnext.devices import (  # noqa: F401
    LogicalDevice,
    LogicalDeviceConfiguration,
    PhysicalDevice,
    experimental,
    experimental_functions_run_eagerly,
    experimental_run_functions_eagerly,
    functions_run_eagerly,
    get_logical_device_configuration,
    get_soft_device_placement,
    get_visible_devices,
    list_logical_devices,
    list_physical_devices,
    optimizer,
    run_functions_eagerly,
    set_logical_device_configuration,
    set_soft_device_placement,
    set_visible_devices,
    threading,
)


def memory_stats():
    """Bytes held by live nnext buffers (``current``), their high-water mark (``peak``) and
    freed blocks kept for reuse (``cached``)."""
    return _core.memory_stats()


def show_config():
    """Prints the version, compiler, BLAS, threads and the x86-64 level of the kernels that
    run (the best one this CPU supports among those built, capped by ``NNEXT_CPU_LEVEL``)."""
    from nnext.version import VERSION as __version__

    c = _core._build_config()
    lines = [
        f"nnext {__version__}",
        f"  compiler:      {c['compiler']}",
        f"  BLAS:          {c['blas']} {c['blas_version'].strip()}",
        f"  BLAS config:   {c['blas_config']}",
        f"  BLAS threads:  {c['blas_threads']}",
        (
            f"  OpenMP:        version {c['openmp_version']}, {c['threads']} threads "
            f"(loops below {c['grain_size']} elements stay on one thread)"
        ),
        (
            f"  SIMD:          x86-64-v{c['cpu_level']} kernels "
            f"({_runtime.FEATURES[c['cpu_level']]}); this CPU supports "
            f"x86-64-v{c['cpu_level_supported']}; built: "
            + ", ".join(f"v{level}" for level in _runtime.built_levels())
        ),
    ]
    if _runtime.requested_level() is not None:
        lines.append(f"  NNEXT_CPU_LEVEL={os.environ['NNEXT_CPU_LEVEL']} caps the level")
    print("\n".join(lines))
