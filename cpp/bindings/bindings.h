// What every binding file shares: Python <-> Tensor conversion, dtype and axis parsing,
// and the registration function of each file (module.cpp calls them all). Bindings do no
// maths: they convert, release the GIL, call an op and return.
#pragma once
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "bindings/trace.h"
#include "core/tensor.h"

namespace nnext::bindings {

namespace py = pybind11;

// The Python class of Variables: a Tensor handle whose impl carries VariableInfo.
class Variable : public Tensor {
 public:
  using Tensor::Tensor;
  explicit Variable(const Tensor& t) : Tensor(t) {}
};

// Any Python value as a Tensor: Tensors as they are, C-contiguous ndarrays of a supported
// dtype zero-copy, other arrays copied, Python scalars and nested lists with TensorFlow's
// defaults (float32 for floats, int32 for ints). `dtype` converts when given.
Tensor to_tensor(py::handle value, std::optional<DType> dtype = std::nullopt);
// The two operands of a binary op. A Python scalar is "weak" (NEP 50): it takes the other
// operand's dtype unless its kind (bool < int < float) is higher.
std::pair<Tensor, Tensor> to_operands(py::handle a, py::handle b, bool comparison = false);
// nnext dtypes, NumPy dtypes and type objects, and strings such as "float32".
DType to_dtype(py::handle value);
std::optional<DType> to_optional_dtype(py::handle value);
// The Python object for a dtype (nnext.float32, ...), registered by python/nnext/dtypes.py.
py::object dtype_object(DType dtype);
// A Python int, sequence of ints, or Tensor as a shape.
Shape to_shape(py::handle value, const char* op);
// axis=None -> every axis; an int or a sequence of ints otherwise (negative allowed).
std::vector<int64_t> to_axes(py::handle axis, int64_t ndim, const char* op);
// Records the Python dtype objects (nnext.float32, ...) in DType order.
void register_dtypes(py::list objects);
// A NumPy view of the tensor's memory (keeps the storage alive).
py::array to_numpy(const Tensor& t, bool writeable);

// Releases the GIL for work above the grain size. Bindings do not use it directly: they go
// through call_without_gil, which cannot be handed a Python object.
class ReleaseGilIfLarge {
 public:
  explicit ReleaseGilIfLarge(int64_t work);

 private:
  std::optional<py::gil_scoped_release> release_;
};

// Returns op(args...), run without the GIL when `work` is at or above the grain size. The
// one place a binding lets other Python threads run: every Python argument must already be
// a C++ value, because reading a py::handle without the GIL crashes the interpreter. So
// `op` is a function or a lambda that captures nothing, and no argument is a pybind11
// object; either mistake fails to compile here.
template <class Op, class... Args>
decltype(auto) call_without_gil(int64_t work, Op&& op, Args&&... args) {
  using OpType = std::decay_t<Op>;
  static_assert(std::is_pointer_v<OpType> || std::is_empty_v<OpType>,
                "call_without_gil: op must be a function or a capture-less lambda; pass "
                "converted values as arguments instead of capturing them");
  static_assert((!std::is_base_of_v<py::handle, std::decay_t<Args>> && ...),
                "call_without_gil: convert Python arguments before releasing the GIL");
  // While nnext.function traces on this thread, the call is also recorded for replay.
  if (trace::Trace* recording = trace::active())
    return trace::record(*recording, op, std::forward<Args>(args)...);
  ReleaseGilIfLarge release(work);
  return op(std::forward<Args>(args)...);
}

void bind_errors(py::module_& m);
void bind_library(py::module_& m);
void bind_tensor(py::module_& m);
void bind_elementwise(py::module_& m);
void bind_reduce(py::module_& m);
void bind_shape(py::module_& m);
void bind_creation(py::module_& m);
void bind_autograd(py::module_& m);
void bind_matmul(py::module_& m);
void bind_nn(py::module_& m);
void bind_optim(py::module_& m);
void bind_join(py::module_& m);
void bind_gather(py::module_& m);

}  // namespace nnext::bindings
