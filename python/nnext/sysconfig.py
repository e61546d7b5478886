"""``tf.sysconfig``: where nnext's C++ headers and libraries are, and how it was built.

The values are read from this installation: the package folder (``_core`` and the kernel
libraries ``libnnext_cpu_v2/v3/v4.so`` beside it), the C++ ABI the libraries were compiled
with (read from their symbols), and the build facts ``_core`` reports (compiler, BLAS).

Headers: an installation ships them in the package's ``include`` folder, as TensorFlow's
wheel does; when nnext runs from a checkout (``PYTHONPATH=python``) they are the source
tree's ``cpp`` folder. ``get_include`` raises if neither holds them.
"""

import functools
import os

from nnext import _core, _runtime

__all__ = [
    "get_build_info",
    "get_compile_flags",
    "get_include",
    "get_lib",
    "get_link_flags",
]

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_CXX_STANDARD = 17  # CMakeLists.txt: CMAKE_CXX_STANDARD


def get_include():
    """The directory holding nnext's C++ header files (``core/tensor.h``, ``ops/...``).

    Returns:
        The directory as a string: the package's ``include`` folder if the installation
        ships one, else the ``cpp`` folder of the source checkout nnext runs from.

    Raises:
        FileNotFoundError: if neither folder holds the headers (a damaged installation).
    """
    candidates = (
        os.path.join(_PACKAGE_DIR, "include"),
        os.path.normpath(os.path.join(_PACKAGE_DIR, os.pardir, os.pardir, "cpp")),
    )
    for folder in candidates:
        if os.path.isfile(os.path.join(folder, "core", "tensor.h")):
            return folder
    raise FileNotFoundError(
        f"nnext's C++ headers are missing: neither {candidates[0]} nor {candidates[1]} "
        "holds core/tensor.h. Reinstall nnext (pip install nnext) to restore them."
    )


def get_lib():
    """The directory holding nnext's compiled libraries (``_core`` and the kernels).

    Returns:
        The package directory as a string.
    """
    return _PACKAGE_DIR


@functools.cache
def _cxx11_abi():
    """1 if the kernel libraries use libstdc++'s C++11 ABI (their std::string symbols are
    ``std::__cxx11::basic_string``), else 0."""
    path = os.path.join(_PACKAGE_DIR, f"{_runtime._PREFIX}{_runtime.LEVEL}{_runtime._SUFFIX}")
    with open(path, "rb") as library:
        return int(b"__cxx11" in library.read())


def get_compile_flags():
    """The compiler flags for compiling against nnext's headers.

    Returns:
        A list of strings: the include directory, libstdc++'s ABI setting and the C++
        standard, e.g. ``['-I/src/nnext/cpp', '-D_GLIBCXX_USE_CXX11_ABI=1', '--std=c++17']``.

    Raises:
        FileNotFoundError: where no headers are installed (see ``get_include``).
    """
    return [
        f"-I{get_include()}",
        f"-D_GLIBCXX_USE_CXX11_ABI={_cxx11_abi()}",
        f"--std=c++{_CXX_STANDARD}",
    ]


def get_link_flags():
    """The linker flags for linking against nnext's kernel library.

    The library loaded in this process is the one for this CPU's x86-64 level (the three
    levels share the SONAME ``libnnext_cpu.so``).

    Returns:
        A list of strings, e.g. ``['-L/.../nnext', '-l:libnnext_cpu_v3.so']``.
    """
    return [f"-L{get_lib()}", f"-l:{_runtime._PREFIX}{_runtime.LEVEL}{_runtime._SUFFIX}"]


def get_build_info():
    """A dictionary describing how this nnext was built.

    Keys as TensorFlow's where they apply (``cpu_compiler``, ``is_cuda_build``,
    ``is_rocm_build``, ``is_tensorrt_build``: nnext is a CPU-only build), and nnext's own:
    ``blas`` and ``blas_version`` (the BLAS library), ``openmp_version`` (the ``_OPENMP`` date),
    ``cpu_level`` (the x86-64 level of the kernels loaded), ``cxx_standard``.

    Returns:
        A new dict on each call.
    """
    config = _core._build_config()
    return {
        "cpu_compiler": config["compiler"],
        "is_cuda_build": False,
        "is_rocm_build": False,
        "is_tensorrt_build": False,
        "blas": config["blas"],
        "blas_version": config["blas_version"].strip(),
        "openmp_version": config["openmp_version"],
        "cpu_level": f"x86-64-v{config['cpu_level']}",
        "cxx_standard": f"c++{_CXX_STANDARD}",
    }
