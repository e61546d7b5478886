// Solvers for one tridiagonal system T x = b with k right-hand sides (row-major n x k):
// the three diagonals as TensorFlow's compact rows (super[i] = T[i, i+1], the last one
// unused; sub[i] = T[i, i-1], the first one unused).
#pragma once
#include <cstdint>

namespace nnext::kernels {

enum class TridiagonalMethod {
  Thomas,           // no pivoting: fails on a zero pivot even if T is invertible
  PartialPivoting,  // LAPACK gtsv's row interchanges
  PerturbSingular,  // as PartialPivoting, tiny pivots of U perturbed (LAPACK lagtf/lagts)
};

// Writes x; returns false when a pivot is exactly zero (the caller fills NaN, as
// TensorFlow does). Never fails with PerturbSingular.
template <class T>
bool tridiagonal_solve(int64_t n, int64_t k, const T* super, const T* diag, const T* sub,
                       const T* rhs, T* x, TridiagonalMethod method);

}  // namespace nnext::kernels
