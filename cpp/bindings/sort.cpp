// Python bindings of argsort, top_k_indices, cumsum and cumprod.
#include "ops/sort.h"

#include "bindings/bindings.h"
#include "ops/scan.h"

namespace nnext::bindings {

void bind_sort(py::module_& m) {
  m.def(
      "argsort",
      [](py::handle x, int64_t axis, bool descending) {
        Tensor t = to_tensor(x);
        return call_without_gil(t.numel(), &ops::argsort, t, axis, descending);
      },
      py::arg("x"), py::arg("axis") = -1, py::arg("descending") = false);
  m.def(
      "top_k_indices",
      [](py::handle x, int64_t k, bool sorted) {
        Tensor t = to_tensor(x);
        return call_without_gil(t.numel(), &ops::top_k_indices, t, k, sorted);
      },
      py::arg("x"), py::arg("k"), py::arg("sorted") = true);
  m.def(
      "cumsum",
      [](py::handle x, int64_t axis, bool exclusive, bool reverse) {
        Tensor t = to_tensor(x);
        return call_without_gil(t.numel(), &ops::cumsum, t, axis, exclusive, reverse);
      },
      py::arg("x"), py::arg("axis") = 0, py::arg("exclusive") = false, py::arg("reverse") = false);
  m.def(
      "cumprod",
      [](py::handle x, int64_t axis, bool exclusive, bool reverse) {
        Tensor t = to_tensor(x);
        return call_without_gil(t.numel(), &ops::cumprod, t, axis, exclusive, reverse);
      },
      py::arg("x"), py::arg("axis") = 0, py::arg("exclusive") = false, py::arg("reverse") = false);
}

}  // namespace nnext::bindings
