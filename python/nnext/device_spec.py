"""``tf.DeviceSpec`` (TensorFlow 2's ``DeviceSpecV2``): a parsed, immutable device name.

A spec has five optional parts, job, replica, task, device type and device index, and
prints in TensorFlow's canonical form ``'/job:worker/replica:0/task:1/device:GPU:0'``
(missing parts left out, a missing index with a type printed as ``*``). The strings it
parses are TensorFlow's: ``'/job:ps/task:0'``, ``'/device:CPU:0'``, ``'/GPU:1'``,
``'cpu:*'``. ``tf.device(spec.to_string())`` places ops as ``tf.device`` does in nnext.
"""

from nnext import devices

__all__ = ["DeviceSpec"]

# The device types TensorFlow knows without asking the runtime (EPU: TPU embedding), and
# those of this machine's devices (the CPU).
_VALID_DEVICE_TYPES = frozenset({"CPU", "GPU", "TPU", "CUSTOM", "EPU"})


def _str_or_none(value):
    return None if value is None else str(value)


def _int_or_none(value):
    return None if value is None else int(value)


def _device_type_or_none(device_type):
    # TensorFlow upper-cases the lowercase 'cpu' and 'gpu' only (backwards compatibility).
    if device_type in ("cpu", "gpu"):
        return device_type.upper()
    return _str_or_none(device_type)


def _valid_device_types():
    found = {d.device_type for d in devices.list_physical_devices()}
    return _VALID_DEVICE_TYPES | found


def _string_to_components(spec):
    """(job, replica, task, device_type, device_index) of a device string, the way
    TensorFlow's parser reads it (the values still go through the constructor)."""
    job = replica = task = device_type = device_index = None
    spec = spec or ""
    valid_types = _valid_device_types()
    for part in spec.split("/"):
        fields = part.split(":")
        count = len(fields)
        if count == 2 and fields[0] == "job":
            job = fields[1]
        elif count == 2 and fields[0] == "replica":
            replica = fields[1]
        elif count == 2 and fields[0] == "task":
            task = fields[1]
        elif count in (1, 2) and fields[0].upper() in valid_types:
            if device_type is not None:
                raise ValueError(f"Cannot specify multiple device types: {spec}")
            device_type = fields[0].upper()
            if count == 2 and fields[1] != "*":
                device_index = int(fields[1])
        elif count == 3 and fields[0] == "device":
            if device_type is not None:
                raise ValueError(f"Cannot specify multiple device types: {spec}")
            device_type = fields[1]
            if fields[2] != "*":
                if not fields[2].isdigit():
                    raise ValueError(f"invalid literal for int: {spec}")
                device_index = int(fields[2])
        elif fields[0] != "":
            raise ValueError(f"Unknown attribute: '{fields[0]}' in '{spec}'")
    return job, replica, task, device_type, device_index


def _components_to_string(job, replica, task, device_type, device_index):
    out = []
    if job is not None:
        out.append(f"/job:{job}")
    if replica is not None:
        out.append(f"/replica:{replica}")
    if task is not None:
        out.append(f"/task:{task}")
    if device_type is not None:
        index = "*" if device_index is None else str(device_index)
        out.append(f"/device:{device_type}:{index}")
    return "".join(out)


class DeviceSpec:
    """A (possibly partial) specification of a device: job, replica, task, type, index.

    Specs are immutable and hashable; two specs are equal when their strings are.
    ``make_merged_spec`` and ``replace`` build new ones.

    Args:
        job: the job name (str), or None.
        replica: the replica index (int), or None.
        task: the task index (int), or None.
        device_type: the device type ('CPU', 'GPU', ...; 'cpu' and 'gpu' are
            upper-cased), or None.
        device_index: the device index (int), or None for any device of the type.

    Example:
        >>> spec = nnext.DeviceSpec(job="ps", device_type="GPU", device_index=0)
        >>> spec.to_string()
        '/job:ps/device:GPU:0'
        >>> nnext.DeviceSpec.from_string("/job:worker/task:1/cpu:0").task
        1
    """

    __slots__ = ("_device_index", "_device_type", "_job", "_replica", "_string", "_task")

    def __init__(self, job=None, replica=None, task=None, device_type=None, device_index=None):
        self._job = _str_or_none(job)
        self._replica = _int_or_none(replica)
        self._task = _int_or_none(task)
        self._device_type = _device_type_or_none(device_type)
        self._device_index = _int_or_none(device_index)
        self._string = _components_to_string(
            self._job, self._replica, self._task, self._device_type, self._device_index
        )

    def to_string(self):
        """The spec as ``/job:<name>/replica:<id>/task:<id>/device:<type>:<id>`` (the parts
        that are set)."""
        return self._string

    @classmethod
    def from_string(cls, spec):
        """A spec parsed from a string such as ``'/job:ps/replica:0/task:0/device:GPU:0'``,
        ``'/CPU:0'`` or ``'gpu:*'`` (every part optional).

        Raises:
            ValueError: an unknown part, two device types, or an index that is not an int.
        """
        return cls(*_string_to_components(spec))

    def parse_from_string(self, spec):
        """The spec of ``spec`` (a string, as for ``from_string``).

        As in TensorFlow 2, this returns a new spec and leaves ``self`` unchanged.

        Raises:
            ValueError: if the string is not a valid device spec.
        """
        return self.from_string(spec)

    def make_merged_spec(self, dev):
        """A new spec of this one's parts overridden by the parts ``dev`` sets.

        Example:
            >>> first = nnext.DeviceSpec(job="w", device_type="CPU")
            >>> first.make_merged_spec(nnext.DeviceSpec(device_type="GPU")).to_string()
            '/job:w/device:GPU:*'
        """
        return self.__class__(*self._combined(dev))

    def replace(self, **kwargs):
        """A new spec with the fields given as keywords (the constructor's) replaced."""
        init_kwargs = {
            "job": self.job,
            "replica": self.replica,
            "task": self.task,
            "device_type": self.device_type,
            "device_index": self.device_index,
        }
        init_kwargs.update(kwargs)
        return self.__class__(**init_kwargs)

    def _combined(self, dev):
        mine = (self.job, self.replica, self.task, self.device_type, self.device_index)
        theirs = (dev.job, dev.replica, dev.task, dev.device_type, dev.device_index)
        return tuple(t if t is not None else m for m, t in zip(mine, theirs))

    @property
    def job(self):
        """The job name, or None."""
        return self._job

    @property
    def replica(self):
        """The replica index, or None."""
        return self._replica

    @property
    def task(self):
        """The task index, or None."""
        return self._task

    @property
    def device_type(self):
        """The device type ('CPU', 'GPU', ...), or None."""
        return self._device_type

    @property
    def device_index(self):
        """The device index, or None (any device of the type)."""
        return self._device_index

    def __eq__(self, other):
        """True when ``other`` is a DeviceSpec with the same string form."""
        return isinstance(other, self.__class__) and self.to_string() == other.to_string()

    def __hash__(self):
        return hash(self._string)

    def __repr__(self):
        return f"DeviceSpec({self._string!r})"
