// The LAPACK boundary: one template per routine over row-major float/double buffers, for
// one matrix at a time (the ops loop over batches). Only lapack.cpp includes lapacke.h.
// Each returns LAPACK's `info` (0: success; > 0: the routine's numerical failure).
// Never call these from inside an OpenMP parallel region (see blas.h).
#pragma once
#include <cstdint>

namespace nnext::kernels {

// LU with partial pivoting of an m x n matrix, in place; ipiv gets min(m, n) 1-based pivots.
template <class T>
int getrf(int m, int n, T* a, int* ipiv);
// The inverse from getrf's factors, in place.
template <class T>
int getri(int n, T* a, const int* ipiv);
// Solves a x = b for an n x n `a` (overwritten by its LU) and n x nrhs `b` (by x).
template <class T>
int gesv(int n, int nrhs, T* a, int* ipiv, T* b);
// Cholesky factor in the lower triangle (the upper one is left as it was).
template <class T>
int potrf_lower(int n, T* a);
// Solves op(a) x = b with `a` triangular (lower or upper), b (n x nrhs) overwritten by x.
template <class T>
int trtrs(bool lower, bool transpose, int n, int nrhs, const T* a, T* b);
// QR: geqrf leaves R above the diagonal and Householder vectors below; orgqr forms the
// m x n matrix Q (its first n columns) from k reflectors, in a buffer of m x n.
template <class T>
int geqrf(int m, int n, T* a, T* tau);
template <class T>
int orgqr(int m, int n, int k, T* a, const T* tau);
// SVD by divide and conquer; jobz 'S' (reduced), 'A' (full) or 'N' (values only). `a`
// is destroyed; u is m x ldu-columns, vt is rows x n with leading dimension ldvt.
template <class T>
int gesdd(char jobz, int m, int n, T* a, T* s, T* u, int ldu, T* vt, int ldvt);
// Eigen-decomposition of a symmetric matrix from its lower triangle: ascending values in
// w, eigenvectors (as columns) overwrite a.
template <class T>
int syevd(int n, T* a, T* w);
// Least squares min |a x - b| by SVD: b (max(m, n) x nrhs, leading dimension nrhs) gets x
// in its first n rows; singular values below rcond * s_max count as zero.
template <class T>
int gelsd(int m, int n, int nrhs, T* a, T* b, T* s, T rcond, int* rank);

}  // namespace nnext::kernels
