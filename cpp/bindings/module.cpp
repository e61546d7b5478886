// The nnext._core extension module: each binding file registers its functions here.
#include "bindings/bindings.h"
#include "core/parallel.h"

namespace nnext::bindings {
void bind_conv(py::module_& m);       // declared here so that adding it leaves bindings.h untouched
void bind_recurrent(py::module_& m);  // likewise
}  // namespace nnext::bindings

// keras.ops families (declared here so that adding them leaves bindings.h untouched).
namespace nnext::bindings {
void bind_special(py::module_& m);
void bind_sort(py::module_& m);
void bind_linalg(py::module_& m);
void bind_custom_gradient(py::module_& m);
void bind_stateless_random(py::module_& m);  // tf.random's stateless draws
void bind_trace(py::module_& m);             // compiled steps (trace.h)
void bind_complex(py::module_& m);           // complex parts (ops/complex.h)
}  // namespace nnext::bindings

PYBIND11_MODULE(_core, m) {
  using namespace nnext::bindings;
  m.doc() = "nnext's C++ core: tensors, kernels, autodiff";
  // OpenBLAS reads its own thread settings at load; align it with ours.
  nnext::set_num_threads(nnext::get_num_threads());
  bind_errors(m);
  bind_library(m);
  bind_tensor(m);
  bind_creation(m);
  bind_elementwise(m);
  bind_reduce(m);
  bind_shape(m);
  bind_autograd(m);
  bind_join(m);
  bind_gather(m);
  bind_matmul(m);
  bind_nn(m);
  bind_optim(m);
  bind_special(m);
  bind_sort(m);
  bind_linalg(m);
  bind_custom_gradient(m);
  bind_stateless_random(m);
  bind_recurrent(m);
  bind_conv(m);
  bind_trace(m);
  bind_complex(m);
}
