// Python bindings of the view ops.
#include "bindings/bindings.h"
#include "bindings/op_docs.h"
#include "ops/shape.h"

namespace nnext::bindings {

void bind_shape(py::module_& m) {
  const auto none = py::none();
  m.def("reshape", [](py::handle tensor, py::handle shape, py::handle /*name*/) {
    return ops::reshape(to_tensor(tensor), to_shape(shape, "reshape"));
  }, doc("reshape"), py::arg("tensor"), py::arg("shape"), py::arg("name") = none);
  m.def("transpose", [](py::handle a, py::handle perm, bool /*conjugate*/, py::handle /*name*/) {
    Tensor t = to_tensor(a);
    return ops::transpose(t, perm.is_none() ? std::vector<int64_t>{} : to_shape(perm, "transpose"));
  }, doc("transpose"), py::arg("a"), py::arg("perm") = none, py::arg("conjugate") = false, py::arg("name") = none);
  m.def("expand_dims", [](py::handle input, int64_t axis, py::handle /*name*/) {
    return ops::expand_dims(to_tensor(input), axis);
  }, doc("expand_dims"), py::arg("input"), py::arg("axis"), py::arg("name") = none);
  m.def("squeeze", [](py::handle input, py::handle axis, py::handle /*name*/) {
    Tensor t = to_tensor(input);
    return ops::squeeze(t, axis.is_none() ? std::vector<int64_t>{} : to_axes(axis, t.ndim(), "squeeze"));
  }, doc("squeeze"), py::arg("input"), py::arg("axis") = none, py::arg("name") = none);
  m.def("broadcast_to", [](py::handle input, py::handle shape, py::handle /*name*/) {
    return ops::broadcast_to(to_tensor(input), to_shape(shape, "broadcast_to"));
  }, doc("broadcast_to"), py::arg("input"), py::arg("shape"), py::arg("name") = none);
}

}  // namespace nnext::bindings
