// Cumulative sums and products along an axis (TensorFlow's cumsum/cumprod with exclusive
// and reverse). They keep the dtype, except bool which counts in int32 (sum) or stays an
// "all so far" in int32 (product), as NumPy's integer promotion of bool.
#pragma once
#include "core/tensor.h"

namespace nnext::ops {

Tensor cumsum(const Tensor& x, int64_t axis, bool exclusive, bool reverse);
Tensor cumprod(const Tensor& x, int64_t axis, bool exclusive, bool reverse);

}  // namespace nnext::ops
