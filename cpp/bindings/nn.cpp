// Python bindings of the tf.nn ops (python/nnext/nn.py documents and re-exports them).
#include "ops/nn.h"

#include "bindings/bindings.h"

namespace nnext::bindings {
namespace {

// dense's activation argument: None or one of the names ops::dense knows.
std::string activation_name(py::handle activation) {
  if (activation.is_none()) return "";
  NNEXT_CHECK(py::isinstance<py::str>(activation), TypeError,
              "dense: activation must be None or one of 'linear', 'relu', 'sigmoid', 'tanh', "
              "'softmax', got ",
              py::repr(activation).cast<std::string>());
  return activation.cast<std::string>();
}

// Converts the features or logits and applies op(x, options...), without the GIL when the
// tensor is large: the body every elementwise activation and softmax binding shares.
template <class Op, class... Options>
Tensor on_features(py::handle features, Op op, Options... options) {
  Tensor x = to_tensor(features);
  return call_without_gil(x.numel(), op, x, options...);
}

// The same for a cross-entropy's (labels, logits) pair; the work scales with the logits.
template <class Op, class... Options>
Tensor on_labels_and_logits(py::handle labels, py::handle logits, Op op, Options... options) {
  Tensor l = to_tensor(labels), z = to_tensor(logits);
  return call_without_gil(z.numel(), op, l, z, options...);
}

}  // namespace

void bind_nn(py::module_& m) {
  const auto none = py::none();
  m.def(
      "leaky_relu",
      [](py::handle features, double alpha, py::handle /*name*/) {
        return on_features(features, ops::leaky_relu, alpha);
      },
      py::arg("features"), py::arg("alpha") = 0.2, py::arg("name") = none);
  m.def(
      "elu",
      [](py::handle features, double alpha, py::handle /*name*/) {
        return on_features(features, ops::elu, alpha);
      },
      py::arg("features"), py::arg("alpha") = 1.0, py::arg("name") = none);
  m.def(
      "softplus",
      [](py::handle features, py::handle /*name*/) { return on_features(features, ops::softplus); },
      py::arg("features"), py::arg("name") = none);
  m.def(
      "gelu",
      [](py::handle features, bool approximate, py::handle /*name*/) {
        return on_features(features, ops::gelu, approximate);
      },
      py::arg("features"), py::arg("approximate") = false, py::arg("name") = none);
  m.def(
      "softmax",
      [](py::handle logits, int64_t axis, py::handle /*name*/) {
        return on_features(logits, ops::softmax, axis);
      },
      py::arg("logits"), py::arg("axis") = -1, py::arg("name") = none);
  m.def(
      "log_softmax",
      [](py::handle logits, int64_t axis, py::handle /*name*/) {
        return on_features(logits, ops::log_softmax, axis);
      },
      py::arg("logits"), py::arg("axis") = -1, py::arg("name") = none);

  m.def(
      "dense",
      [](py::handle x, py::handle kernel, py::handle bias, py::handle activation) {
        std::string act = activation_name(activation);
        Tensor xt = to_tensor(x), w = to_tensor(kernel);
        Tensor b = bias.is_none() ? Tensor() : to_tensor(bias);
        return call_without_gil(xt.numel() * (w.ndim() == 2 ? w.dim(1) : 1), ops::dense, xt, w, b,
                                act);
      },
      py::arg("x"), py::arg("kernel"), py::arg("bias") = none, py::arg("activation") = none);

  m.def(
      "softmax_cross_entropy_with_logits",
      [](py::handle labels, py::handle logits, int64_t axis, py::handle /*name*/) {
        return on_labels_and_logits(labels, logits, ops::softmax_cross_entropy_with_logits, axis);
      },
      py::arg("labels"), py::arg("logits"), py::arg("axis") = -1, py::arg("name") = none);
  m.def(
      "sparse_softmax_cross_entropy_with_logits",
      [](py::handle labels, py::handle logits, py::handle /*name*/) {
        return on_labels_and_logits(labels, logits, ops::sparse_softmax_cross_entropy_with_logits);
      },
      py::arg("labels"), py::arg("logits"), py::arg("name") = none);
  m.def(
      "sigmoid_cross_entropy_with_logits",
      [](py::handle labels, py::handle logits, py::handle /*name*/) {
        return on_labels_and_logits(labels, logits, ops::sigmoid_cross_entropy_with_logits);
      },
      py::arg("labels"), py::arg("logits"), py::arg("name") = none);
}

}  // namespace nnext::bindings
