"""tf.sysconfig (real paths and flags of this installation: a C++ file compiles against
them) and tf.DeviceSpec (TensorFlow's parsing, canonical strings, merging, equality)."""

import os
import shutil
import subprocess

import pytest

import nnext as tf
from nnext import _core, sysconfig

# -- tf.sysconfig -------------------------------------------------------------------------


def test_get_lib_is_the_package_with_core_and_kernels():
    lib = tf.sysconfig.get_lib()
    assert os.path.samefile(lib, os.path.dirname(_core.__file__))
    names = os.listdir(lib)
    assert any(n.startswith("_core.") for n in names)
    flags = tf.sysconfig.get_link_flags()
    assert flags[0] == f"-L{lib}"
    assert flags[1].startswith("-l:libnnext_cpu_v") and flags[1].endswith(".so")
    assert os.path.isfile(os.path.join(lib, flags[1][3:]))
    level = _core._build_config()["cpu_level"]
    assert flags[1] == f"-l:libnnext_cpu_v{level}.so"  # the library this process loaded


def test_get_include_holds_the_headers():
    include = tf.sysconfig.get_include()
    for header in ("core/tensor.h", "core/dtype.h", "ops/elementwise.h"):
        assert os.path.isfile(os.path.join(include, header)), header


def test_compile_flags_compile_a_file_against_the_headers(tmp_path):
    flags = tf.sysconfig.get_compile_flags()
    assert flags[0] == f"-I{tf.sysconfig.get_include()}"
    assert flags[1] in ("-D_GLIBCXX_USE_CXX11_ABI=1", "-D_GLIBCXX_USE_CXX11_ABI=0")
    assert flags[2] == "--std=c++17"
    compiler = shutil.which("g++") or shutil.which("c++")
    if compiler is None:
        pytest.skip("no C++ compiler on this machine")
    source = tmp_path / "uses_nnext.cpp"
    source.write_text('#include "core/dtype.h"\nint main() { return 0; }\n')
    done = subprocess.run(
        [compiler, *flags, "-fsyntax-only", str(source)],
        check=False,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def test_get_include_explains_when_no_headers_are_installed(tmp_path, monkeypatch):
    package = tmp_path / "site-packages" / "nnext"
    package.mkdir(parents=True)
    monkeypatch.setattr(sysconfig, "_PACKAGE_DIR", str(package))
    with pytest.raises(FileNotFoundError, match="headers are missing"):
        tf.sysconfig.get_include()
    (package / "include" / "core").mkdir(parents=True)
    (package / "include" / "core" / "tensor.h").write_text("")
    assert tf.sysconfig.get_include() == str(package / "include")


def test_build_info():
    info = tf.sysconfig.get_build_info()
    config = _core._build_config()
    assert info["is_cuda_build"] is False and info["is_rocm_build"] is False
    assert info["is_tensorrt_build"] is False
    assert info["cpu_compiler"] == config["compiler"] and info["cpu_compiler"]
    assert info["cpu_level"] == f"x86-64-v{config['cpu_level']}"
    assert "OpenBLAS" in info["blas"] and info["blas_version"]
    assert info["cxx_standard"] == "c++17"
    info["is_cuda_build"] = True  # a copy: the next call is unaffected
    assert tf.sysconfig.get_build_info()["is_cuda_build"] is False


# -- tf.DeviceSpec ------------------------------------------------------------------------


def test_constructor_and_canonical_string():
    spec = tf.DeviceSpec(job="x", replica=0, task=0, device_type="CPU", device_index=0)
    assert spec.to_string() == "/job:x/replica:0/task:0/device:CPU:0"
    assert (spec.job, spec.replica, spec.task) == ("x", 0, 0)
    assert (spec.device_type, spec.device_index) == ("CPU", 0)
    assert tf.DeviceSpec().to_string() == ""
    assert tf.DeviceSpec(job="ps", device_type="GPU", device_index=0).to_string() == (
        "/job:ps/device:GPU:0"
    )
    assert tf.DeviceSpec(device_type="GPU").to_string() == "/device:GPU:*"  # any index
    # Values are normalised as TensorFlow's: str job, int indices, 'cpu'/'gpu' upper-cased.
    spec = tf.DeviceSpec(job=7, replica="2", task="3", device_type="gpu", device_index="1")
    assert spec.to_string() == "/job:7/replica:2/task:3/device:GPU:1"
    assert spec.replica == 2 and isinstance(spec.task, int)
    assert tf.DeviceSpec(device_type="tpu").device_type == "tpu"  # only cpu and gpu change


@pytest.mark.parametrize(
    "text, parts",
    [
        ("/job:foo/replica:0/task:1/device:CPU:2", ("foo", 0, 1, "CPU", 2)),
        ("/job:worker/task:3", ("worker", None, 3, None, None)),
        ("/device:GPU:0", (None, None, None, "GPU", 0)),
        ("/GPU:1", (None, None, None, "GPU", 1)),
        ("/cpu:*", (None, None, None, "CPU", None)),
        ("gpu", (None, None, None, "GPU", None)),
        ("/device:CUSTOM:5", (None, None, None, "CUSTOM", 5)),
        ("/device:FOO:3", (None, None, None, "FOO", 3)),  # any type after 'device:'
        ("", (None, None, None, None, None)),
        (None, (None, None, None, None, None)),
    ],
)
def test_from_string(text, parts):
    spec = tf.DeviceSpec.from_string(text)
    assert (spec.job, spec.replica, spec.task, spec.device_type, spec.device_index) == parts
    assert tf.DeviceSpec().parse_from_string(text) == spec


def test_round_trip_and_parse_errors():
    for text in ("/job:a/replica:1/task:2/device:GPU:3", "/job:a/device:CPU:*", "/task:0"):
        assert tf.DeviceSpec.from_string(text).to_string() == text
    assert tf.DeviceSpec.from_string("/job:a/CPU:0").to_string() == "/job:a/device:CPU:0"
    with pytest.raises(ValueError, match="Cannot specify multiple device types"):
        tf.DeviceSpec.from_string("/CPU:0/GPU:0")
    with pytest.raises(ValueError, match="Cannot specify multiple device types"):
        tf.DeviceSpec.from_string("/device:CPU:0/device:GPU:1")
    with pytest.raises(ValueError, match="Unknown attribute: 'foo' in '/job:a/foo:1'"):
        tf.DeviceSpec.from_string("/job:a/foo:1")
    with pytest.raises(ValueError, match="invalid literal for int"):
        tf.DeviceSpec.from_string("/device:GPU:x")
    with pytest.raises(ValueError):
        tf.DeviceSpec.from_string("/task:notanint")


def test_parse_from_string_leaves_the_spec_unchanged():
    spec = tf.DeviceSpec.from_string("/CPU:0")
    other = spec.parse_from_string("/GPU:0")
    assert spec.to_string() == "/device:CPU:0" and other.to_string() == "/device:GPU:0"


def test_make_merged_spec_and_replace():
    first = tf.DeviceSpec(job=0, device_type="CPU")
    merged = first.make_merged_spec(tf.DeviceSpec(device_type="GPU"))
    assert merged == tf.DeviceSpec(job=0, device_type="GPU")
    merged = tf.DeviceSpec.from_string("/job:train/task:1/GPU:0").make_merged_spec(
        tf.DeviceSpec(task=2, device_index=1)
    )
    assert merged.to_string() == "/job:train/task:2/device:GPU:1"
    spec = tf.DeviceSpec(job="my_job", device_type="CPU", device_index=0)
    assert spec.replace(device_type="GPU").to_string() == "/job:my_job/device:GPU:0"
    assert spec.replace(device_type=None, device_index=None).to_string() == "/job:my_job"
    assert spec.to_string() == "/job:my_job/device:CPU:0"  # immutable
    with pytest.raises(TypeError):
        spec.replace(device="GPU")
    with pytest.raises(AttributeError):
        spec.job = "other"


def test_equality_and_hash():
    a = tf.DeviceSpec.from_string("/job:a/task:0/device:CPU:0")
    b = tf.DeviceSpec(job="a", task=0, device_type="cpu", device_index=0)
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != tf.DeviceSpec(job="a", task=1, device_type="CPU", device_index=0)
    assert a != "/job:a/task:0/device:CPU:0"  # a string is not a spec
    assert {a: 1}[b] == 1


def test_spec_strings_place_ops_with_tf_device():
    spec = tf.DeviceSpec(device_type="GPU", device_index=0)
    with tf.device(spec.to_string()):
        x = tf.ones([2])
    assert x.device.endswith("device:CPU:0")  # soft placement onto nnext's one device
    with tf.device(spec):  # a spec itself, as TensorFlow's eager tf.device takes
        y = tf.ones([2])
    assert y.device == x.device
    with pytest.raises(ValueError):
        tf.device(tf.DeviceSpec(device_type="CPU:0"))  # a type TensorFlow cannot parse
