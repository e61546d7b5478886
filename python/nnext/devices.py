"""``tf.config``'s device and threading functions and ``tf.device``, for nnext's one device.

nnext computes on the host CPU only. The device lists name that CPU as TensorFlow names
it, and an empty list comes back for 'GPU' or 'TPU', so programs that probe for
accelerators take their CPU path. ``tf.device('/GPU:0')`` is accepted and runs on the CPU,
as TensorFlow's soft device placement would on a machine without a GPU. The intra-op
thread count maps onto nnext's threads (``nnext.set_num_threads``); the inter-op count is
recorded and has no effect (nnext runs one op at a time per Python thread).
"""

import collections
import os
import re
import types

from nnext import _core
from nnext.function import functions_run_eagerly, run_functions_eagerly

__all__ = [
    "LogicalDevice",
    "LogicalDeviceConfiguration",
    "PhysicalDevice",
    "device",
    "experimental",
    "experimental_functions_run_eagerly",
    "experimental_run_functions_eagerly",
    "functions_run_eagerly",
    "get_logical_device_configuration",
    "get_soft_device_placement",
    "get_visible_devices",
    "list_logical_devices",
    "list_physical_devices",
    "optimizer",
    "run_functions_eagerly",
    "set_logical_device_configuration",
    "set_soft_device_placement",
    "set_visible_devices",
    "threading",
]

PhysicalDevice = collections.namedtuple("PhysicalDevice", ["name", "device_type"])
PhysicalDevice.__doc__ = "A host device as the runtime sees it: name and type ('CPU')."
LogicalDevice = collections.namedtuple("LogicalDevice", ["name", "device_type"])
LogicalDevice.__doc__ = "A device ops can be placed on: name and type ('CPU')."
LogicalDeviceConfiguration = collections.namedtuple(
    "LogicalDeviceConfiguration",
    ["memory_limit", "experimental_priority", "experimental_device_ordinal"],
    defaults=(None, None, 0),
)
LogicalDeviceConfiguration.__doc__ = "Accepted for API compatibility; the CPU is not split."

_CPU = PhysicalDevice("/physical_device:CPU:0", "CPU")
_CPU_LOGICAL = LogicalDevice("/device:CPU:0", "CPU")
_KNOWN_TYPES = ("CPU", "GPU", "TPU")
_settings = {
    "visible": [_CPU],
    "soft_placement": True,
    "intra_op": 0,
    "inter_op": 0,
    "memory_growth": {},
    "logical_config": {},
    "jit": False,
    "optimizer_options": {},
    "determinism": False,
}


def _check_type(device_type):
    if device_type is not None and device_type.upper() not in _KNOWN_TYPES:
        raise ValueError(
            f"Unknown device type: {device_type!r}; expected one of "
            f"{', '.join(_KNOWN_TYPES)} or None"
        )


def list_physical_devices(device_type=None):
    """The physical devices of ``device_type`` ('CPU', 'GPU', ...; None: all).

    Example:
        >>> nnext.config.list_physical_devices("GPU")
        []
    """
    _check_type(device_type)
    if device_type is None or device_type.upper() == "CPU":
        return [_CPU]
    return []


def list_logical_devices(device_type=None):
    """The logical devices of ``device_type``: ``[LogicalDevice('/device:CPU:0', 'CPU')]``
    for the CPU, ``[]`` for accelerators."""
    _check_type(device_type)
    visible = [
        d
        for d in _settings["visible"]
        if device_type is None or d.device_type == device_type.upper()
    ]
    return [_CPU_LOGICAL for _ in visible]


def get_visible_devices(device_type=None):
    """The physical devices the runtime may use (all of them unless restricted)."""
    _check_type(device_type)
    return [
        d
        for d in _settings["visible"]
        if device_type is None or d.device_type == device_type.upper()
    ]


def set_visible_devices(devices, device_type=None):
    """Restricts the devices of ``device_type`` the runtime may use.

    Only the CPU exists, and it cannot be hidden: nnext has nowhere else to compute.

    Raises:
        ValueError: for a device this machine does not have, or for hiding the CPU.
    """
    _check_type(device_type)
    devices = [devices] if isinstance(devices, PhysicalDevice) else list(devices)
    for d in devices:
        if d != _CPU:
            raise ValueError(f"Unrecognized device: {d!r}")
    if (device_type is None or device_type.upper() == "CPU") and not devices:
        raise ValueError(
            "Cannot hide the CPU: nnext computes on it (visible devices "
            "must include PhysicalDevice('/physical_device:CPU:0', 'CPU'))"
        )


def _check_device(dev):
    if dev != _CPU:
        raise ValueError(f"Unrecognized device: {dev!r}")


def get_logical_device_configuration(device):
    """The logical configuration set for ``device`` (None: the whole device)."""
    _check_device(device)
    return _settings["logical_config"].get(device)


def set_logical_device_configuration(device, logical_devices):
    """Recorded for compatibility; the CPU always acts as one logical device."""
    _check_device(device)
    _settings["logical_config"][device] = logical_devices


def get_soft_device_placement():
    """Whether an op for a missing device falls back to the CPU (always, in nnext)."""
    return _settings["soft_placement"]


def set_soft_device_placement(enabled):
    """Recorded; nnext always places ops on the CPU."""
    _settings["soft_placement"] = bool(enabled)


# -- tf.config.experimental --------------------------------------------------------------


def _set_memory_growth(device, enable):
    _check_device(device)
    _settings["memory_growth"][device] = bool(enable)


def _get_memory_growth(device):
    _check_device(device)
    return _settings["memory_growth"].get(device, False)


def _get_device_details(device):
    _check_device(device)
    return {}


def _get_memory_info(device):
    """nnext's allocator statistics for the CPU: ``{'current': bytes, 'peak': bytes}``."""
    if _parse_device(device)[0] != "CPU":
        raise ValueError(f"No matching device found for '{device}'")
    stats = _core.memory_stats()
    return {"current": stats["current"], "peak": stats["peak"]}


def _reset_memory_stats(device):
    if _parse_device(device)[0] != "CPU":
        raise ValueError(f"No matching device found for '{device}'")
    _core.reset_peak_memory()


def _enable_op_determinism():
    # nnext's kernels are deterministic already: their sums are split in a fixed order,
    # whatever the number of threads (a team shrinks under load; tests/test_determinism_*).
    _settings["determinism"] = True


experimental = types.SimpleNamespace(
    VirtualDeviceConfiguration=LogicalDeviceConfiguration,
    enable_op_determinism=_enable_op_determinism,
    get_device_details=_get_device_details,
    get_memory_growth=_get_memory_growth,
    get_memory_info=_get_memory_info,
    get_virtual_device_configuration=get_logical_device_configuration,
    get_visible_devices=get_visible_devices,
    list_logical_devices=list_logical_devices,
    list_physical_devices=list_physical_devices,
    reset_memory_stats=_reset_memory_stats,
    set_memory_growth=_set_memory_growth,
    set_virtual_device_configuration=set_logical_device_configuration,
    set_visible_devices=set_visible_devices,
)

# -- tf.config.threading -----------------------------------------------------------------


def _get_intra_op_parallelism_threads():
    return _settings["intra_op"]


def _set_intra_op_parallelism_threads(num_threads):
    # 0 means "let the system choose": nnext's default (OMP_NUM_THREADS, else every core).
    num_threads = int(num_threads)
    if num_threads < 0:
        raise ValueError(f"num_threads must be >= 0, got {num_threads}")
    default = int(os.environ.get("OMP_NUM_THREADS", "0") or 0) or os.cpu_count() or 1
    _core.set_num_threads(num_threads or default)
    _settings["intra_op"] = num_threads


def _get_inter_op_parallelism_threads():
    return _settings["inter_op"]


def _set_inter_op_parallelism_threads(num_threads):
    num_threads = int(num_threads)
    if num_threads < 0:
        raise ValueError(f"num_threads must be >= 0, got {num_threads}")
    _settings["inter_op"] = num_threads


threading = types.SimpleNamespace(
    get_inter_op_parallelism_threads=_get_inter_op_parallelism_threads,
    get_intra_op_parallelism_threads=_get_intra_op_parallelism_threads,
    set_inter_op_parallelism_threads=_set_inter_op_parallelism_threads,
    set_intra_op_parallelism_threads=_set_intra_op_parallelism_threads,
)

# -- tf.config.optimizer -----------------------------------------------------------------


def _set_jit(enabled):
    _settings["jit"] = enabled


def _set_experimental_options(options):
    _settings["optimizer_options"] = dict(options)


optimizer = types.SimpleNamespace(
    get_experimental_options=lambda: dict(_settings["optimizer_options"]),
    get_jit=lambda: _settings["jit"],
    set_experimental_options=_set_experimental_options,
    set_jit=_set_jit,
)

# tf.config.run_functions_eagerly and friends live with nnext.function.
experimental_run_functions_eagerly = run_functions_eagerly
experimental_functions_run_eagerly = functions_run_eagerly

# -- tf.device ---------------------------------------------------------------------------

_DEVICE_PART = re.compile(
    r"^(?:job:[\w-]+|replica:\d+|task:\d+|(?:device:)?(?P<type>[A-Za-z_]+):(?P<index>\d+|\*))$"
)

# The device types TensorFlow's parser takes alone, in either case (device_spec.py).
_BARE_TYPES = frozenset({"CPU", "GPU", "TPU", "CUSTOM", "EPU"})


def _parse_device(name):
    """(device type, index) of a TensorFlow device string such as '/job:localhost/replica:0/
    task:0/device:CPU:0', '/GPU:1' or 'cpu:0'."""
    if isinstance(name, (PhysicalDevice, LogicalDevice)):
        name = name.name.replace("/physical_device:", "/device:")
    if not isinstance(name, str):
        raise TypeError(f"device: expected a device name string, got {name!r}")
    found = ("CPU", "0")
    parts = [p for p in name.strip().split("/") if p]
    # "/device:CPU:0" splits into "device:CPU:0"; a bare "CPU:0" is one part too.
    for part in parts:
        if part.upper() in _BARE_TYPES:  # "cpu", "/GPU": a type alone, any index
            found = (part.upper(), "0")
            continue
        match = _DEVICE_PART.match(part)
        if not match:
            raise ValueError(f"Unknown attribute: '{part}' in '{name}'")
        if match.group("type"):
            found = (match.group("type").upper(), match.group("index"))
    return found


class device:
    """Places the ops inside the block on a device; every device here is the CPU.

    Device strings are checked the way TensorFlow parses them (``'/CPU:0'``,
    ``'/device:GPU:0'``, ``'/job:localhost/replica:0/task:0/device:CPU:0'``, ``'cpu:0'``);
    an accelerator falls back to the CPU (soft placement), so its tensors report
    ``tensor.device`` on the CPU.

    Args:
        device_name: the device string or ``tf.DeviceSpec``, or None for no constraint.

    Raises:
        ValueError: for a string TensorFlow cannot parse.
        RuntimeError: when given a function (a TensorFlow 1 form).

    Example:
        >>> with nnext.device("/GPU:0"):
        ...     x = nnext.ones([2])
        >>> x.device
        '/job:localhost/replica:0/task:0/device:CPU:0'
    """

    def __init__(self, device_name):
        if callable(device_name):
            raise RuntimeError(  # noqa: TRY004 - the error TensorFlow raises
                "tf.device does not support functions when eager execution is enabled."
            )
        from nnext.device_spec import DeviceSpec  # device_spec imports this module

        if isinstance(device_name, DeviceSpec):  # as TensorFlow's eager device scope
            device_name = device_name.to_string()
        self._name = device_name
        if device_name is not None:
            _parse_device(device_name)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return False
