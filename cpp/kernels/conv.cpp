// Convolution loops: im2col pieces of images into the packed gemm (the general case), one
// OpenBLAS gemm on the input itself for 1x1 stride-1 kernels, and direct loops for depthwise
// convolutions (each output channel reads one input channel), where im2col would split the
// work into one gemm per channel. In the general case each OpenMP thread takes pieces of a
// few hundred output pixels, copies their columns into its own cache-sized buffer and runs
// the packed gemm on it, the filters packed once per call: no column matrix of the whole
// batch is written, and no OpenBLAS call (which repacks both operands) sits in the loop.
#include "kernels/conv.h"

#include <algorithm>
#include <memory>

#include "core/parallel.h"
#include "core/storage.h"
#include "kernels/blas.h"
#include "kernels/conv_taps.h"
#include "kernels/packed_gemm.h"

namespace nnext::kernels {
namespace {

// Column rows per piece: a piece's columns (32768 elements, 128 KiB of float32) stay in the
// L2 cache between the im2col that writes them and the gemm that reads them.
constexpr int64_t kPieceBudget = int64_t(1) << 15;

// How a batch's output pixels split into pieces: `per_image` pieces of at most `rows` pixels.
struct Pieces {
  int64_t per_image, rows;
};

Pieces pieces_for(int64_t pixels, int64_t k) {
  const int64_t most = std::max<int64_t>(8, kPieceBudget / std::max<int64_t>(k, 1));
  const int64_t per_image = (pixels + most - 1) / most;
  return {per_image, (pixels + per_image - 1) / per_image};
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

// Where each tap reads, relative to its window's first input pixel, for the windows that
// lie wholly inside the input (all but the padded border): im2col's fast path, which copies
// without the per-tap bounds walk. Through that walk a first layer's copy (3x3 taps of one
// channel) cost twice its gemm (perf, the MNIST convnet's 3x3x1 -> 32 layer).
constexpr int64_t kMaxOffsetTaps = 64;

struct InteriorTaps {
  bool usable = false;                    // false for windows of more than kMaxOffsetTaps taps
  int64_t span[kMaxSpatial] = {1, 1, 1};  // a window's extent along each axis
  int64_t offset[kMaxOffsetTaps] = {};    // in input elements, tap by tap

  explicit InteriorTaps(const ConvGeometry& g) {
    if (g.taps() > kMaxOffsetTaps) return;
    usable = true;
    for (int a = 0; a < kMaxSpatial; ++a) span[a] = (g.kernel[a] - 1) * g.dilation[a] + 1;
    int64_t t = 0;
    for (int64_t a = 0; a < g.kernel[0]; ++a)
      for (int64_t b = 0; b < g.kernel[1]; ++b)
        for (int64_t c = 0; c < g.kernel[2]; ++c)
          offset[t++] =
              ((a * g.dilation[0] * g.in[1] + b * g.dilation[1]) * g.in[2] + c * g.dilation[2]) *
              g.in_channels;
  }
  bool inside(const ConvGeometry& g, int a, int64_t start) const {
    return start >= 0 && start + span[a] <= g.in[a];
  }
};

// cols[r, t, c] = x[image n, tap t of output pixel p0 + r, group's channel c], p0 <= p < p1.
template <class T>
void im2col(const ConvGeometry& g, const InteriorTaps& interior, const T* x, int64_t n, int64_t p0,
            int64_t p1, int64_t group, T* cols) {
  const int64_t c_all = g.in_channels, cg = g.group_in(), taps = g.taps(), k = taps * cg;
  const T* img = x + n * g.in_pixels() * c_all + group * cg;
  int64_t o2 = p0 % g.out[2], o1 = (p0 / g.out[2]) % g.out[1], o0 = p0 / (g.out[2] * g.out[1]);
  for (int64_t p = p0; p < p1; ++p) {
    T* dst = cols + (p - p0) * k;
    const int64_t s0 = o0 * g.stride[0] - g.pad_before[0], s1 = o1 * g.stride[1] - g.pad_before[1],
                  s2 = o2 * g.stride[2] - g.pad_before[2];
    if (interior.usable && interior.inside(g, 0, s0) && interior.inside(g, 1, s1) &&
        interior.inside(g, 2, s2)) {
      const T* origin = img + ((s0 * g.in[1] + s1) * g.in[2] + s2) * c_all;
      if (cg == 1) {
        for (int64_t t = 0; t < taps; ++t) dst[t] = origin[interior.offset[t]];
      } else {
        for (int64_t t = 0; t < taps; ++t) {
          const T* __restrict src = origin + interior.offset[t];
          T* __restrict d = dst + t * cg;
          for (int64_t c = 0; c < cg; ++c) d[c] = src[c];
        }
      }
    } else {
      const auto copy_tap = [&](int64_t tap, int64_t pix) {
        // Plain loops, not memcpy: a first layer copies one channel per tap, where a
        // library call per element cost 5x the gemm (measured, 28x28x1 images).
        T* __restrict d = dst + tap * cg;
        if (pix < 0) {
          for (int64_t c = 0; c < cg; ++c) d[c] = T(0);
          return;
        }
        const T* __restrict src = img + pix * c_all;
        for (int64_t c = 0; c < cg; ++c) d[c] = src[c];
      };
      for_each_tap_at(g.in, g.kernel, g.stride, g.dilation, g.pad_before, o0, o1, o2, copy_tap);
    }
    if (++o2 == g.out[2]) {
      o2 = 0;
      if (++o1 == g.out[1]) {
        o1 = 0;
        ++o0;
      }
    }
  }
}

// The adjoint of im2col: dx[image n, tap pixel, group channel] += cols[r, t, c].
template <class T>
void col2im_add(const ConvGeometry& g, const T* cols, int64_t n, int64_t p0, int64_t p1,
                int64_t group, T* dx) {
  const int64_t c_all = g.in_channels, cg = g.group_in(), k = g.taps() * cg;
  T* dimg = dx + n * g.in_pixels() * c_all + group * cg;
  for (int64_t p = p0; p < p1; ++p) {
    const T* src = cols + (p - p0) * k;
    for_each_conv_tap(g, p, [&](int64_t tap, int64_t pix) {
      if (pix < 0) return;
      T* __restrict d = dimg + pix * c_all;
      const T* __restrict s = src + tap * cg;
      for (int64_t c = 0; c < cg; ++c) d[c] += s[c];
    });
  }
}

// The filters of each group, packed for packed_gemm: B(r, j) = w[r * c_out + group * cog + j]
// (k x cog), or its transpose (cog x k) for the input gradient.
template <class T>
std::unique_ptr<T[]> packed_filters(const ConvGeometry& g, const T* w, bool transpose,
                                    int64_t* group_size) {
  const int64_t k = g.taps() * g.group_in(), cog = g.group_out(), c_out = g.out_channels;
  *group_size = transpose ? packed_size<T>(cog, k) : packed_size<T>(k, cog);
  std::unique_ptr<T[]> out(new T[size_t(*group_size * g.groups)]);
  for (int64_t grp = 0; grp < g.groups; ++grp) {
    T* dst = out.get() + grp * *group_size;
    if (transpose)
      pack_right<T>(w + grp * cog, 1, c_out, cog, k, dst);
    else
      pack_right<T>(w + grp * cog, c_out, 1, k, cog, dst);
  }
  return out;
}

// Direct loops for depthwise convolutions (group_in == 1): output channel c * M + m reads input
// channel c alone (M = group_out, the channel multiplier), so w is (taps, out_channels).
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

// A filter gradient sums over every output row of the batch. The rows are cut into a fixed
// number of slices, whatever the team, each summed into its own buffer and the buffers added
// in order: the gradient does not depend on how many threads ran (a team shrinks under load,
// and runs must repeat bit for bit). More slices than any team has threads keep cores busy.
constexpr int64_t kFilterGradientSlices = 16;

int64_t filter_gradient_slices(int64_t work_items) {
  return std::max<int64_t>(1, std::min(work_items, kFilterGradientSlices));
}

// dw = the slices' sums, added in order.
template <class T>
void add_slice_sums(const T* sums, int64_t slices, int64_t size, T* dw) {
  std::copy(sums, sums + size, dw);
  for (int64_t s = 1; s < slices; ++s)
    for (int64_t i = 0; i < size; ++i) dw[i] += sums[s * size + i];
}

// The first work item of slice `s` of `n` items cut into `slices`.
inline int64_t slice_begin(int64_t s, int64_t n, int64_t slices) { return n * s / slices; }

// Each slice of rows sums its products into a private (taps, out_channels) buffer.
template <class T>
void direct_backward_filter(const ConvGeometry& g, const T* x, const T* dy, T* dw) {
  const int64_t pixels = g.out_pixels(), c_in = g.in_channels, c_out = g.out_channels;
  const int64_t mult = g.group_out(), image = g.in_pixels() * c_in;
  const int64_t rows = g.batch * pixels, size = g.taps() * c_out;
  const int64_t slices = filter_gradient_slices(rows);
  Storage scratch(size_t(slices * size) * sizeof(T));
  T* acc_all = static_cast<T*>(scratch.data());
  std::fill(acc_all, acc_all + slices * size, T(0));
  parallel_for(slices, (rows / slices + 1) * size, [&](int64_t s_begin, int64_t s_end) {
    for (int64_t s = s_begin; s < s_end; ++s) {
      T* acc = acc_all + s * size;
      const int64_t begin = slice_begin(s, rows, slices), end = slice_begin(s + 1, rows, slices);
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
    }
  });
  add_slice_sums(acc_all, slices, size, dw);
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
    gemm<T>(false, false, n * pixels, c_out, g.in_channels, T(1), x, g.in_channels, w, c_out, T(0),
            y, c_out);
    return;
  }
  if (is_depthwise(g)) return direct_forward(g, x, w, y);
  const int64_t cog = g.group_out();
  const Pieces pc = pieces_for(pixels, k);
  const InteriorTaps interior(g);
  int64_t group_size = 0;
  const std::unique_ptr<T[]> wp = packed_filters(g, w, false, &group_size);
  Storage scratch(size_t(get_num_threads() * pc.rows * k) * sizeof(T));
  parallel_for(n * pc.per_image, pc.rows * k * c_out, [&](int64_t begin, int64_t end) {
    T* cols = static_cast<T*>(scratch.data()) + omp_thread_index() * pc.rows * k;
    for (int64_t piece = begin; piece < end; ++piece) {
      const int64_t img = piece / pc.per_image, p0 = (piece % pc.per_image) * pc.rows;
      const int64_t p1 = std::min(pixels, p0 + pc.rows);
      for (int64_t grp = 0; grp < g.groups; ++grp) {
        im2col(g, interior, x, img, p0, p1, grp, cols);
        packed_gemm<T>(p1 - p0, cog, k, cols, k, 1, wp.get() + grp * group_size,
                       y + (img * pixels + p0) * c_out + grp * cog, c_out, false);
      }
    }
  });
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
  if (is_depthwise(g)) {
    std::fill(dx, dx + dx_size, T(0));
    return direct_backward_input(g, dy, w, dx);
  }
  // Threads split the images, so no two add into the same pixel.
  const int64_t cog = g.group_out(), image = g.in_pixels() * g.in_channels;
  const Pieces pc = pieces_for(pixels, k);
  int64_t group_size = 0;
  const std::unique_ptr<T[]> wp = packed_filters(g, w, true, &group_size);
  Storage scratch(size_t(get_num_threads() * pc.rows * k) * sizeof(T));
  parallel_for(n, pixels * k * c_out, [&](int64_t begin, int64_t end) {
    T* cols = static_cast<T*>(scratch.data()) + omp_thread_index() * pc.rows * k;
    for (int64_t img = begin; img < end; ++img) {
      std::fill(dx + img * image, dx + (img + 1) * image, T(0));
      for (int64_t p0 = 0; p0 < pixels; p0 += pc.rows) {
        const int64_t p1 = std::min(pixels, p0 + pc.rows);
        for (int64_t grp = 0; grp < g.groups; ++grp) {
          packed_gemm<T>(p1 - p0, k, cog, dy + (img * pixels + p0) * c_out + grp * cog, c_out, 1,
                         wp.get() + grp * group_size, cols, k, false);
          col2im_add(g, cols, img, p0, p1, grp, dx);
        }
      }
    }
  });
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
    gemm<T>(true, false, g.in_channels, c_out, n * pixels, T(1), x, g.in_channels, dy, c_out, T(0),
            dw, c_out);
    return;
  }
  if (is_depthwise(g)) return direct_backward_filter(g, x, dy, dw);
  // Each slice of pieces adds its cols^T @ dy into a private (k, out_channels) sum (see
  // kFilterGradientSlices); each thread packs into its own cols and dy buffers.
  const int64_t cog = g.group_out(), size = k * c_out;
  const Pieces pc = pieces_for(pixels, k);
  const InteriorTaps interior(g);
  const int threads = get_num_threads();
  const int64_t packed_rows = packed_size<T>(pc.rows, cog);
  const int64_t pieces = n * pc.per_image, slices = filter_gradient_slices(pieces);
  Storage scratch(size_t(threads * (pc.rows * k + packed_rows) + slices * size) * sizeof(T));
  T* sums = static_cast<T*>(scratch.data()) + threads * (pc.rows * k + packed_rows);
  std::fill(sums, sums + slices * size, T(0));
  parallel_for(
      slices, (pieces / slices + 1) * pc.rows * k * c_out, [&](int64_t s_begin, int64_t s_end) {
        const int t = omp_thread_index();
        T* cols = static_cast<T*>(scratch.data()) + t * (pc.rows * k + packed_rows);
        T* dyp = cols + pc.rows * k;
        for (int64_t s = s_begin; s < s_end; ++s) {
          T* sum = sums + s * size;
          const int64_t begin = slice_begin(s, pieces, slices),
                        end = slice_begin(s + 1, pieces, slices);
          for (int64_t piece = begin; piece < end; ++piece) {
            const int64_t img = piece / pc.per_image, p0 = (piece % pc.per_image) * pc.rows;
            const int64_t p1 = std::min(pixels, p0 + pc.rows);
            for (int64_t grp = 0; grp < g.groups; ++grp) {
              im2col(g, interior, x, img, p0, p1, grp, cols);
              pack_right<T>(dy + (img * pixels + p0) * c_out + grp * cog, c_out, 1, p1 - p0, cog,
                            dyp);
              packed_gemm<T>(k, cog, p1 - p0, cols, 1, k, dyp, sum + grp * cog, c_out, true);
            }
          }
        }
      });
  add_slice_sums(sums, slices, size, dw);
}

#define NNEXT_CONV_INSTANTIATE(T)                                                    \
  template void conv_forward<T>(const ConvGeometry&, const T*, const T*, T*);        \
  template void conv_backward_input<T>(const ConvGeometry&, const T*, const T*, T*); \
  template void conv_backward_filter<T>(const ConvGeometry&, const T*, const T*, T*);
NNEXT_CONV_INSTANTIATE(float)
NNEXT_CONV_INSTANTIATE(double)
#undef NNEXT_CONV_INSTANTIATE

}  // namespace nnext::kernels
