// The storage dtypes (core/dtype.h): casts between any two dtypes, copies, and the lift
// that lets an op compute a storage dtype in its compute dtype.
#pragma once
#include <initializer_list>
#include <utility>
#include <vector>

#include "core/tensor.h"

namespace nnext::ops {

// cast() for a pair of dtypes at least one of which is a storage dtype: integers wrap,
// floats to integers truncate through int64 (NaN and out-of-range values as NumPy on x86),
// float16 rounds to nearest even.
Tensor cast_storage(const Tensor& x, DType dtype);
// A contiguous copy of a tensor of any dtype (the bytes move, nothing converts).
Tensor copy_storage(const Tensor& x);
// dst = src elementwise for any dtype, dst being a (strided) view of src's shape and dtype.
void copy_into_any(const Tensor& dst, const Tensor& src);
// x cast to compute_dtype(x.dtype()) (x itself for a compute dtype).
Tensor to_compute(const Tensor& x);
// to_compute() for ops that only order their values (comparisons, extrema, sorts): uint64
// goes to int64 with its top bit flipped, which keeps the order (to_compute's wrap would put
// 2^63 below 0). from_ordered maps an op's result back to `dtype`.
Tensor to_ordered(const Tensor& x);
Tensor from_ordered(const Tensor& y, DType dtype);

// Ops whose kernels exist only for float32 and float64 compute float16 as TensorFlow's CPU
// kernels do: the float16 operands widened to float32, the op run once there, and each
// float32 result rounded to float16 once. An op whose float result dtype `dt` has
// computes_in_float32(dt) hands itself to via_float32 (or, updating in place, to
// update_via_float32); float16 comes back differentiable, its gradients float16.
inline bool computes_in_float32(DType dt) { return dt == DType::Float16; }
// x in float32 when it is float16; anything else (integer labels, masks, undefined
// tensors, shapes, strings) as it is.
Tensor widen_float16(const Tensor& x);
template <class A>
const A& widen_float16(const A& a) {
  return a;
}
// An op's float32 result rounded to float16; other results (int64 argmax) unchanged.
Tensor round_to_float16(const Tensor& y);
std::pair<Tensor, Tensor> round_to_float16(const std::pair<Tensor, Tensor>& ys);

// op(widened args...) with its results rounded to float16. A result type of its own (a
// struct of tensors) gets an overload of round_to_float16 beside that type.
template <class Op, class... Args>
auto via_float32(Op&& op, const Args&... args) {
  return round_to_float16(op(widen_float16(args)...));
}

// In-place updates (optimizers): op(float32 copies of `in_place`) runs, then each float16
// tensor of `in_place` takes its copy's new values, rounded once. Undefined tensors (absent
// slots) stay undefined.
template <class Op>
void update_via_float32(std::initializer_list<Tensor> in_place, Op&& op) {
  const std::vector<Tensor> targets(in_place);
  std::vector<Tensor> wide;
  for (const Tensor& t : targets) wide.push_back(widen_float16(t));
  op(wide);
  for (size_t i = 0; i < targets.size(); ++i)
    if (targets[i].defined() && targets[i].dtype() == DType::Float16)
      copy_into_any(targets[i], round_to_float16(wide[i]));
}

}  // namespace nnext::ops
