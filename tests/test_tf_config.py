"""tf.config (devices, threading, optimizer) and tf.device for nnext's one CPU device."""

import pytest

import nnext
from nnext.devices import LogicalDevice, PhysicalDevice, device

CPU = PhysicalDevice(name="/physical_device:CPU:0", device_type="CPU")


def test_device_lists_name_the_cpu_as_tensorflow():
    assert nnext.config.list_physical_devices() == [CPU]
    assert nnext.config.list_physical_devices("CPU") == [CPU]
    assert nnext.config.list_physical_devices("GPU") == []
    assert nnext.config.list_physical_devices("TPU") == []
    assert nnext.config.list_logical_devices() == [LogicalDevice("/device:CPU:0", "CPU")]
    assert nnext.config.list_logical_devices("GPU") == []
    assert nnext.config.experimental.list_physical_devices("GPU") == []
    assert repr(CPU) == "PhysicalDevice(name='/physical_device:CPU:0', device_type='CPU')"
    with pytest.raises(ValueError, match="Unknown device type"):
        nnext.config.list_physical_devices("QPU")


def test_visible_devices():
    assert nnext.config.get_visible_devices() == [CPU]
    assert nnext.config.get_visible_devices("GPU") == []
    nnext.config.set_visible_devices([], "GPU")  # hiding GPUs: nothing to hide
    nnext.config.set_visible_devices(CPU)
    nnext.config.set_visible_devices([CPU], "CPU")
    with pytest.raises(ValueError, match="Unrecognized device"):
        nnext.config.set_visible_devices([PhysicalDevice("/physical_device:GPU:0", "GPU")])
    with pytest.raises(ValueError, match="Cannot hide the CPU"):
        nnext.config.set_visible_devices([], "CPU")


def test_memory_growth_and_details():
    nnext.config.experimental.set_memory_growth(CPU, True)
    assert nnext.config.experimental.get_memory_growth(CPU) is True
    assert nnext.config.experimental.get_device_details(CPU) == {}
    info = nnext.config.experimental.get_memory_info("CPU:0")
    assert set(info) == {"current", "peak"} and info["peak"] >= info["current"] >= 0
    with pytest.raises(ValueError, match="No matching device"):
        nnext.config.experimental.get_memory_info("GPU:0")
    with pytest.raises(ValueError, match="Unrecognized device"):
        nnext.config.experimental.set_memory_growth("GPU:0", True)


def test_threading_maps_onto_nnext_threads():
    before = nnext.get_num_threads()
    try:
        assert nnext.config.threading.get_intra_op_parallelism_threads() in (0, before)
        nnext.config.threading.set_intra_op_parallelism_threads(1)
        assert nnext.get_num_threads() == 1
        assert nnext.config.threading.get_intra_op_parallelism_threads() == 1
        nnext.config.threading.set_inter_op_parallelism_threads(3)
        assert nnext.config.threading.get_inter_op_parallelism_threads() == 3
        with pytest.raises(ValueError, match="num_threads must be >= 0"):
            nnext.config.threading.set_intra_op_parallelism_threads(-1)
    finally:
        nnext.set_num_threads(before)
        nnext.config.threading.set_inter_op_parallelism_threads(0)


def test_optimizer_and_soft_placement_settings_are_recorded():
    nnext.config.optimizer.set_jit(True)
    assert nnext.config.optimizer.get_jit() is True
    nnext.config.optimizer.set_jit(False)
    nnext.config.optimizer.set_experimental_options({"layout_optimizer": False})
    assert nnext.config.optimizer.get_experimental_options() == {"layout_optimizer": False}
    assert nnext.config.get_soft_device_placement() is True


@pytest.mark.parametrize(
    "name",
    [
        "/CPU:0",
        "/cpu:0",
        "CPU:0",
        "/device:CPU:0",
        "/GPU:0",
        "/job:localhost/replica:0/task:0/device:CPU:0",
        None,
        "/device:GPU:1",
    ],
)
def test_device_scopes_run_on_the_cpu(name):
    with device(name):
        x = nnext.ones([2]) * 2.0
    assert x.device == "/job:localhost/replica:0/task:0/device:CPU:0"
    assert x.numpy().tolist() == [2.0, 2.0]


def test_bad_device_strings_raise():
    with pytest.raises(ValueError, match="Unknown attribute: 'foo' in 'foo'"):
        device("foo")
    with pytest.raises(RuntimeError, match="tf.device does not support functions"):
        device(lambda op: "/CPU:0")
    with pytest.raises(TypeError, match="expected a device name string"):
        device(3)


def test_version():
    assert isinstance(nnext.version.VERSION, str) and nnext.__version__ == nnext.version.VERSION


def test_errors_are_tensorflow_classes_and_python_builtins():
    import pickle

    from nnext import errors

    with pytest.raises(errors.InvalidArgumentError, match="matmul") as caught:
        nnext.matmul(nnext.ones([2, 3]), nnext.ones([4, 2]))
    assert isinstance(caught.value, ValueError) and caught.value.error_code == 3
    with pytest.raises(ValueError):  # the other style of except still works
        nnext.matmul(nnext.ones([2, 3]), nnext.ones([4, 2]))
    with pytest.raises(errors.InvalidArgumentError) as caught:
        nnext.ones([2])[5]
    assert isinstance(caught.value, IndexError)
    with pytest.raises(TypeError) as caught:
        nnext.ones([2]) & nnext.ones([2])
    assert isinstance(caught.value, errors.InvalidArgumentError)
    e = errors.NotFoundError(None, None, "no such file")
    assert isinstance(e, FileNotFoundError) and e.error_code == errors.NOT_FOUND
    assert str(e) == "no such file" and e.op is None and e.node_def is None
    assert issubclass(errors.ResourceExhaustedError, MemoryError)
    assert issubclass(errors.OutOfRangeError, IndexError)
    assert issubclass(errors.UnimplementedError, NotImplementedError)
    back = pickle.loads(pickle.dumps(errors.InvalidArgumentError(None, None, "m")))
    assert type(back) is errors.InvalidArgumentError and back.message == "m"
    with pytest.raises(TypeError, match=r"takes \(node_def, op, message\)"):
        errors.OpError(1, 2)
