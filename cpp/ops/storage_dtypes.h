// The storage dtypes (core/dtype.h): casts between any two dtypes, copies, and the lift
// that lets an op compute a storage dtype in its compute dtype.
#pragma once
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

}  // namespace nnext::ops
