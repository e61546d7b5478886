// tf.linalg.tridiagonal_solve's core: diagonals in TensorFlow's compact form (..., 3, m)
// (rows: superdiagonal, its last entry unused; diagonal; subdiagonal, its first entry
// unused) and right-hand sides (..., m, k) with the same batch shape.
#pragma once
#include "core/tensor.h"
#include "kernels/tridiagonal.h"

namespace nnext::ops {

// x with T x = rhs; a system whose elimination meets a zero pivot gives NaN (as
// TensorFlow, which logs a warning instead of failing).
Tensor tridiagonal_solve(const Tensor& diagonals, const Tensor& rhs,
                         kernels::TridiagonalMethod method);

}  // namespace nnext::ops
