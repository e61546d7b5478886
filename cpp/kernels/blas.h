// The BLAS boundary: gemm on row-major float/double/complex buffers and OpenBLAS's thread and
// build facts. Only gemm.cpp includes cblas.h. Never call these from inside an OpenMP
// parallel region: a pthreads OpenBLAS can deadlock there.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace nnext {

void blas_set_num_threads(int n);
int blas_get_num_threads();
std::string blas_version();
std::string blas_config();
// OpenBLAS hands its parallel sections to `team` (core/parallel.cpp runs them on our team).
using BlasJob = void (*)(int thread, void* job, int arg);
using BlasTeam = void (*)(int sync, BlasJob job, int jobs, size_t job_size, void* job_data,
                          int arg);
void blas_set_team(BlasTeam team);

namespace kernels {

// C[M,N] = alpha * op(A) @ op(B) + beta * C, row-major, op = transpose when the flag is set.
// `batch` products at element strides stride_a/stride_b/stride_c (0 repeats an operand).
template <class T>
void gemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, T alpha, const T* a,
          int64_t lda, const T* b, int64_t ldb, T beta, T* c, int64_t ldc, int64_t batch = 1,
          int64_t stride_a = 0, int64_t stride_b = 0, int64_t stride_c = 0);

}  // namespace kernels
}  // namespace nnext
