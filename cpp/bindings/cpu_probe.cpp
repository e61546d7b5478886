// nnext._cpu_probe: which x86-64 level the running CPU supports, asked by nnext/_runtime.py
// before it chooses which level's kernels to load. Compiled for plain x86-64.
#include <pybind11/pybind11.h>

#include "core/cpu_level.h"

PYBIND11_MODULE(_cpu_probe, m) {
  m.def("supported_level", &nnext::cpu_level_supported,
        "The highest x86-64 level (1 to 4) that this CPU and OS support.");
}
