// The packed gemm of packed_gemm.h. An MR x (2 vectors) block of C lives in registers for
// a whole slice of k: each step loads two vectors of the panel and broadcasts MR values of
// A. MR = 8 with AVX-512's 32 registers (16 accumulators), 3 with AVX2's 16 (a 64-byte
// vector is two registers there); chosen by measurement on the LSTM step and convnet tiles.
#include "kernels/packed_gemm.h"

#include <algorithm>
#include <memory>

#include "core/parallel.h"

namespace nnext::kernels {
namespace {

// 64-byte GCC vectors at element alignment: loads and stores need no 64-byte alignment.
template <class T>
struct Vec;
template <>
struct Vec<float> {
  typedef float type __attribute__((vector_size(64), aligned(4)));
};
template <>
struct Vec<double> {
  typedef double type __attribute__((vector_size(64), aligned(8)));
};

#ifdef __AVX512F__
constexpr int kRows = 8;
#else
constexpr int kRows = 3;
#endif
// k per slice: a slice of one panel (256 x 128 bytes) stays in the L1 cache.
constexpr int64_t kSlice = 256;

// C block (M rows x w <= packed_width columns) (=|+=) A rows @ one panel slice of kc rows.
template <class T, int M, bool UnitK>
inline void block(int64_t kc, const T* __restrict a, int64_t a_row, int64_t a_col,
                  const T* __restrict panel, T* __restrict c, int64_t ldc, int64_t w,
                  bool accumulate) {
  using V = typename Vec<T>::type;
  constexpr int64_t half = int64_t(64 / sizeof(T)), width = 2 * half;
  V lo[M], hi[M];
  for (int i = 0; i < M; ++i) {
    lo[i] = V{};
    hi[i] = V{};
  }
  for (int64_t r = 0; r < kc; ++r) {
    const V b0 = *reinterpret_cast<const V*>(panel + r * width);
    const V b1 = *reinterpret_cast<const V*>(panel + r * width + half);
    for (int i = 0; i < M; ++i) {
      const T v = UnitK ? a[i * a_row + r] : a[i * a_row + r * a_col];
      lo[i] += v * b0;
      hi[i] += v * b1;
    }
  }
  for (int i = 0; i < M; ++i) {
    T* ci = c + i * ldc;
    if (w == width) {
      V* c0 = reinterpret_cast<V*>(ci);
      V* c1 = reinterpret_cast<V*>(ci + half);
      if (accumulate) {
        *c0 += lo[i];
        *c1 += hi[i];
      } else {
        *c0 = lo[i];
        *c1 = hi[i];
      }
      continue;
    }
    T row[width];
    *reinterpret_cast<V*>(row) = lo[i];
    *reinterpret_cast<V*>(row + half) = hi[i];
    for (int64_t j = 0; j < w; ++j) ci[j] = accumulate ? ci[j] + row[j] : row[j];
  }
}

template <class T, bool UnitK>
void rows_of_panel(int64_t m, int64_t kc, const T* a, int64_t a_row, int64_t a_col, const T* panel,
                   T* c, int64_t ldc, int64_t w, bool accumulate) {
  int64_t i = 0;
  for (; i + kRows <= m; i += kRows)
    block<T, kRows, UnitK>(kc, a + i * a_row, a_row, a_col, panel, c + i * ldc, ldc, w, accumulate);
  const T* ai = a + i * a_row;
  T* ci = c + i * ldc;
  switch (m - i) {
    case 0:
      return;
    case 1:
      return block<T, 1, UnitK>(kc, ai, a_row, a_col, panel, ci, ldc, w, accumulate);
    case 2:
      return block<T, 2, UnitK>(kc, ai, a_row, a_col, panel, ci, ldc, w, accumulate);
#ifdef __AVX512F__
    case 3:
      return block<T, 3, UnitK>(kc, ai, a_row, a_col, panel, ci, ldc, w, accumulate);
    case 4:
      return block<T, 4, UnitK>(kc, ai, a_row, a_col, panel, ci, ldc, w, accumulate);
    case 5:
      return block<T, 5, UnitK>(kc, ai, a_row, a_col, panel, ci, ldc, w, accumulate);
    case 6:
      return block<T, 6, UnitK>(kc, ai, a_row, a_col, panel, ci, ldc, w, accumulate);
    case 7:
      return block<T, 7, UnitK>(kc, ai, a_row, a_col, panel, ci, ldc, w, accumulate);
#endif
    default:
      return;
  }
}

}  // namespace

template <class T>
void pack_right(const T* b, int64_t row_stride, int64_t col_stride, int64_t k, int64_t n, T* out) {
  constexpr int64_t width = packed_width<T>();
  for (int64_t j0 = 0; j0 < n; j0 += width) {
    const int64_t w = std::min(width, n - j0);
    T* panel = out + j0 * k;
    for (int64_t r = 0; r < k; ++r) {
      T* d = panel + r * width;
      const T* s = b + r * row_stride + j0 * col_stride;
      for (int64_t j = 0; j < w; ++j) d[j] = s[j * col_stride];
      for (int64_t j = w; j < width; ++j) d[j] = T(0);
    }
  }
}

template <class T>
void packed_gemm(int64_t m, int64_t n, int64_t k, const T* a, int64_t a_row, int64_t a_col,
                 const T* packed, T* c, int64_t ldc, bool accumulate, int64_t panel_begin,
                 int64_t panel_end) {
  constexpr int64_t width = packed_width<T>();
  // Rows per chunk: the chunk of A (128 rows x a slice) is read once per panel from L2.
  constexpr int64_t kChunk = 128;
  const int64_t panels = (n + width - 1) / width;
  if (panel_end < 0 || panel_end > panels) panel_end = panels;
  if (k == 0) {
    if (!accumulate)
      for (int64_t i = 0; i < m; ++i)
        std::fill(c + i * ldc + panel_begin * width, c + i * ldc + std::min(n, panel_end * width),
                  T(0));
    return;
  }
  for (int64_t m0 = 0; m0 < m; m0 += kChunk) {
    const int64_t rows = std::min(kChunk, m - m0);
    for (int64_t p = panel_begin; p < panel_end; ++p) {
      const int64_t w = std::min(width, n - p * width);
      const T* panel = packed + p * width * k;
      for (int64_t r0 = 0; r0 < k; r0 += kSlice) {
        const int64_t kc = std::min(kSlice, k - r0);
        const T* ab = a + m0 * a_row + r0 * a_col;
        T* cb = c + m0 * ldc + p * width;
        const bool acc = accumulate || r0 > 0;
        if (a_col == 1)
          rows_of_panel<T, true>(rows, kc, ab, a_row, 1, panel + r0 * width, cb, ldc, w, acc);
        else
          rows_of_panel<T, false>(rows, kc, ab, a_row, a_col, panel + r0 * width, cb, ldc, w, acc);
      }
    }
  }
}

template <class T>
void strided_gemm(int64_t m, int64_t n, int64_t k, const T* a, int64_t a_row, int64_t a_col,
                  const T* b, int64_t b_row, int64_t b_col, T* c, int64_t ldc, bool accumulate) {
  if (m == 0 || n == 0) return;
  const std::unique_ptr<T[]> packed(new T[size_t(packed_size<T>(k, n))]);
  pack_right<T>(b, b_row, b_col, k, n, packed.get());
  // Whole register blocks per thread, so that only the last one runs a remainder kernel.
  const int64_t blocks = (m + kRows - 1) / kRows;
  parallel_for(blocks, kRows * n * std::max<int64_t>(k, 1), [&](int64_t begin, int64_t end) {
    const int64_t i0 = begin * kRows, i1 = std::min(m, end * kRows);
    packed_gemm<T>(i1 - i0, n, k, a + i0 * a_row, a_row, a_col, packed.get(), c + i0 * ldc, ldc,
                   accumulate);
  });
}

#define NNEXT_PACKED_GEMM(T)                                                                     \
  template void pack_right<T>(const T*, int64_t, int64_t, int64_t, int64_t, T*);                 \
  template void packed_gemm<T>(int64_t, int64_t, int64_t, const T*, int64_t, int64_t, const T*,  \
                               T*, int64_t, bool, int64_t, int64_t);                             \
  template void strided_gemm<T>(int64_t, int64_t, int64_t, const T*, int64_t, int64_t, const T*, \
                                int64_t, int64_t, T*, int64_t, bool);
NNEXT_PACKED_GEMM(float)
NNEXT_PACKED_GEMM(double)
#undef NNEXT_PACKED_GEMM

}  // namespace nnext::kernels
