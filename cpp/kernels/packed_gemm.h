// A register-blocked gemm for the products where OpenBLAS's general path loses time: a
// right operand reused across many calls (a recurrent kernel, every time step) and the
// small per-tile products of a convolution. The right operand is packed once into panels
// of packed_width<T>() columns; each call runs rows of A against the panels. Single-
// threaded: callers split rows or panels across threads (measured on the LSTM step and the
// convnet tiles: 1.7-2.5x OpenBLAS's rate, whose every call repacks both operands).
#pragma once
#include <cstdint>

namespace nnext::kernels {

// Columns per panel: two 64-byte vectors.
template <class T>
constexpr int64_t packed_width() {
  return int64_t(128 / sizeof(T));
}

// Elements of the packed form of a k x n right operand (n rounded up to whole panels).
template <class T>
int64_t packed_size(int64_t k, int64_t n) {
  return k * ((n + packed_width<T>() - 1) / packed_width<T>()) * packed_width<T>();
}

// out = the panels of B(r, j) = b[r * row_stride + j * col_stride], r < k, j < n; the
// columns past n are zeros. out holds packed_size<T>(k, n) elements.
template <class T>
void pack_right(const T* b, int64_t row_stride, int64_t col_stride, int64_t k, int64_t n, T* out);

// C[i, j] = (accumulate ? C[i, j] : 0) + sum_r A(i, r) * B(r, j) for i < m and the columns
// of panels [panel_begin, panel_end) (clipped to n), where A(i, r) = a[i * a_row + r * a_col]
// and `packed` is pack_right's output for B (k x n). C is row-major with leading dimension
// ldc. panel_end < 0 means every panel.
template <class T>
void packed_gemm(int64_t m, int64_t n, int64_t k, const T* a, int64_t a_row, int64_t a_col,
                 const T* packed, T* c, int64_t ldc, bool accumulate, int64_t panel_begin = 0,
                 int64_t panel_end = -1);

// C = (accumulate ? C : 0) + A @ B for strided A(i, r) = a[i * a_row + r * a_col] and
// B(r, j) = b[r * b_row + j * b_col] (k x n): packs B, then splits the rows of C across
// OpenMP threads. Call it outside parallel regions.
template <class T>
void strided_gemm(int64_t m, int64_t n, int64_t k, const T* a, int64_t a_row, int64_t a_col,
                  const T* b, int64_t b_row, int64_t b_col, T* c, int64_t ldc, bool accumulate);

}  // namespace nnext::kernels
