// Convolution loops: im2col tiles of images into gemm (the general case), one gemm on the
// input itself for 1x1 stride-1 kernels, and direct loops for depthwise convolutions (each
// output channel reads one input channel), where im2col would split the work into one
// gemm per channel. Gemm is never called
// inside a parallel region: each tile's im2col runs on OpenMP threads, then its gemm runs
// on OpenBLAS's.
#include <algorithm>

#include "core/parallel.h"
#include "core/storage.h"
#include "kernels/blas.h"
#include "kernels/conv.h"
#include "kernels/conv_taps.h"

namespace nnext::kernels {
namespace {

// im2col scratch per tile, in elements (16 MiB of float32): bounded memory, and tiles tall
// enough (a 28x28 batch of 128 is one or two tiles) that gemm runs at full rate.
constexpr int64_t kColumnBudget = int64_t(1) << 22;

int64_t images_per_tile(int64_t per_image) {
  return std::max<int64_t>(1, kColumnBudget / std::max<int64_t>(per_image, 1));
}

// A 1x1 kernel at stride 1 without padding: the input is already the column matrix.
bool is_pointwise(const ConvGeometry& g) {
  if (g.groups != 1 || g.taps() != 1) return false;
  for (int a = 0; a < kMaxSpatial; ++a)
    if (g.stride[a] != 1 || g.pad_before[a] != 0 || g.in[a] != g.out[a]) return false;
  return true;
}

// One input channel per group, several groups. (A single input channel without groups, as
// in an image's first layer, goes through im2col and gemm: gemm keeps the outputs in
// registers across the taps, where the direct loop reloads them for every tap.)
bool is_depthwise(const ConvGeometry& g) { return g.group_in() == 1 && g.groups > 1; }

template <class F>
void for_each_conv_tap(const ConvGeometry& g, int64_t pixel, F&& f) {
  for_each_tap(g.in, g.out, g.kernel, g.stride, g.dilation, g.pad_before, pixel, f);
}

// cols[r, t, c] = x[image n0 + r / P, tap t of output pixel r % P, group's channel c].
template <class T>
void im2col(const ConvGeometry& g, const T* x, int64_t n0, int64_t n1, int64_t group, T* cols) {
  const int64_t pixels = g.out_pixels(), c_all = g.in_channels, cg = g.group_in();
  const int64_t k = g.taps() * cg, image = g.in_pixels() * c_all;
  parallel_for((n1 - n0) * pixels, k, [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      const T* img = x + (n0 + r / pixels) * image + group * cg;
      T* dst = cols + r * k;
      for_each_conv_tap(g, r % pixels, [&](int64_t tap, int64_t pix) {
        // Plain loops, not memcpy: a first layer copies one channel per tap, where a
        // library call per element cost 5x the gemm (measured, 28x28x1 images).
        T* __restrict d = dst + tap * cg;
        if (pix < 0) {
          for (int64_t c = 0; c < cg; ++c) d[c] = T(0);
          return;
        }
        const T* __restrict s = img + pix * c_all;
        for (int64_t c = 0; c < cg; ++c) d[c] = s[c];
      });
    }
  });
}

// The adjoint of im2col: dx[image, tap pixel, group channel] += cols[r, t, c]. Threads
// split the images, so no two write the same pixel.
template <class T>
void col2im_add(const ConvGeometry& g, const T* cols, int64_t n0, int64_t n1, int64_t group,
                T* dx) {
  const int64_t pixels = g.out_pixels(), c_all = g.in_channels, cg = g.group_in();
  const int64_t k = g.taps() * cg, image = g.in_pixels() * c_all;
  parallel_for(n1 - n0, pixels * k, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      T* dimg = dx + (n0 + i) * image + group * cg;
      for (int64_t p = 0; p < pixels; ++p) {
        const T* src = cols + (i * pixels + p) * k;
        for_each_conv_tap(g, p, [&](int64_t tap, int64_t pix) {
          if (pix < 0) return;
          T* d = dimg + pix * c_all;
          const T* s = src + tap * cg;
          for (int64_t c = 0; c < cg; ++c) d[c] += s[c];
        });
      }
    }
  });
}

// Direct loops for depthwise convolutions (group_in == 1): output channel c * M + m reads input channel c alone
// (M = group_out, the channel multiplier), so w is (taps, out_channels).
template <class T>
void direct_forward(const ConvGeometry& g, const T* x, const T* w, T* y) {
  const int64_t pixels = g.out_pixels(), c_in = g.in_channels, c_out = g.out_channels;
  const int64_t mult = g.group_out(), image = g.in_pixels() * c_in;
  parallel_for(g.batch * pixels, g.taps() * c_out, [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      const T* img = x + (r / pixels) * image;
      T* __restrict yr = y + r * c_out;
      std::fill(yr, yr + c_out, T(0));
      for_each_conv_tap(g, r % pixels, [&](int64_t tap, int64_t pix) {
        if (pix < 0) return;
        const T* __restrict xp = img + pix * c_in;
        const T* __restrict wp = w + tap * c_out;
        if (mult == 1) {
          for (int64_t c = 0; c < c_in; ++c) yr[c] += xp[c] * wp[c];
          return;
        }
        for (int64_t c = 0; c < c_in; ++c) {
          const T v = xp[c];
          for (int64_t m = 0; m < mult; ++m) yr[c * mult + m] += v * wp[c * mult + m];
        }
      });
    }
  });
}

template <class T>
void direct_backward_input(const ConvGeometry& g, const T* dy, const T* w, T* dx) {
  const int64_t pixels = g.out_pixels(), c_in = g.in_channels, c_out = g.out_channels;
  const int64_t mult = g.group_out(), image = g.in_pixels() * c_in;
  parallel_for(g.batch, pixels * g.taps() * c_out, [&](int64_t begin, int64_t end) {
    for (int64_t n = begin; n < end; ++n) {
      T* dimg = dx + n * image;
      for (int64_t p = 0; p < pixels; ++p) {
        const T* __restrict dyr = dy + (n * pixels + p) * c_out;
        for_each_conv_tap(g, p, [&](int64_t tap, int64_t pix) {
          if (pix < 0) return;
          T* __restrict d = dimg + pix * c_in;
          const T* __restrict wp = w + tap * c_out;
          for (int64_t c = 0; c < c_in; ++c) {
            T s = 0;
            for (int64_t m = 0; m < mult; ++m) s += dyr[c * mult + m] * wp[c * mult + m];
            d[c] += s;
          }
        });
      }
    }
  });
}

// Each thread sums its rows' products into a private (taps, out_channels) buffer; the
// buffers are added at the end.
template <class T>
void direct_backward_filter(const ConvGeometry& g, const T* x, const T* dy, T* dw) {
  const int64_t pixels = g.out_pixels(), c_in = g.in_channels, c_out = g.out_channels;
  const int64_t mult = g.group_out(), image = g.in_pixels() * c_in;
  const int64_t rows = g.batch * pixels, size = g.taps() * c_out;
  const int threads = threads_for(rows * size);
  Storage scratch(size_t(threads * size) * sizeof(T));
  T* acc_all = static_cast<T*>(scratch.data());
  std::fill(acc_all, acc_all + threads * size, T(0));
  parallel_for(rows, size, [&](int64_t begin, int64_t end) {
    T* acc = acc_all + int64_t(omp_thread_index()) * size;
    for (int64_t r = begin; r < end; ++r) {
      const T* img = x + (r / pixels) * image;
      const T* __restrict dyr = dy + r * c_out;
      for_each_conv_tap(g, r % pixels, [&](int64_t tap, int64_t pix) {
        if (pix < 0) return;
        const T* __restrict xp = img + pix * c_in;
        T* __restrict a = acc + tap * c_out;
        for (int64_t c = 0; c < c_in; ++c) {
          const T v = xp[c];
          for (int64_t m = 0; m < mult; ++m) a[c * mult + m] += v * dyr[c * mult + m];
        }
      });
    }
  });
  std::copy(acc_all, acc_all + size, dw);
  for (int t = 1; t < threads; ++t)
    for (int64_t i = 0; i < size; ++i) dw[i] += acc_all[t * size + i];
}

}  // namespace

template <class T>
void conv_forward(const ConvGeometry& g, const T* x, const T* w, T* y) {
  const int64_t pixels = g.out_pixels(), c_out = g.out_channels, n = g.batch;
  const int64_t k = g.taps() * g.group_in();
  if (n * pixels * c_out == 0) return;
  if (k == 0) {
    std::fill(y, y + n * pixels * c_out, T(0));
    return;
  }
  if (is_pointwise(g)) {
    gemm<T>(false, false, n * pixels, c_out, g.in_channels, T(1), x, g.in_channels, w, c_out,
            T(0), y, c_out);
    return;
  }
  if (is_depthwise(g)) return direct_forward(g, x, w, y);
  const int64_t cog = g.group_out(), tile = std::min(n, images_per_tile(pixels * k));
  Storage scratch(size_t(tile * pixels * k) * sizeof(T));
  T* cols = static_cast<T*>(scratch.data());
  for (int64_t n0 = 0; n0 < n; n0 += tile) {
    const int64_t n1 = std::min(n, n0 + tile);
    for (int64_t grp = 0; grp < g.groups; ++grp) {
      im2col(g, x, n0, n1, grp, cols);
      gemm<T>(false, false, (n1 - n0) * pixels, cog, k, T(1), cols, k, w + grp * cog, c_out,
              T(0), y + n0 * pixels * c_out + grp * cog, c_out);
    }
  }
}

template <class T>
void conv_backward_input(const ConvGeometry& g, const T* dy, const T* w, T* dx) {
  const int64_t pixels = g.out_pixels(), c_out = g.out_channels, n = g.batch;
  const int64_t k = g.taps() * g.group_in(), dx_size = n * g.in_pixels() * g.in_channels;
  if (dx_size == 0) return;
  if (pixels * c_out == 0 || k == 0) {
    std::fill(dx, dx + dx_size, T(0));
    return;
  }
  // dx = dy @ w^T for a 1x1 kernel; otherwise dcols = dy @ w^T per group, folded back.
  if (is_pointwise(g)) {
    gemm<T>(false, true, n * pixels, g.in_channels, c_out, T(1), dy, c_out, w, c_out, T(0), dx,
            g.in_channels);
    return;
  }
  std::fill(dx, dx + dx_size, T(0));
  if (is_depthwise(g)) return direct_backward_input(g, dy, w, dx);
  const int64_t cog = g.group_out(), tile = std::min(n, images_per_tile(pixels * k));
  Storage scratch(size_t(tile * pixels * k) * sizeof(T));
  T* cols = static_cast<T*>(scratch.data());
  for (int64_t n0 = 0; n0 < n; n0 += tile) {
    const int64_t n1 = std::min(n, n0 + tile);
    for (int64_t grp = 0; grp < g.groups; ++grp) {
      gemm<T>(false, true, (n1 - n0) * pixels, k, cog, T(1),
              dy + n0 * pixels * c_out + grp * cog, c_out, w + grp * cog, c_out, T(0), cols, k);
      col2im_add(g, cols, n0, n1, grp, dx);
    }
  }
}

template <class T>
void conv_backward_filter(const ConvGeometry& g, const T* x, const T* dy, T* dw) {
  const int64_t pixels = g.out_pixels(), c_out = g.out_channels, n = g.batch;
  const int64_t k = g.taps() * g.group_in();
  if (k * c_out == 0) return;
  if (n * pixels == 0) {
    std::fill(dw, dw + k * c_out, T(0));
    return;
  }
  // dw = cols^T @ dy, summed over the tiles.
  if (is_pointwise(g)) {
    gemm<T>(true, false, g.in_channels, c_out, n * pixels, T(1), x, g.in_channels, dy, c_out,
            T(0), dw, c_out);
    return;
  }
  if (is_depthwise(g)) return direct_backward_filter(g, x, dy, dw);
  const int64_t cog = g.group_out(), tile = std::min(n, images_per_tile(pixels * k));
  Storage scratch(size_t(tile * pixels * k) * sizeof(T));
  T* cols = static_cast<T*>(scratch.data());
  for (int64_t n0 = 0; n0 < n; n0 += tile) {
    const int64_t n1 = std::min(n, n0 + tile);
    for (int64_t grp = 0; grp < g.groups; ++grp) {
      im2col(g, x, n0, n1, grp, cols);
      gemm<T>(true, false, k, cog, (n1 - n0) * pixels, T(1), cols, k,
              dy + n0 * pixels * c_out + grp * cog, c_out, n0 == 0 ? T(0) : T(1),
              dw + grp * cog, c_out);
    }
  }
}

#define NNEXT_CONV_INSTANTIATE(T)                                                  \
  template void conv_forward<T>(const ConvGeometry&, const T*, const T*, T*);      \
  template void conv_backward_input<T>(const ConvGeometry&, const T*, const T*, T*); \
  template void conv_backward_filter<T>(const ConvGeometry&, const T*, const T*, T*);
NNEXT_CONV_INSTANTIATE(float)
NNEXT_CONV_INSTANTIATE(double)
#undef NNEXT_CONV_INSTANTIATE

}  // namespace nnext::kernels
