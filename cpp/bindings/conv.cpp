// Python bindings of the convolution and pooling ops (python/nnext/convolution.py turns
// TensorFlow's spellings — data_format, 4-element strides, explicit paddings — into the
// per-spatial-axis arguments these take).
#include "ops/conv.h"

#include <cctype>
#include <set>
#include <string>

#include "bindings/bindings.h"

namespace nnext::bindings {
namespace {

// The op name errors and tape nodes carry; interned so that the pointer outlives the nodes
// (called with the GIL held, which serialises the set).
const char* intern(const std::string& name) {
  static std::set<std::string> names;
  return names.insert(name).first->c_str();
}

// 'SAME' / 'VALID' in any case, or a sequence of (before, after) pairs.
ops::Padding to_padding(py::handle value, const char* op) {
  ops::Padding p;
  if (py::isinstance<py::str>(value)) {
    std::string s = value.cast<std::string>();
    for (char& c : s) c = char(std::toupper(static_cast<unsigned char>(c)));
    if (s == "SAME") {
      p.mode = ops::Padding::Mode::Same;
      return p;
    }
    if (s == "VALID") return p;
    NNEXT_FAIL(ValueError, op, ": padding must be 'SAME', 'VALID' or a list of (before, after) ",
               "pairs, got '", value.cast<std::string>(), "'");
  }
  NNEXT_CHECK(py::isinstance<py::sequence>(value), TypeError, op,
              ": padding must be 'SAME', 'VALID' or a list of (before, after) pairs, got ",
              std::string(py::repr(value)));
  p.mode = ops::Padding::Mode::Explicit;
  for (py::handle pair : value) {
    const Shape two = to_shape(pair, op);
    NNEXT_CHECK(two.size() == 2, ValueError, op,
                ": each explicit padding must be a (before, after) pair, got ",
                std::string(py::repr(pair)));
    p.pairs.emplace_back(two[0], two[1]);
  }
  return p;
}

// Padding entries may be negative where Keras's output_padding crops, so they are read as
// plain integers rather than as shapes.
ops::Padding to_transpose_padding(py::handle value, const char* op) {
  if (py::isinstance<py::str>(value)) return to_padding(value, op);
  ops::Padding p;
  p.mode = ops::Padding::Mode::Explicit;
  for (py::handle pair : value) {
    auto two = pair.cast<std::vector<int64_t>>();
    NNEXT_CHECK(two.size() == 2, ValueError, op,
                ": each explicit padding must be a (before, after) pair");
    p.pairs.emplace_back(two[0], two[1]);
  }
  return p;
}

int64_t conv_work(const Tensor& x, const Tensor& w) {
  return x.numel() * (w.ndim() ? std::max<int64_t>(w.dim(w.ndim() - 1), 1) : 1);
}

}  // namespace

void bind_conv(py::module_& m) {
  m.def(
      "conv",
      [](py::handle input, py::handle filters, py::handle strides, py::handle padding,
         py::handle dilations, const std::string& op_name) {
        const char* op = intern(op_name);
        Tensor x = to_tensor(input), w = to_tensor(filters);
        const Shape s = to_shape(strides, op), d = to_shape(dilations, op);
        const ops::Padding p = to_padding(padding, op);
        return call_without_gil(conv_work(x, w), ops::conv, x, w, s, p, d, op);
      },
      py::arg("input"), py::arg("filters"), py::arg("strides"), py::arg("padding"),
      py::arg("dilations"), py::arg("op") = "conv",
      "Channels-last convolution; strides and dilations per spatial axis.");
  m.def(
      "conv_backprop_input",
      [](py::handle input_sizes, py::handle filters, py::handle out_backprop, py::handle strides,
         py::handle padding, py::handle dilations, const std::string& op_name) {
        const char* op = intern(op_name);
        const Shape sizes = to_shape(input_sizes, op);
        Tensor w = to_tensor(filters), dy = to_tensor(out_backprop);
        const Shape s = to_shape(strides, op), d = to_shape(dilations, op);
        const ops::Padding p = to_transpose_padding(padding, op);
        return call_without_gil(conv_work(dy, w), ops::conv_backprop_input, sizes, w, dy, s, p, d,
                                op);
      },
      py::arg("input_sizes"), py::arg("filters"), py::arg("out_backprop"), py::arg("strides"),
      py::arg("padding"), py::arg("dilations"), py::arg("op") = "conv_backprop_input");
  m.def(
      "conv_backprop_filter",
      [](py::handle input, py::handle filter_sizes, py::handle out_backprop, py::handle strides,
         py::handle padding, py::handle dilations, const std::string& op_name) {
        const char* op = intern(op_name);
        Tensor x = to_tensor(input), dy = to_tensor(out_backprop);
        const Shape sizes = to_shape(filter_sizes, op);
        const Shape s = to_shape(strides, op), d = to_shape(dilations, op);
        const ops::Padding p = to_padding(padding, op);
        return call_without_gil(conv_work(x, dy), ops::conv_backprop_filter, x, sizes, dy, s, p, d,
                                op);
      },
      py::arg("input"), py::arg("filter_sizes"), py::arg("out_backprop"), py::arg("strides"),
      py::arg("padding"), py::arg("dilations"), py::arg("op") = "conv_backprop_filter");

  m.def(
      "max_pool",
      [](py::handle input, py::handle ksize, py::handle strides, py::handle padding,
         const std::string& op_name) {
        const char* op = intern(op_name);
        Tensor x = to_tensor(input);
        const Shape k = to_shape(ksize, op), s = to_shape(strides, op);
        const ops::Padding p = to_padding(padding, op);
        return call_without_gil(x.numel(), ops::max_pool, x, k, s, p, op);
      },
      py::arg("input"), py::arg("ksize"), py::arg("strides"), py::arg("padding"),
      py::arg("op") = "max_pool");
  m.def(
      "max_pool_with_argmax",
      [](py::handle input, py::handle ksize, py::handle strides, py::handle padding,
         const std::string& op_name) {
        const char* op = intern(op_name);
        Tensor x = to_tensor(input);
        const Shape k = to_shape(ksize, op), s = to_shape(strides, op);
        const ops::Padding p = to_padding(padding, op);
        return call_without_gil(x.numel(), ops::max_pool_with_argmax, x, k, s, p, op);
      },
      py::arg("input"), py::arg("ksize"), py::arg("strides"), py::arg("padding"),
      py::arg("op") = "max_pool_with_argmax");
  m.def(
      "avg_pool",
      [](py::handle input, py::handle ksize, py::handle strides, py::handle padding,
         const std::string& op_name) {
        const char* op = intern(op_name);
        Tensor x = to_tensor(input);
        const Shape k = to_shape(ksize, op), s = to_shape(strides, op);
        const ops::Padding p = to_padding(padding, op);
        return call_without_gil(x.numel(), ops::avg_pool, x, k, s, p, op);
      },
      py::arg("input"), py::arg("ksize"), py::arg("strides"), py::arg("padding"),
      py::arg("op") = "avg_pool");
}

}  // namespace nnext::bindings
