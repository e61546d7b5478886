// LAPACKE (row-major) from the bundled OpenBLAS, whose symbols carry scipy-openblas32's
// `scipy_` prefix (its lapacke.h declares them so): float and double instantiations.
#include "kernels/lapack.h"

#include <lapacke.h>

namespace nnext::kernels {

namespace {
constexpr int kRowMajor = LAPACK_ROW_MAJOR;

// LAPACKE rejects a matrix holding NaN as an invalid argument; NumPy and TensorFlow hand
// NaNs to LAPACK, whose results are then NaN. Checking off once, before any call.
const bool kNanCheckOff = [] {
  scipy_LAPACKE_set_nancheck(0);
  return true;
}();
}  // namespace

#define NNEXT_LAPACK_BOTH(T, s_or_d)                                                               \
  template <>                                                                                      \
  int getrf<T>(int m, int n, T* a, int* ipiv) {                                                    \
    return scipy_LAPACKE_##s_or_d##getrf(kRowMajor, m, n, a, n, ipiv);                             \
  }                                                                                                \
  template <>                                                                                      \
  int getri<T>(int n, T* a, const int* ipiv) {                                                     \
    return scipy_LAPACKE_##s_or_d##getri(kRowMajor, n, a, n, ipiv);                                \
  }                                                                                                \
  template <>                                                                                      \
  int gesv<T>(int n, int nrhs, T* a, int* ipiv, T* b) {                                            \
    return scipy_LAPACKE_##s_or_d##gesv(kRowMajor, n, nrhs, a, n, ipiv, b, nrhs);                  \
  }                                                                                                \
  template <>                                                                                      \
  int potrf_lower<T>(int n, T* a) {                                                                \
    return scipy_LAPACKE_##s_or_d##potrf(kRowMajor, 'L', n, a, n);                                 \
  }                                                                                                \
  template <>                                                                                      \
  int trtrs<T>(bool lower, bool transpose, int n, int nrhs, const T* a, T* b) {                    \
    return scipy_LAPACKE_##s_or_d##trtrs(kRowMajor, lower ? 'L' : 'U', transpose ? 'T' : 'N', 'N', \
                                         n, nrhs, a, n, b, nrhs);                                  \
  }                                                                                                \
  template <>                                                                                      \
  int geqrf<T>(int m, int n, T* a, T* tau) {                                                       \
    return scipy_LAPACKE_##s_or_d##geqrf(kRowMajor, m, n, a, n, tau);                              \
  }                                                                                                \
  template <>                                                                                      \
  int orgqr<T>(int m, int n, int k, T* a, const T* tau) {                                          \
    return scipy_LAPACKE_##s_or_d##orgqr(kRowMajor, m, n, k, a, n, tau);                           \
  }                                                                                                \
  template <>                                                                                      \
  int gesdd<T>(char jobz, int m, int n, T* a, T* s, T* u, int ldu, T* vt, int ldvt) {              \
    return scipy_LAPACKE_##s_or_d##gesdd(kRowMajor, jobz, m, n, a, n, s, u, ldu, vt, ldvt);        \
  }                                                                                                \
  template <>                                                                                      \
  int syevd<T>(int n, T* a, T* w) {                                                                \
    return scipy_LAPACKE_##s_or_d##syevd(kRowMajor, 'V', 'L', n, a, n, w);                         \
  }                                                                                                \
  template <>                                                                                      \
  int gelsd<T>(int m, int n, int nrhs, T* a, T* b, T* s, T rcond, int* rank) {                     \
    return scipy_LAPACKE_##s_or_d##gelsd(kRowMajor, m, n, nrhs, a, n, b, nrhs, s, rcond, rank);    \
  }

NNEXT_LAPACK_BOTH(float, s)
NNEXT_LAPACK_BOTH(double, d)
#undef NNEXT_LAPACK_BOTH

}  // namespace nnext::kernels
