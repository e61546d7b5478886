// Python bindings of concat, stack, split, unstack, tile and pad, with TensorFlow's
// argument names; nested Python lists are read into sizes and paddings here.
#include "ops/join.h"

#include <cctype>

#include "bindings/bindings.h"
#include "ops/elementwise.h"

namespace nnext::bindings {
namespace {

std::vector<Tensor> to_tensors(py::handle values, const char* op) {
  NNEXT_CHECK(py::isinstance<py::sequence>(values) && !py::isinstance<py::str>(values), TypeError,
              op, ": values must be a list of tensors, got ",
              std::string(py::repr(values)).substr(0, 80));
  std::vector<Tensor> out;
  for (py::handle v : values) out.push_back(to_tensor(v));
  return out;
}

int64_t total_size(const std::vector<Tensor>& ts) {
  int64_t n = 0;
  for (const Tensor& t : ts) n += t.numel();
  return n;
}

// An int, list or integer tensor as a list of int64 (sizes may hold -1, so not to_shape).
std::vector<int64_t> to_ints(py::handle value, const char* op) {
  Tensor t = to_tensor(value);
  if (t.numel() == 0) return {};  // [] reads as float32, but an empty list is fine anywhere
  NNEXT_CHECK(is_integer(t.dtype()), TypeError, op, ": expected integers, got ",
              dtype_name(t.dtype()));
  t = ops::contiguous(ops::cast(t, DType::Int64));
  return std::vector<int64_t>(t.data<int64_t>(), t.data<int64_t>() + t.numel());
}

ops::PadMode to_pad_mode(std::string mode) {
  for (char& c : mode) c = char(std::toupper(static_cast<unsigned char>(c)));
  if (mode == "CONSTANT") return ops::PadMode::Constant;
  if (mode == "REFLECT") return ops::PadMode::Reflect;
  if (mode == "SYMMETRIC") return ops::PadMode::Symmetric;
  NNEXT_FAIL(ValueError, "pad: mode must be 'CONSTANT', 'REFLECT' or 'SYMMETRIC', got '", mode,
             "'");
}

}  // namespace

void bind_join(py::module_& m) {
  const auto none = py::none();
  m.def(
      "concat",
      [](py::handle values, int64_t axis, py::handle /*name*/) {
        std::vector<Tensor> ts = to_tensors(values, "concat");
        return call_without_gil(total_size(ts), ops::concat, ts, axis);
      },
      py::arg("values"), py::arg("axis"), py::arg("name") = none);
  m.def(
      "stack",
      [](py::handle values, int64_t axis, py::handle /*name*/) {
        std::vector<Tensor> ts = to_tensors(values, "stack");
        return call_without_gil(total_size(ts), ops::stack, ts, axis);
      },
      py::arg("values"), py::arg("axis") = 0, py::arg("name") = none);
  m.def(
      "split",
      [](py::handle value, py::handle num_or_size_splits, int64_t axis, py::handle num,
         py::handle /*name*/) {
        Tensor t = to_tensor(value);
        const bool equal = to_tensor(num_or_size_splits).ndim() == 0;  // an int, NumPy int or 0-d
        std::vector<int64_t> sizes = to_ints(num_or_size_splits, "split");
        if (equal) return ops::split(t, sizes[0], axis);
        NNEXT_CHECK(num.is_none() || num.cast<int64_t>() == int64_t(sizes.size()), ValueError,
                    "split: num=", std::string(py::str(num)), " does not match the ", sizes.size(),
                    " sizes given");
        return ops::split(t, sizes, axis);
      },
      py::arg("value"), py::arg("num_or_size_splits"), py::arg("axis") = 0, py::arg("num") = none,
      py::arg("name") = none);
  m.def(
      "unstack",
      [](py::handle value, py::handle num, int64_t axis, py::handle /*name*/) {
        Tensor t = to_tensor(value);
        std::vector<Tensor> parts = ops::unstack(t, axis);
        NNEXT_CHECK(num.is_none() || num.cast<int64_t>() == int64_t(parts.size()), ValueError,
                    "unstack: num=", std::string(py::str(num)), " but axis ", axis, " of shape ",
                    shape_str(t.shape()), " has ", parts.size(), " entries");
        return parts;
      },
      py::arg("value"), py::arg("num") = none, py::arg("axis") = 0, py::arg("name") = none);
  m.def(
      "tile",
      [](py::handle input, py::handle multiples, py::handle /*name*/) {
        Tensor t = to_tensor(input);
        Shape reps = to_ints(multiples, "tile");
        return call_without_gil(t.numel(), ops::tile, t, reps);
      },
      py::arg("input"), py::arg("multiples"), py::arg("name") = none);
  m.def(
      "pad",
      [](py::handle tensor, py::handle paddings, std::string mode, double constant_values,
         py::handle /*name*/) {
        Tensor t = to_tensor(tensor);
        Tensor p = to_tensor(paddings);
        NNEXT_CHECK(
            (p.ndim() == 2 && p.dim(1) == 2) || p.numel() == 0, ValueError,
            "pad: paddings must have shape (rank, 2), one [before, after] pair per axis, got ",
            shape_str(p.shape()));
        std::vector<int64_t> flat = to_ints(paddings, "pad");
        ops::Paddings pairs;
        for (size_t d = 0; d + 1 < flat.size(); d += 2) pairs.emplace_back(flat[d], flat[d + 1]);
        ops::PadMode pad_mode = to_pad_mode(mode);
        return call_without_gil(t.numel(), ops::pad, t, pairs, pad_mode, constant_values);
      },
      py::arg("tensor"), py::arg("paddings"), py::arg("mode") = "CONSTANT",
      py::arg("constant_values") = 0, py::arg("name") = none);
}

}  // namespace nnext::bindings
