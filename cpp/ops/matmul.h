// Matrix products: NumPy's matmul (vectors, broadcast batch axes) with TensorFlow's
// transpose flags, and the helper that hands any strided 2-D view to gemm without a copy
// when its strides allow it (the fused dense kernels use it too).
#pragma once
#include <cstdint>

#include "core/tensor.h"

namespace nnext::ops {

// a @ b. 1-D operands are vectors as in NumPy (a 1-D @ 1-D product is 0-d); axes before
// the last two are batch axes and broadcast. transpose_a/b swap the last two axes of a
// rank >= 2 operand. Integer operands multiply exactly; mixed dtypes promote.
Tensor matmul(const Tensor& a, const Tensor& b, bool transpose_a = false, bool transpose_b = false);

// A matrix (rows x cols at element strides row_stride, col_stride) as gemm sees it:
// row-major with leading dimension `ld`, or the row-major layout of its transpose when
// `trans` is set. `ok` is false when the strides allow neither (the caller copies).
struct GemmLayout {
  bool ok = false;
  bool trans = false;
  int64_t ld = 0;
};
GemmLayout gemm_layout(int64_t rows, int64_t cols, int64_t row_stride, int64_t col_stride);

// x[..., k] as one (m, k) matrix (m the product of the leading axes) in gemm's terms;
// `ok` is false when the leading axes do not flatten evenly or the strides fit no layout.
GemmLayout rows_layout(const Tensor& x);

// A contiguous copy of `t` that no tape records: for packing an operand inside an op that
// records its own gradient.
Tensor packed_copy(const Tensor& t);

}  // namespace nnext::ops
