// Python bindings of special.def (one m.def per row) and bitwise_invert.
#include "ops/special.h"

#include "bindings/bindings.h"
#include "bindings/op_docs.h"

namespace nnext::bindings {

void bind_special(py::module_& m) {
  const auto none = py::none();
  auto unary = [](auto op) {
    return [op](py::handle x, py::handle /*name*/) {
      Tensor t = to_tensor(x);
      return call_without_gil(t.numel(), op, t);
    };
  };
  auto binary = [](auto op) {
    return [op](py::handle x, py::handle y, py::handle /*name*/) {
      auto [a, b] = to_operands(x, y);
      return call_without_gil(std::max(a.numel(), b.numel()), op, a, b);
    };
  };
#define SPECIAL_FLOAT(name, ...) \
  m.def(#name, unary(&ops::name), doc(#name), py::arg("x"), py::arg("name") = none);
#define SPECIAL_ROUND(name, ...) \
  m.def(#name, unary(&ops::name), doc(#name), py::arg("x"), py::arg("name") = none);
#define SPECIAL_TEST(name, ...) \
  m.def(#name, unary(&ops::name), doc(#name), py::arg("x"), py::arg("name") = none);
#define SPECIAL_BINARY_FLOAT(name, ...) \
  m.def(#name, binary(&ops::name), doc(#name), py::arg("x"), py::arg("y"), py::arg("name") = none);
#define SPECIAL_BITWISE(name, ...) \
  m.def(#name, binary(&ops::name), doc(#name), py::arg("x"), py::arg("y"), py::arg("name") = none);
#include "ops/special.def"
#undef SPECIAL_FLOAT
#undef SPECIAL_ROUND
#undef SPECIAL_TEST
#undef SPECIAL_BINARY_FLOAT
#undef SPECIAL_BITWISE
  m.def("bitwise_invert", unary(&ops::bitwise_invert), py::arg("x"), py::arg("name") = none);
}

}  // namespace nnext::bindings
