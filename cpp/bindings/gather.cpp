// Python bindings of gather, gather_nd, scatter_nd, boolean_mask, nonzero and one_hot,
// with TensorFlow's argument names.
#include "ops/gather.h"

#include "bindings/bindings.h"

namespace nnext::bindings {
namespace {

int64_t axis_or(py::handle axis, int64_t fallback) {
  if (axis.is_none()) return fallback;
  return py::int_(py::reinterpret_borrow<py::object>(axis)).cast<int64_t>();
}

}  // namespace

void bind_gather(py::module_& m) {
  const auto none = py::none();
  // As in TensorFlow, a missing axis is batch_dims itself, each counted from the end of its
  // own tensor when negative (axis of params, batch_dims of indices).
  m.def(
      "gather",
      [](py::handle params, py::handle indices, py::handle axis, int64_t batch_dims,
         py::handle /*name*/) {
        Tensor p = to_tensor(params), i = to_tensor(indices);
        const int64_t ax = axis_or(axis, batch_dims);
        return call_without_gil(p.numel() + i.numel(), ops::gather, p, i, ax, false, batch_dims);
      },
      py::arg("params"), py::arg("indices"), py::arg("axis") = none, py::arg("batch_dims") = 0,
      py::arg("name") = none);
  m.def(
      "gather_nd",
      [](py::handle params, py::handle indices, int64_t batch_dims, py::handle /*name*/) {
        Tensor p = to_tensor(params), i = to_tensor(indices);
        return call_without_gil(p.numel(), ops::gather_nd, p, i, batch_dims);
      },
      py::arg("params"), py::arg("indices"), py::arg("batch_dims") = 0, py::arg("name") = none);
  m.def(
      "scatter_nd",
      [](py::handle indices, py::handle updates, py::handle shape, py::handle /*name*/) {
        Tensor i = to_tensor(indices), u = to_tensor(updates);
        Shape s = to_shape(shape, "scatter_nd");
        return call_without_gil(u.numel(), ops::scatter_nd, i, u, s);
      },
      py::arg("indices"), py::arg("updates"), py::arg("shape"), py::arg("name") = none);
  m.def(
      "boolean_mask",
      [](py::handle tensor, py::handle mask, py::handle axis, py::handle /*name*/) {
        Tensor t = to_tensor(tensor), k = to_tensor(mask);
        const int64_t ax = axis_or(axis, 0);
        return call_without_gil(t.numel(), ops::boolean_mask, t, k, ax);
      },
      py::arg("tensor"), py::arg("mask"), py::arg("axis") = none, py::arg("name") = none);
  m.def(
      "nonzero",
      [](py::handle condition) {
        Tensor c = to_tensor(condition);
        return call_without_gil(c.numel(), ops::nonzero, c);
      },
      py::arg("condition"));
  m.def(
      "one_hot",
      [](py::handle indices, int64_t depth, double on_value, double off_value, int64_t axis,
         py::handle dtype) {
        Tensor i = to_tensor(indices);
        DType dt = to_dtype(dtype);
        return call_without_gil(i.numel() * depth, ops::one_hot, i, depth, on_value, off_value,
                                axis, dt);
      },
      py::arg("indices"), py::arg("depth"), py::arg("on_value"), py::arg("off_value"),
      py::arg("axis"), py::arg("dtype"));
}

}  // namespace nnext::bindings
