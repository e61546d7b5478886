// Library-level functions: threads, memory statistics, build configuration.
#include <omp.h>

#include "bindings/bindings.h"
#include "bindings/op_docs.h"
#include "core/cpu_level.h"
#include "core/parallel.h"
#include "kernels/blas.h"
#include "ops/creation.h"

namespace nnext::bindings {
void bind_library(py::module_& m) {
  m.def("set_num_threads", &set_num_threads, py::arg("n"),
        "Sets the threads used by nnext's loops and by OpenBLAS.");
  m.def("get_num_threads", &get_num_threads, doc("get_num_threads"));
  m.def("memory_stats", []() {
    MemoryStats s = memory_stats();
    py::dict d;
    d["current"] = s.current_bytes;
    d["peak"] = s.peak_bytes;
    d["cached"] = s.cached_bytes;
    return d;
  });
  m.def("reset_peak_memory", &reset_peak_memory);
  m.def("empty_cache", &empty_cache, doc("empty_cache"));
  m.def("set_seed", [](uint64_t seed) { ops::set_seed(seed); }, py::arg("seed"));
  m.def("_build_config", []() {
    py::dict d;
    d["version"] = NNEXT_VERSION;
    d["compiler"] = NNEXT_COMPILER;
    d["blas"] = "OpenBLAS (scipy-openblas32)";
    d["blas_version"] = blas_version();
    d["blas_config"] = blas_config();
    d["blas_threads"] = blas_get_num_threads();
    d["openmp_version"] = _OPENMP;
    d["threads"] = get_num_threads();
    // The level of the kernel library that is loaded (nnext/_runtime.py chose it).
    d["cpu_level"] = cpu_level_compiled();
    d["cpu_level_supported"] = cpu_level_supported();
    d["grain_size"] = kGrainSize;
    return d;
  });
}

}  // namespace nnext::bindings
