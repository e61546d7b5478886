// Python bindings of elementwise.def (one m.def per row) plus cast, where and clip.
#include "ops/elementwise.h"

#include "bindings/bindings.h"
#include "bindings/op_docs.h"

namespace nnext::bindings {
namespace {

template <class Op>
auto unary(Op op) {
  return [op](py::handle x, py::handle /*name*/) {
    Tensor t = to_tensor(x);
    return call_without_gil(t.numel(), op, t);
  };
}

template <class Op>
auto binary(Op op) {
  return [op](py::handle x, py::handle y, py::handle /*name*/) {
    auto [a, b] = to_operands(x, y);
    return call_without_gil(std::max(a.numel(), b.numel()), op, a, b);
  };
}

// Comparisons accept Python ints beyond the tensor's integer range (see to_operands).
template <class Op>
auto comparison(Op op) {
  return [op](py::handle x, py::handle y, py::handle /*name*/) {
    auto [a, b] = to_operands(x, y, true);
    return call_without_gil(std::max(a.numel(), b.numel()), op, a, b);
  };
}

}  // namespace

void bind_elementwise(py::module_& m) {
  const auto none = py::none();
#define UNARY_FLOAT(name, ...) \
  m.def(#name, unary(&ops::name), doc(#name), py::arg("x"), py::arg("name") = none);
#define UNARY_SAME(name, ...) \
  m.def(#name, unary(&ops::name), doc(#name), py::arg("x"), py::arg("name") = none);
#define UNARY_TEST(name, ...) \
  m.def(#name, unary(&ops::name), doc(#name), py::arg("x"), py::arg("name") = none);
#define BINARY(name, ...) \
  m.def(#name, binary(&ops::name), doc(#name), py::arg("x"), py::arg("y"), py::arg("name") = none);
#define BINARY_FLOAT(name, ...) \
  m.def(#name, binary(&ops::name), doc(#name), py::arg("x"), py::arg("y"), py::arg("name") = none);
#define COMPARE(name, ...)                                                     \
  m.def(#name, comparison(&ops::name), doc(#name), py::arg("x"), py::arg("y"), \
        py::arg("name") = none);
#include "ops/elementwise.def"
#undef UNARY_FLOAT
#undef UNARY_SAME
#undef UNARY_TEST
#undef BINARY
#undef BINARY_FLOAT
#undef COMPARE

  m.def(
      "cast",
      [](py::handle x, py::handle dtype, py::handle /*name*/) {
        Tensor t = to_tensor(x);
        const DType dt = to_dtype(dtype);
        return call_without_gil(t.numel(), ops::cast, t, dt);
      },
      doc("cast"), py::arg("x"), py::arg("dtype"), py::arg("name") = none);
  m.def(
      "where",
      [](py::handle condition, py::handle x, py::handle y) {
        Tensor c = to_tensor(condition);
        auto [a, b] = to_operands(x, y);
        return call_without_gil(std::max({c.numel(), a.numel(), b.numel()}), ops::where, c, a, b);
      },
      py::arg("condition"), py::arg("x"), py::arg("y"));
  m.def(
      "clip_by_value",
      [](py::handle t, py::handle lo, py::handle hi, py::handle /*name*/) {
        py::object x_obj = py::cast(to_tensor(t));
        Tensor x = x_obj.cast<Tensor>();
        Tensor l = to_operands(x_obj, lo).second, h = to_operands(x_obj, hi).second;
        return call_without_gil(x.numel(), ops::clip_by_value, x, l, h);
      },
      doc("clip_by_value"), py::arg("t"), py::arg("clip_value_min"), py::arg("clip_value_max"),
      py::arg("name") = none);
}

}  // namespace nnext::bindings
