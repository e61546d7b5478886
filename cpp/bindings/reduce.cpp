// Python bindings of the reductions: TensorFlow's argument names, NumPy's axis rules.
#include "ops/reduce.h"

#include "bindings/bindings.h"
#include "bindings/op_docs.h"
#include "core/error.h"
#include "ops/elementwise.h"

namespace nnext::bindings {
namespace {

template <class Op>
auto reduction(Op op, const char* name) {
  return [op, name](py::handle input, py::handle axis, bool keepdims, py::handle /*name*/) {
    Tensor t = to_tensor(input);
    auto axes = to_axes(axis, t.ndim(), name);
    return call_without_gil(t.numel(), op, t, axes, keepdims);
  };
}

template <class Op>
auto arg_reduction(Op op, const char* name) {
  return
      [op, name](py::handle input, py::handle axis, py::handle output_type, py::handle /*name*/) {
        Tensor t = to_tensor(input);
        // TensorFlow's axis=None means axis 0.
        auto axes = axis.is_none() ? std::vector<int64_t>{0} : to_axes(axis, t.ndim(), name);
        NNEXT_CHECK(axes.size() == 1, TypeError, name, ": axis must be an int, got ",
                    std::string(py::repr(axis)).substr(0, 80));
        const DType dt = to_dtype(output_type);
        Tensor out = call_without_gil(t.numel(), op, t, axes[0]);
        return dt == DType::Int64 ? out : ops::cast(out, dt);
      };
}

}  // namespace

void bind_reduce(py::module_& m) {
  const auto none = py::none();
#define NNEXT_BIND_REDUCTION(name)                                                \
  m.def(#name, reduction(&ops::name, #name), doc(#name), py::arg("input_tensor"), \
        py::arg("axis") = none, py::arg("keepdims") = false, py::arg("name") = none)
  NNEXT_BIND_REDUCTION(reduce_sum);
  NNEXT_BIND_REDUCTION(reduce_mean);
  NNEXT_BIND_REDUCTION(reduce_max);
  NNEXT_BIND_REDUCTION(reduce_min);
  NNEXT_BIND_REDUCTION(reduce_prod);
  NNEXT_BIND_REDUCTION(reduce_any);
  NNEXT_BIND_REDUCTION(reduce_all);
#undef NNEXT_BIND_REDUCTION
  m.def("argmax", arg_reduction(&ops::argmax, "argmax"), doc("argmax"), py::arg("input"),
        py::arg("axis") = none, py::arg("output_type") = "int64", py::arg("name") = none);
  m.def("argmin", arg_reduction(&ops::argmin, "argmin"), doc("argmin"), py::arg("input"),
        py::arg("axis") = none, py::arg("output_type") = "int64", py::arg("name") = none);
}

}  // namespace nnext::bindings
