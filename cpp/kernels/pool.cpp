// Pooling loops (declared in kernels/conv.h). Forward loops split output rows over
// threads; loops that add into the input split images, so no two threads write one pixel.
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/parallel.h"
#include "kernels/conv.h"
#include "kernels/conv_taps.h"

namespace nnext::kernels {
namespace {

const int64_t kNoDilation[kMaxSpatial] = {1, 1, 1};

int64_t window_size(const PoolGeometry& g) { return g.window[0] * g.window[1] * g.window[2]; }

template <class F>
void for_each_pool_tap(const PoolGeometry& g, int64_t pixel, F&& f) {
  for_each_tap(g.in, g.out, g.window, g.stride, kNoDilation, g.pad_before, pixel, f);
}

// How many taps of output pixel `pixel` fall inside the input.
int64_t in_range_taps(const PoolGeometry& g, int64_t pixel) {
  int64_t count = 0;
  for_each_pool_tap(g, pixel, [&](int64_t, int64_t pix) { count += pix >= 0; });
  return count;
}

}  // namespace

template <class T>
void max_pool_forward(const PoolGeometry& g, const T* x, T* y, int64_t* argmax) {
  const int64_t pixels = g.out_pixels(), c = g.channels, image = g.in_pixels() * c;
  parallel_for(g.batch * pixels, window_size(g) * c, [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      const T* img = x + (r / pixels) * image;
      T* __restrict yr = y + r * c;
      int64_t* __restrict ar = argmax ? argmax + r * c : nullptr;
      bool first = true;
      for_each_pool_tap(g, r % pixels, [&](int64_t, int64_t pix) {
        if (pix < 0) return;
        const T* __restrict xp = img + pix * c;
        const int64_t base = pix * c;
        if (first) {
          first = false;
          std::copy(xp, xp + c, yr);
          if (ar)
            for (int64_t ch = 0; ch < c; ++ch) ar[ch] = base + ch;
          return;
        }
        // The first maximum wins; a NaN beats any number (and is never beaten). Written
        // without branches so that both loops vectorise.
        if (!ar) {
          for (int64_t ch = 0; ch < c; ++ch) {
            const T v = xp[ch], m = yr[ch];
            yr[ch] = (v > m) | ((v != v) & (m == m)) ? v : m;
          }
          return;
        }
        for (int64_t ch = 0; ch < c; ++ch) {
          const T v = xp[ch], m = yr[ch];
          const bool take = (v > m) | ((v != v) & (m == m));
          yr[ch] = take ? v : m;
          ar[ch] = take ? base + ch : ar[ch];
        }
      });
      if (first) {  // every tap in the padding
        std::fill(yr, yr + c, -std::numeric_limits<T>::infinity());
        if (ar) std::fill(ar, ar + c, int64_t(-1));
      }
    }
  });
}

template <class T>
void max_pool_scatter(const PoolGeometry& g, const T* dy, const int64_t* argmax, T* dx) {
  const int64_t pixels = g.out_pixels(), c = g.channels, image = g.in_pixels() * c;
  parallel_for(g.batch, pixels * c + image, [&](int64_t begin, int64_t end) {
    for (int64_t n = begin; n < end; ++n) {
      T* dimg = dx + n * image;
      std::fill(dimg, dimg + image, T(0));
      const T* dyi = dy + n * pixels * c;
      const int64_t* ai = argmax + n * pixels * c;
      for (int64_t i = 0; i < pixels * c; ++i)
        if (ai[i] >= 0) dimg[ai[i]] += dyi[i];
    }
  });
}

template <class T>
void max_pool_gather(const PoolGeometry& g, const T* dx, const int64_t* argmax, T* dy) {
  const int64_t pixels = g.out_pixels(), c = g.channels, image = g.in_pixels() * c;
  parallel_for(g.batch * pixels, c, [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      const T* dimg = dx + (r / pixels) * image;
      for (int64_t ch = 0; ch < c; ++ch) {
        const int64_t a = argmax[r * c + ch];
        dy[r * c + ch] = a >= 0 ? dimg[a] : T(0);
      }
    }
  });
}

template <class T>
void avg_pool_forward(const PoolGeometry& g, const T* x, T* y) {
  const int64_t pixels = g.out_pixels(), c = g.channels, image = g.in_pixels() * c;
  parallel_for(g.batch * pixels, window_size(g) * c, [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      const T* img = x + (r / pixels) * image;
      T* __restrict yr = y + r * c;
      std::fill(yr, yr + c, T(0));
      int64_t count = 0;
      for_each_pool_tap(g, r % pixels, [&](int64_t, int64_t pix) {
        if (pix < 0) return;
        ++count;
        const T* __restrict xp = img + pix * c;
        for (int64_t ch = 0; ch < c; ++ch) yr[ch] += xp[ch];
      });
      const T scale = count ? T(1) / T(count) : T(0);
      for (int64_t ch = 0; ch < c; ++ch) yr[ch] *= scale;
    }
  });
}

template <class T>
void avg_pool_backward(const PoolGeometry& g, const T* dy, T* dx) {
  const int64_t pixels = g.out_pixels(), c = g.channels, image = g.in_pixels() * c;
  parallel_for(g.batch, pixels * window_size(g) * c, [&](int64_t begin, int64_t end) {
    for (int64_t n = begin; n < end; ++n) {
      T* dimg = dx + n * image;
      std::fill(dimg, dimg + image, T(0));
      for (int64_t p = 0; p < pixels; ++p) {
        const int64_t count = in_range_taps(g, p);
        if (count == 0) continue;
        const T scale = T(1) / T(count);
        const T* __restrict dyr = dy + (n * pixels + p) * c;
        for_each_pool_tap(g, p, [&](int64_t, int64_t pix) {
          if (pix < 0) return;
          T* __restrict d = dimg + pix * c;
          for (int64_t ch = 0; ch < c; ++ch) d[ch] += dyr[ch] * scale;
        });
      }
    }
  });
}

#define NNEXT_POOL_INSTANTIATE(T)                                                       \
  template void max_pool_forward<T>(const PoolGeometry&, const T*, T*, int64_t*);       \
  template void max_pool_scatter<T>(const PoolGeometry&, const T*, const int64_t*, T*); \
  template void max_pool_gather<T>(const PoolGeometry&, const T*, const int64_t*, T*);  \
  template void avg_pool_forward<T>(const PoolGeometry&, const T*, T*);                 \
  template void avg_pool_backward<T>(const PoolGeometry&, const T*, T*);
NNEXT_POOL_INSTANTIATE(float)
NNEXT_POOL_INSTANTIATE(double)
#undef NNEXT_POOL_INSTANTIATE

}  // namespace nnext::kernels
