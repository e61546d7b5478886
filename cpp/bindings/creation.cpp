// Python bindings of tensor creation and random draws; argument defaults that need
// TensorFlow's dtype inference live in python/nnext (constant, range, fill). Each goes
// through call_without_gil so that a compiled step re-creates (and re-draws) it.
#include "ops/creation.h"

#include "bindings/bindings.h"
#include "bindings/op_docs.h"
#include "ops/elementwise.h"

namespace nnext::bindings {
namespace {

// Any Python int, taken modulo 2**64 (negative and large seeds work, as in TensorFlow).
std::optional<uint64_t> to_seed(py::handle seed) {
  if (seed.is_none()) return std::nullopt;
  py::object i = py::reinterpret_steal<py::object>(PyNumber_Index(seed.ptr()));
  if (!i) throw py::error_already_set();
  return PyLong_AsUnsignedLongLongMask(i.ptr());
}

}  // namespace

void bind_creation(py::module_& m) {
  const auto none = py::none();
  m.def(
      "convert_to_tensor",
      [](py::handle value, py::handle dtype, py::handle /*name*/) {
        return to_tensor(value, to_optional_dtype(dtype));
      },
      doc("convert_to_tensor"), py::arg("value"), py::arg("dtype") = none, py::arg("name") = none);
  m.def(
      "zeros",
      [](py::handle shape, py::handle dtype, py::handle /*name*/) {
        return call_without_gil(0, ops::zeros, to_shape(shape, "zeros"), to_dtype(dtype));
      },
      doc("zeros"), py::arg("shape"), py::arg("dtype") = "float32", py::arg("name") = none);
  m.def(
      "ones",
      [](py::handle shape, py::handle dtype, py::handle /*name*/) {
        return call_without_gil(0, ops::ones, to_shape(shape, "ones"), to_dtype(dtype));
      },
      doc("ones"), py::arg("shape"), py::arg("dtype") = "float32", py::arg("name") = none);
  m.def(
      "zeros_like",
      [](py::handle input, py::handle dtype, py::handle /*name*/) {
        Tensor t = to_tensor(input);
        return call_without_gil(0, ops::zeros, t.shape(),
                                dtype.is_none() ? t.dtype() : to_dtype(dtype));
      },
      doc("zeros_like"), py::arg("input"), py::arg("dtype") = none, py::arg("name") = none);
  m.def(
      "ones_like",
      [](py::handle input, py::handle dtype, py::handle /*name*/) {
        Tensor t = to_tensor(input);
        return call_without_gil(0, ops::ones, t.shape(),
                                dtype.is_none() ? t.dtype() : to_dtype(dtype));
      },
      doc("ones_like"), py::arg("input"), py::arg("dtype") = none, py::arg("name") = none);
  m.def("_full", [](py::handle shape, double value, py::handle dtype) {
    return call_without_gil(
        0, [](const Shape& s, double v, DType d) { return ops::full(s, v, d); },
        to_shape(shape, "fill"), value, to_dtype(dtype));
  });
  m.def("_range", [](double start, double limit, double delta, py::handle dtype) {
    return call_without_gil(0, ops::range, start, limit, delta, to_dtype(dtype));
  });
  m.def("_linspace", [](double start, double stop, int64_t num, py::handle dtype) {
    return call_without_gil(0, ops::linspace, start, stop, num, to_dtype(dtype));
  });
  m.def(
      "eye",
      [](int64_t num_rows, py::handle num_columns, py::handle dtype, py::handle /*name*/) {
        return call_without_gil(0, ops::eye, num_rows,
                                num_columns.is_none() ? num_rows : to_shape(num_columns, "eye")[0],
                                to_dtype(dtype));
      },
      doc("eye"), py::arg("num_rows"), py::arg("num_columns") = none, py::arg("dtype") = "float32",
      py::arg("name") = none);
  m.def(
      "random_normal",
      [](py::handle shape, double mean, double stddev, py::handle dtype, py::handle seed) {
        return call_without_gil(0, ops::random_normal, to_shape(shape, "random.normal"), mean,
                                stddev, to_dtype(dtype), to_seed(seed));
      },
      py::arg("shape"), py::arg("mean") = 0.0, py::arg("stddev") = 1.0,
      py::arg("dtype") = "float32", py::arg("seed") = none);
  m.def(
      "truncated_normal",
      [](py::handle shape, double mean, double stddev, py::handle dtype, py::handle seed) {
        return call_without_gil(0, ops::truncated_normal,
                                to_shape(shape, "random.truncated_normal"), mean, stddev,
                                to_dtype(dtype), to_seed(seed));
      },
      py::arg("shape"), py::arg("mean") = 0.0, py::arg("stddev") = 1.0,
      py::arg("dtype") = "float32", py::arg("seed") = none);
  m.def(
      "random_uniform",
      [](py::handle shape, double minval, double maxval, py::handle dtype, py::handle seed) {
        return call_without_gil(0, ops::random_uniform, to_shape(shape, "random.uniform"), minval,
                                maxval, to_dtype(dtype), to_seed(seed));
      },
      py::arg("shape"), py::arg("minval"), py::arg("maxval"), py::arg("dtype") = "float32",
      py::arg("seed") = none);
  m.def(
      "random_permutation",
      [](int64_t n, py::handle seed) {
        return call_without_gil(0, ops::random_permutation, n, to_seed(seed));
      },
      py::arg("n"), py::arg("seed") = none);
}

}  // namespace nnext::bindings
