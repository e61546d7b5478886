// tf.random's stateless sampling (cpp/ops/stateless_random.h): the seed pair arrives as two
// Python ints taken modulo 2**64.
#include "ops/stateless_random.h"

#include "bindings/bindings.h"

namespace nnext::bindings {
namespace {

uint64_t as_key(py::handle v) {
  py::object i = py::reinterpret_steal<py::object>(PyNumber_Index(v.ptr()));
  if (!i) throw py::error_already_set();
  py::object wrapped = i.attr("__and__")(py::int_(~uint64_t(0)));
  return wrapped.cast<uint64_t>();
}

}  // namespace

void bind_stateless_random(py::module_& m) {
  m.def(
      "_stateless_random",
      [](py::handle shape, py::handle key0, py::handle key1, const std::string& kind, double a,
         double b, py::handle dtype) {
        ops::StatelessKind k = kind == "uniform"  ? ops::StatelessKind::Uniform
                               : kind == "normal" ? ops::StatelessKind::Normal
                                                  : ops::StatelessKind::TruncatedNormal;
        NNEXT_CHECK(kind == "uniform" || kind == "normal" || kind == "truncated_normal", ValueError,
                    "random.stateless: unknown distribution '", kind, "'");
        Shape s = to_shape(shape, "random.stateless");
        DType d = to_dtype(dtype);
        uint64_t k0 = as_key(key0), k1 = as_key(key1);
        return ops::stateless_random(s, k0, k1, k, a, b, d);
      },
      py::arg("shape"), py::arg("key0"), py::arg("key1"), py::arg("kind"), py::arg("a"),
      py::arg("b"), py::arg("dtype"));
}

}  // namespace nnext::bindings
