// Python bindings of the view ops (through call_without_gil, so that traces record them).
#include "ops/shape.h"

#include "bindings/bindings.h"
#include "bindings/op_docs.h"

namespace nnext::bindings {

void bind_shape(py::module_& m) {
  const auto none = py::none();
  m.def(
      "reshape",
      [](py::handle tensor, py::handle shape, py::handle /*name*/) {
        Tensor t = to_tensor(tensor);
        return call_without_gil(0, ops::reshape, t, to_shape(shape, "reshape"));
      },
      doc("reshape"), py::arg("tensor"), py::arg("shape"), py::arg("name") = none);
  m.def(
      "transpose",
      [](py::handle a, py::handle perm, bool /*conjugate*/, py::handle /*name*/) {
        Tensor t = to_tensor(a);
        return call_without_gil(
            0, ops::transpose, t,
            perm.is_none() ? std::vector<int64_t>{} : to_shape(perm, "transpose"));
      },
      doc("transpose"), py::arg("a"), py::arg("perm") = none, py::arg("conjugate") = false,
      py::arg("name") = none);
  m.def(
      "expand_dims",
      [](py::handle input, int64_t axis, py::handle /*name*/) {
        Tensor t = to_tensor(input);
        return call_without_gil(0, ops::expand_dims, t, axis);
      },
      doc("expand_dims"), py::arg("input"), py::arg("axis"), py::arg("name") = none);
  m.def(
      "squeeze",
      [](py::handle input, py::handle axis, py::handle /*name*/) {
        Tensor t = to_tensor(input);
        return call_without_gil(
            0, ops::squeeze, t,
            axis.is_none() ? std::vector<int64_t>{} : to_axes(axis, t.ndim(), "squeeze"));
      },
      doc("squeeze"), py::arg("input"), py::arg("axis") = none, py::arg("name") = none);
  m.def(
      "broadcast_to",
      [](py::handle input, py::handle shape, py::handle /*name*/) {
        Tensor t = to_tensor(input);
        return call_without_gil(0, ops::broadcast_to, t, to_shape(shape, "broadcast_to"));
      },
      doc("broadcast_to"), py::arg("input"), py::arg("shape"), py::arg("name") = none);
}

}  // namespace nnext::bindings
