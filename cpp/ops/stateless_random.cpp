// Counter-based sampling (see stateless_random.h): bits(key, i) mixes the key and the
// element index through two rounds of splitmix64's finaliser; Box-Muller turns two such
// uniforms into one normal; truncation redraws with the next counter of that element.
#include "ops/stateless_random.h"

#include <cmath>

#include "core/error.h"
#include "ops/elementwise.h"

namespace nnext::ops {
namespace {

uint64_t mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

uint64_t bits(uint64_t key0, uint64_t key1, uint64_t counter) {
  return mix(mix(key0 + 0x9E3779B97F4A7C15ULL * (counter + 1)) ^ key1);
}

// (0, 1]: never 0, so log() in Box-Muller stays finite.
double uniform_open0(uint64_t b) { return (double(b >> 11) + 1.0) * 0x1.0p-53; }

double normal(uint64_t key0, uint64_t key1, uint64_t counter) {
  const double u1 = uniform_open0(bits(key0, key1, 2 * counter));
  const double u2 = uniform_open0(bits(key0, key1, 2 * counter + 1));
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

template <class T>
void fill(T* out, int64_t n, uint64_t key0, uint64_t key1, StatelessKind kind, double a, double b) {
  for (int64_t i = 0; i < n; ++i) {
    const uint64_t c = uint64_t(i);
    if constexpr (std::is_floating_point_v<T>) {
      if (kind == StatelessKind::Uniform) {
        out[i] = T(a + (b - a) * (uniform_open0(bits(key0, key1, c)) - 0x1.0p-53));
      } else {
        double z = normal(key0, key1, c);
        // Element i redraws from its own further counters: n + i, 2n + i, ...
        for (uint64_t k = 1; kind == StatelessKind::TruncatedNormal && std::fabs(z) > 2.0; ++k)
          z = normal(key0, key1, c + k * uint64_t(n));
        out[i] = T(a + b * z);
      }
    } else {
      // In uint64 arithmetic, which wraps where int64 would overflow (maxval - minval for
      // bounds of +-2^62); the sum maps back to the signed value in [minval, maxval).
      const uint64_t low = uint64_t(int64_t(a));
      const uint64_t range = uint64_t(int64_t(b)) - low;
      out[i] = T(int64_t(low + bits(key0, key1, c) % range));
    }
  }
}

}  // namespace

Tensor stateless_random(const Shape& shape, uint64_t key0, uint64_t key1, StatelessKind kind,
                        double a, double b, DType dtype) {
  const char* op = "random.stateless";
  if (dtype == DType::Float16)  // drawn in float32 and stored in half, as TensorFlow allows
    return cast(stateless_random(shape, key0, key1, kind, a, b, DType::Float32), dtype);
  const bool floating = is_floating(dtype);
  NNEXT_CHECK(floating || (kind == StatelessKind::Uniform && is_integer(dtype)), TypeError, op,
              ": dtype must be a float type (or an integer type for uniform), got ",
              dtype_name(dtype));
  if (!floating) NNEXT_CHECK(b > a, ValueError, op, ": Need minval < maxval, got ", a, " >= ", b);
  Tensor t = Tensor::empty(shape, dtype, op);
  dispatch(dtype, [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    if constexpr (!std::is_same_v<T, bool>) fill(t.data<T>(), t.numel(), key0, key1, kind, a, b);
  });
  return t;
}

}  // namespace nnext::ops
