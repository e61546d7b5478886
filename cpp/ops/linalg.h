// Dense linear algebra over the last two axes (earlier axes are a batch) by LAPACK: the
// factorizations, inverses and solvers of keras.ops.linalg, with gradient rules beside the
// differentiable ones. Inputs are float32/float64 (the Python layer casts integers).
// A numerical failure (singular matrix, not positive definite, no convergence) raises
// ValueError naming the op.
#pragma once
#include <vector>

#include "core/tensor.h"

namespace nnext::ops {

Tensor inv(const Tensor& a);
Tensor det(const Tensor& a);
// {sign, log|det|}; a singular matrix gives sign 0 and -inf.
std::vector<Tensor> slogdet(const Tensor& a);
// x with a x = b; a (..., n, n), b (..., n, k) with the same batch shape.
Tensor solve(const Tensor& a, const Tensor& b);
// x with a x = b for triangular a (only its `lower` or upper triangle is read).
Tensor solve_triangular(const Tensor& a, const Tensor& b, bool lower);
// The lower factor L of a = L L^T (only the lower triangle of a is read).
Tensor cholesky(const Tensor& a);
// {q, r}: reduced (q m x k, r k x n, k = min(m, n)) or complete (q m x m, r m x n).
std::vector<Tensor> qr(const Tensor& a, bool complete);
// {u, s, vh} with a = u diag(s) vh, s descending; only {s} when !compute_uv.
std::vector<Tensor> svd(const Tensor& a, bool full_matrices, bool compute_uv);
// {w, v}: ascending eigenvalues and eigenvectors (columns) of the symmetric matrix whose
// lower triangle `a` holds.
std::vector<Tensor> eigh(const Tensor& a);
// The least-squares solution of a x = b (a (..., m, n), b (..., m, k), one batch shape);
// rcond < 0 means machine epsilon * max(m, n), as NumPy.
Tensor lstsq(const Tensor& a, const Tensor& b, double rcond);
// {lu, pivots}: LU factors packed as LAPACK's getrf leaves them, pivots 0-based int32.
std::vector<Tensor> lu_factor(const Tensor& a);
// {lu, perm} of square matrices as TensorFlow's Lu: a[perm] = L U with L unit lower and U
// upper packed in `lu`, perm int32; differentiable in `lu`.
std::vector<Tensor> lu(const Tensor& a);

}  // namespace nnext::ops
