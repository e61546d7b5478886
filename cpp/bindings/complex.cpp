// Python bindings of the complex ops (ops/complex.h); their docstrings live on the Python
// wrappers in python/nnext/math_ops.py.
#include "ops/complex.h"

#include "bindings/bindings.h"

namespace nnext::bindings {

void bind_complex(py::module_& m) {
  const auto none = py::none();
  m.def(
      "complex",
      [](py::handle real, py::handle imag, py::handle /*name*/) {
        Tensor re = to_tensor(real), im = to_tensor(imag);
        return call_without_gil(std::max(re.numel(), im.numel()), ops::complex, re, im);
      },
      py::arg("real"), py::arg("imag"), py::arg("name") = none);
  for (auto [name, op] : {std::pair{"real", &ops::real}, std::pair{"imag", &ops::imag},
                          std::pair{"conj", &ops::conj}, std::pair{"angle", &ops::angle}})
    m.def(
        name,
        [op = op](py::handle input, py::handle /*name*/) {
          Tensor t = to_tensor(input);
          return call_without_gil(t.numel(), op, t);
        },
        py::arg("input"), py::arg("name") = none);
}

}  // namespace nnext::bindings
