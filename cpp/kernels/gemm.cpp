// OpenBLAS gemm (scipy-openblas32's prefixed symbols) behind one template.
#include <cblas.h>

#include <climits>
#include <complex>

#include "core/error.h"
#include "core/parallel.h"
#include "kernels/blas.h"

namespace nnext {

void blas_set_num_threads(int n) { scipy_openblas_set_num_threads(n); }
int blas_get_num_threads() { return scipy_openblas_get_num_threads(); }
void blas_set_team(BlasTeam team) { scipy_openblas_set_threads_callback_function(team); }
std::string blas_version() { return OPENBLAS_VERSION; }
std::string blas_config() {
  return std::string(scipy_openblas_get_config()) + " (core " + scipy_openblas_get_corename() + ")";
}

namespace kernels {
namespace {

// scipy-openblas32 takes 32-bit dimensions.
blasint to_blasint(int64_t v) {
  NNEXT_CHECK(v <= INT_MAX, ValueError, "matmul: dimension ", v,
              " exceeds the 32-bit BLAS limit of ", INT_MAX);
  return blasint(v);
}

CBLAS_TRANSPOSE flag(bool t) { return t ? CblasTrans : CblasNoTrans; }

template <class T>
void call_gemm(CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, blasint m, blasint n, blasint k, T alpha,
               const T* a, blasint lda, const T* b, blasint ldb, T beta, T* c, blasint ldc);
template <>
void call_gemm<float>(CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, blasint m, blasint n, blasint k,
                      float alpha, const float* a, blasint lda, const float* b, blasint ldb,
                      float beta, float* c, blasint ldc) {
  scipy_cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
template <>
void call_gemm<double>(CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, blasint m, blasint n, blasint k,
                       double alpha, const double* a, blasint lda, const double* b, blasint ldb,
                       double beta, double* c, blasint ldc) {
  scipy_cblas_dgemm(CblasRowMajor, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

// The complex gemms take alpha and beta by address.
template <>
void call_gemm<std::complex<float>>(CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, blasint m, blasint n,
                                    blasint k, std::complex<float> alpha,
                                    const std::complex<float>* a, blasint lda,
                                    const std::complex<float>* b, blasint ldb,
                                    std::complex<float> beta, std::complex<float>* c, blasint ldc) {
  scipy_cblas_cgemm(CblasRowMajor, ta, tb, m, n, k, &alpha, a, lda, b, ldb, &beta, c, ldc);
}
template <>
void call_gemm<std::complex<double>>(CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, blasint m, blasint n,
                                     blasint k, std::complex<double> alpha,
                                     const std::complex<double>* a, blasint lda,
                                     const std::complex<double>* b, blasint ldb,
                                     std::complex<double> beta, std::complex<double>* c,
                                     blasint ldc) {
  scipy_cblas_zgemm(CblasRowMajor, ta, tb, m, n, k, &alpha, a, lda, b, ldb, &beta, c, ldc);
}

}  // namespace

template <class T>
void gemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, T alpha, const T* a,
          int64_t lda, const T* b, int64_t ldb, T beta, T* c, int64_t ldc, int64_t batch,
          int64_t stride_a, int64_t stride_b, int64_t stride_c) {
  if (m == 0 || n == 0) return;
  refresh_team();  // OpenBLAS's team size after a shrink (core/parallel.h)
  blasint bm = to_blasint(m), bn = to_blasint(n), bk = to_blasint(k);
  // BLAS rejects leading dimensions below 1 even when a side is empty.
  blasint blda = to_blasint(lda < 1 ? 1 : lda), bldb = to_blasint(ldb < 1 ? 1 : ldb),
          bldc = to_blasint(ldc < 1 ? 1 : ldc);
  for (int64_t i = 0; i < batch; ++i)
    call_gemm<T>(flag(trans_a), flag(trans_b), bm, bn, bk, alpha, a + i * stride_a, blda,
                 b + i * stride_b, bldb, beta, c + i * stride_c, bldc);
}

template void gemm<float>(bool, bool, int64_t, int64_t, int64_t, float, const float*, int64_t,
                          const float*, int64_t, float, float*, int64_t, int64_t, int64_t, int64_t,
                          int64_t);
template void gemm<double>(bool, bool, int64_t, int64_t, int64_t, double, const double*, int64_t,
                           const double*, int64_t, double, double*, int64_t, int64_t, int64_t,
                           int64_t, int64_t);
using complex64 = std::complex<float>;
using complex128 = std::complex<double>;
template void gemm<complex64>(bool, bool, int64_t, int64_t, int64_t, complex64, const complex64*,
                              int64_t, const complex64*, int64_t, complex64, complex64*, int64_t,
                              int64_t, int64_t, int64_t, int64_t);
template void gemm<complex128>(bool, bool, int64_t, int64_t, int64_t, complex128, const complex128*,
                               int64_t, const complex128*, int64_t, complex128, complex128*,
                               int64_t, int64_t, int64_t, int64_t, int64_t);

}  // namespace kernels
}  // namespace nnext
