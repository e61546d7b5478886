// Tridiagonal solvers (see tridiagonal.h). Elimination runs down the rows once, solving
// L z = P b on the fly, then back-substitutes through U, which after row interchanges has
// a diagonal u0 and two superdiagonals u1, u2.
#include "kernels/tridiagonal.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace nnext::kernels {

namespace {

// row(dst) = row(a) - f * row(b) over k columns.
template <class T>
void axpy_row(int64_t k, T* dst, const T* a, T f, const T* b) {
  for (int64_t j = 0; j < k; ++j) dst[j] = a[j] - f * b[j];
}

template <class T>
bool thomas(int64_t n, int64_t k, const T* super, const T* diag, const T* sub, const T* rhs, T* x) {
  // U has a unit diagonal and the superdiagonal c; x holds L^-1 b as it goes.
  std::vector<T> c(static_cast<size_t>(n));
  T denom = diag[0];
  if (denom == T(0)) return false;
  c[0] = super[0] / denom;
  for (int64_t j = 0; j < k; ++j) x[j] = rhs[j] / denom;
  for (int64_t i = 1; i < n; ++i) {
    denom = diag[i] - sub[i] * c[size_t(i - 1)];
    if (denom == T(0)) return false;
    c[size_t(i)] = super[i] / denom;
    for (int64_t j = 0; j < k; ++j)
      x[i * k + j] = (rhs[i * k + j] - sub[i] * x[(i - 1) * k + j]) / denom;
  }
  for (int64_t i = n - 2; i >= 0; --i)
    axpy_row(k, x + i * k, x + i * k, c[size_t(i)], x + (i + 1) * k);
  return true;
}

// Moves `pivot` away from zero until neither 1/pivot nor row/pivot overflows, as LAPACK's
// xLAGTS does for a numerically singular U: `perturb` (eps * max|U|, with pivot's sign)
// is added and doubled until it does; an underflowing pivot is scaled up with its row.
template <class T>
void perturb_pivot(T perturb, T& pivot, T* row, int64_t k) {
  const T one(1), safemin = std::numeric_limits<T>::min(), bignum = one / safemin;
  T abs_pivot = std::fabs(pivot);
  if (abs_pivot >= one) return;
  perturb = std::copysign(std::max(std::fabs(perturb), safemin), pivot);
  T largest(0);
  for (int64_t j = 0; j < k; ++j) largest = std::max(largest, T(std::fabs(row[j])));
  while (abs_pivot < one) {
    if (abs_pivot < safemin && abs_pivot != T(0) && largest * safemin <= abs_pivot) {
      pivot *= bignum;
      for (int64_t j = 0; j < k; ++j) row[j] *= bignum;
      return;
    }
    if (abs_pivot >= safemin && largest <= abs_pivot * bignum) return;
    pivot += perturb;
    perturb *= 2;
    abs_pivot = std::fabs(pivot);
  }
}

template <class T>
bool pivoted(int64_t n, int64_t k, const T* super, const T* diag, const T* sub, const T* rhs, T* x,
             bool perturb) {
  std::vector<T> u0(static_cast<size_t>(n)), u1(static_cast<size_t>(n), T(0)),
      u2(static_cast<size_t>(n), T(0));
  std::copy(rhs, rhs + k, x);
  u0[0] = diag[0];
  u1[0] = n > 1 ? super[0] : T(0);
  // Row scales for the perturbing variant's pivot choice (lagtf compares scaled entries).
  T scale1 = std::fabs(u0[0]) + std::fabs(u1[0]);
  T max_u = std::max(std::fabs(u0[0]), std::fabs(u1[0]));
  for (int64_t i = 0; i + 1 < n; ++i) {
    const bool last = i + 2 == n;
    const T below = sub[i + 1], next_super = last ? T(0) : super[i + 1];
    T* xi = x + i * k;
    T* xn = x + (i + 1) * k;
    const T* bn = rhs + (i + 1) * k;
    bool swap;
    if (perturb) {
      const T scale2 = std::fabs(below) + std::fabs(diag[i + 1]) + std::fabs(next_super);
      const T piv1 = u0[size_t(i)] == T(0) ? T(0) : std::fabs(u0[size_t(i)]) / scale1;
      swap = below != T(0) && std::fabs(below) / scale2 > piv1;
      if (!swap) scale1 = scale2;
    } else {
      swap = std::fabs(u0[size_t(i)]) < std::fabs(below);
      if (!swap && u0[size_t(i)] == T(0)) return false;
    }
    if (!swap) {
      const T f = below == T(0) ? T(0) : below / u0[size_t(i)];
      u0[size_t(i + 1)] = diag[i + 1] - f * u1[size_t(i)];
      u1[size_t(i + 1)] = next_super;
      axpy_row(k, xn, bn, f, xi);
    } else {
      // Rows i and i+1 trade places: row i becomes [below, diag, next_super].
      const T f = u0[size_t(i)] / below;
      u0[size_t(i + 1)] = u1[size_t(i)] - f * diag[i + 1];
      u0[size_t(i)] = below;
      u1[size_t(i)] = diag[i + 1];
      u2[size_t(i)] = next_super;
      u1[size_t(i + 1)] = -f * next_super;
      for (int64_t j = 0; j < k; ++j) {
        const T old = xi[j];
        xi[j] = bn[j];
        xn[j] = old - f * bn[j];
      }
    }
    if (!last)
      max_u = std::max({max_u, T(std::fabs(u0[size_t(i)])), T(std::fabs(u1[size_t(i)])),
                        T(std::fabs(u2[size_t(i)]))});
  }
  max_u = std::max(max_u, T(std::fabs(u0[size_t(n - 1)])));
  if (!perturb && u0[size_t(n - 1)] == T(0)) return false;
  const T tol = std::numeric_limits<T>::epsilon() * max_u;
  for (int64_t i = n - 1; i >= 0; --i) {
    T* xi = x + i * k;
    if (i + 1 < n) axpy_row(k, xi, xi, u1[size_t(i)], xi + k);
    if (i + 2 < n) axpy_row(k, xi, xi, u2[size_t(i)], xi + 2 * k);
    T pivot = u0[size_t(i)];
    if (perturb) perturb_pivot(tol, pivot, xi, k);
    for (int64_t j = 0; j < k; ++j) xi[j] /= pivot;
  }
  return true;
}

}  // namespace

template <class T>
bool tridiagonal_solve(int64_t n, int64_t k, const T* super, const T* diag, const T* sub,
                       const T* rhs, T* x, TridiagonalMethod method) {
  if (n == 0 || k == 0) return true;
  if (method == TridiagonalMethod::Thomas) return thomas(n, k, super, diag, sub, rhs, x);
  return pivoted(n, k, super, diag, sub, rhs, x, method == TridiagonalMethod::PerturbSingular);
}

template bool tridiagonal_solve<float>(int64_t, int64_t, const float*, const float*, const float*,
                                       const float*, float*, TridiagonalMethod);
template bool tridiagonal_solve<double>(int64_t, int64_t, const double*, const double*,
                                        const double*, const double*, double*, TridiagonalMethod);

}  // namespace nnext::kernels
