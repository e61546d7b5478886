// Python bindings of matmul and the Tensor `@` operator.
#include "ops/matmul.h"

#include "bindings/bindings.h"

namespace nnext::bindings {
namespace {

Tensor matmul_call(py::handle a, py::handle b, bool transpose_a, bool transpose_b) {
  auto [x, y] = to_operands(a, b);
  // About m * k * n multiply-adds: the elements of one operand times the other's last axis.
  const int64_t last = y.ndim() ? y.dim(y.ndim() - 1) : 1;
  return call_without_gil(x.numel() * std::max<int64_t>(last, 1), ops::matmul, x, y, transpose_a,
                          transpose_b);
}

}  // namespace

void bind_matmul(py::module_& m) {
  m.def(
      "matmul",
      [](py::handle a, py::handle b, bool transpose_a, bool transpose_b, py::handle /*name*/) {
        return matmul_call(a, b, transpose_a, transpose_b);
      },
      py::arg("a"), py::arg("b"), py::arg("transpose_a") = false, py::arg("transpose_b") = false,
      py::arg("name") = py::none(),
      "Matrix product a @ b with NumPy's vector and batch-broadcast rules.\n\n"
      "transpose_a/transpose_b transpose the last two axes of an operand first (no copy).\n"
      "Example: nnext.matmul(tf.ones((4, 3, 28, 32)), tf.ones((4, 3, 32, 2))).shape\n"
      "is (4, 3, 28, 2).");

  // bind_tensor has registered the class; the operator lives here beside matmul.
  py::object cls = m.attr("Tensor");
  cls.attr("__matmul__") = py::cpp_function(
      [](py::handle self, py::handle other) { return matmul_call(self, other, false, false); },
      py::name("__matmul__"), py::is_method(cls));
  cls.attr("__rmatmul__") = py::cpp_function(
      [](py::handle self, py::handle other) { return matmul_call(other, self, false, false); },
      py::name("__rmatmul__"), py::is_method(cls));
}

}  // namespace nnext::bindings
