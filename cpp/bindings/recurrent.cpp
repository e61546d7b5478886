// Python bindings of the recurrent sequence ops (python/nnext/recurrent_ops.py documents
// them): optional tensors are None, results come back as tuples.
#include "ops/recurrent.h"

#include "bindings/bindings.h"

namespace nnext::bindings {
namespace {

Tensor optional_tensor(py::handle value) { return value.is_none() ? Tensor() : to_tensor(value); }

std::string activation_name(py::handle value, const char* op, const char* argument) {
  if (value.is_none()) return "linear";
  NNEXT_CHECK(py::isinstance<py::str>(value), TypeError, op, ": ", argument,
              " must be None or a string, got ", py::repr(value).cast<std::string>());
  return value.cast<std::string>();
}

// The arguments every recurrent binding converts, in the order the ops take them.
struct Converted {
  Tensor x, kernel, recurrent_kernel, bias, h0, c0, mask;
  ops::RnnOptions options;
  int64_t work() const { return x.numel() * (kernel.ndim() == 2 ? kernel.dim(1) : 1); }
};

Converted convert(const char* op, py::handle inputs, py::handle kernel, py::handle recurrent_kernel,
                  py::handle bias, py::handle h0, py::handle c0, py::handle mask,
                  py::handle activation, py::handle recurrent_activation,
                  bool zero_output_for_mask) {
  Converted c{
      to_tensor(inputs),   to_tensor(kernel),   to_tensor(recurrent_kernel), optional_tensor(bias),
      optional_tensor(h0), optional_tensor(c0), optional_tensor(mask),       {}};
  c.options.activation = activation_name(activation, op, "activation");
  c.options.recurrent_activation =
      activation_name(recurrent_activation, op, "recurrent_activation");
  c.options.zero_output_for_mask = zero_output_for_mask;
  return c;
}

py::tuple as_tuple(const ops::RnnSequence& r) {
  if (r.c.defined()) return py::make_tuple(r.outputs, r.h, r.c);
  return py::make_tuple(r.outputs, r.h);
}

}  // namespace

void bind_recurrent(py::module_& m) {
  const auto none = py::none();
  m.def(
      "simple_rnn",
      [](py::handle inputs, py::handle kernel, py::handle recurrent_kernel, py::handle bias,
         py::handle initial_state, py::handle mask, py::handle activation,
         bool zero_output_for_mask) {
        Converted c = convert("simple_rnn", inputs, kernel, recurrent_kernel, bias, initial_state,
                              py::none(), mask, activation, py::none(), zero_output_for_mask);
        return as_tuple(call_without_gil(c.work(), ops::simple_rnn, c.x, c.kernel,
                                         c.recurrent_kernel, c.bias, c.h0, c.mask, c.options));
      },
      py::arg("inputs"), py::arg("kernel"), py::arg("recurrent_kernel"), py::arg("bias") = none,
      py::arg("initial_state") = none, py::arg("mask") = none, py::arg("activation") = "tanh",
      py::arg("zero_output_for_mask") = false);

  m.def(
      "lstm",
      [](py::handle inputs, py::handle kernel, py::handle recurrent_kernel, py::handle bias,
         py::handle initial_state_h, py::handle initial_state_c, py::handle mask,
         py::handle activation, py::handle recurrent_activation, bool zero_output_for_mask) {
        Converted c =
            convert("lstm", inputs, kernel, recurrent_kernel, bias, initial_state_h,
                    initial_state_c, mask, activation, recurrent_activation, zero_output_for_mask);
        return as_tuple(call_without_gil(c.work(), ops::lstm, c.x, c.kernel, c.recurrent_kernel,
                                         c.bias, c.h0, c.c0, c.mask, c.options));
      },
      py::arg("inputs"), py::arg("kernel"), py::arg("recurrent_kernel"), py::arg("bias") = none,
      py::arg("initial_state_h") = none, py::arg("initial_state_c") = none, py::arg("mask") = none,
      py::arg("activation") = "tanh", py::arg("recurrent_activation") = "sigmoid",
      py::arg("zero_output_for_mask") = false);

  m.def(
      "gru",
      [](py::handle inputs, py::handle kernel, py::handle recurrent_kernel, py::handle bias,
         py::handle initial_state, py::handle mask, py::handle activation,
         py::handle recurrent_activation, bool zero_output_for_mask) {
        Converted c =
            convert("gru", inputs, kernel, recurrent_kernel, bias, initial_state, py::none(), mask,
                    activation, recurrent_activation, zero_output_for_mask);
        return as_tuple(call_without_gil(c.work(), ops::gru, c.x, c.kernel, c.recurrent_kernel,
                                         c.bias, c.h0, c.mask, c.options));
      },
      py::arg("inputs"), py::arg("kernel"), py::arg("recurrent_kernel"), py::arg("bias") = none,
      py::arg("initial_state") = none, py::arg("mask") = none, py::arg("activation") = "tanh",
      py::arg("recurrent_activation") = "sigmoid", py::arg("zero_output_for_mask") = false);
}

}  // namespace nnext::bindings
