// Creation ops and the seeded random number generator (a 64-bit Mersenne twister with our
// own normal transform, so that draws are identical across compilers and platforms).
#include "ops/creation.h"

#include <cmath>
#include <limits>
#include <mutex>
#include <random>

#include "core/error.h"
#include "kernels/iter.h"
#include "kernels/scalar_math.h"
#include "ops/elementwise.h"

namespace nnext::ops {

Tensor full(const Shape& shape, double value, DType dtype, const char* op) {
  if (is_storage_only(dtype)) return cast(full(shape, value, compute_dtype(dtype), op), dtype);
  if (is_complex(dtype)) return cast(full(shape, value, real_dtype(dtype), op), dtype);
  Tensor t = Tensor::empty(shape, dtype, op);
  dispatch(dtype, [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    const T v = math::convert<T>(value);
    T* p = t.data<T>();
    parallel_for(t.numel(), 1, [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i) p[i] = v;
    });
  });
  return t;
}

Tensor zeros(const Shape& shape, DType dtype) { return full(shape, 0.0, dtype, "zeros"); }
Tensor ones(const Shape& shape, DType dtype) { return full(shape, 1.0, dtype, "ones"); }
Tensor zeros_like(const Tensor& x) { return full(x.shape(), 0.0, x.dtype()); }
Tensor ones_like(const Tensor& x) { return full(x.shape(), 1.0, x.dtype()); }

Tensor range(double start, double limit, double delta, DType dtype) {
  NNEXT_CHECK(delta != 0, ValueError, "range: delta must not be zero");
  NNEXT_CHECK(std::isfinite(start) && std::isfinite(limit) && std::isfinite(delta), ValueError,
              "range: start, limit and delta must be finite, got ", start, ", ", limit, ", ",
              delta);
  const double count = std::ceil((limit - start) / delta);
  // 2^62 elements is beyond any memory; the bound keeps the conversion to int64 defined.
  NNEXT_CHECK(count < 0x1p62, MemoryError, "range: cannot allocate ", count, " elements");
  const int64_t n = count > 0 ? int64_t(count) : 0;
  if (is_storage_only(dtype)) return cast(range(start, limit, delta, compute_dtype(dtype)), dtype);
  Tensor t = Tensor::empty({n}, dtype, "range");
  dispatch(dtype, [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    T* p = t.data<T>();
    for (int64_t i = 0; i < n; ++i) p[i] = math::convert<T>(start + double(i) * delta);
  });
  return t;
}

Tensor linspace(double start, double stop, int64_t num, DType dtype) {
  NNEXT_CHECK(num >= 0, ValueError, "linspace: num must be non-negative, got ", num);
  Tensor t = Tensor::empty({num}, dtype, "linspace");
  dispatch(dtype, [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    T* p = t.data<T>();
    double step = num > 1 ? (stop - start) / double(num - 1) : 0.0;
    for (int64_t i = 0; i < num; ++i) p[i] = math::convert<T>(start + double(i) * step);
    if (num > 1) p[num - 1] = math::convert<T>(stop);
  });
  return t;
}

Tensor eye(int64_t n, int64_t m, DType dtype) {
  NNEXT_CHECK(n >= 0 && m >= 0, ValueError, "eye: dimensions must be non-negative, got ", n, ", ",
              m);
  if (is_storage_only(dtype)) return cast(eye(n, m, compute_dtype(dtype)), dtype);
  if (is_complex(dtype)) return cast(eye(n, m, real_dtype(dtype)), dtype);
  Tensor t = full({n, m}, 0.0, dtype, "eye");
  dispatch(dtype, [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    T* p = t.data<T>();
    for (int64_t i = 0; i < std::min(n, m); ++i) p[i * m + i] = T(1);
  });
  return t;
}

namespace {

struct GlobalGenerator {
  std::mutex mutex;
  std::mt19937_64 engine{std::random_device{}()};
  uint64_t seed = 0;
  bool seeded = false;
};

GlobalGenerator& global_generator() {
  static GlobalGenerator g;
  return g;
}

// An engine for one draw: the global stream, or a fresh one for an op-level seed.
std::mt19937_64 engine_for(std::optional<uint64_t> op_seed) {
  GlobalGenerator& g = global_generator();
  std::lock_guard<std::mutex> lock(g.mutex);
  if (op_seed) return std::mt19937_64(g.seed * 0x9E3779B97F4A7C15ULL + *op_seed + 1);
  return std::mt19937_64(g.engine());
}

double uniform01(std::mt19937_64& e) { return double(e() >> 11) * 0x1.0p-53; }

// Box-Muller with both outputs used.
template <class T>
void fill_normal(T* p, int64_t n, double mean, double stddev, bool truncate, std::mt19937_64& e) {
  int64_t i = 0;
  while (i < n) {
    double u1 = uniform01(e), u2 = uniform01(e);
    if (u1 <= 0) continue;
    double r = std::sqrt(-2.0 * std::log(u1));
    double z[2] = {r * std::cos(2 * M_PI * u2), r * std::sin(2 * M_PI * u2)};
    for (double v : z) {
      if (i >= n) break;
      if (truncate && std::fabs(v) > 2.0) continue;
      p[i++] = T(mean + stddev * v);
    }
  }
}

void check_float(DType dtype, const char* op) {
  NNEXT_CHECK(is_floating(dtype), TypeError, op,
              ": dtype must be float16, float32 or float64, got ", dtype_name(dtype));
}

Tensor normal_impl(const Shape& shape, double mean, double stddev, DType dtype,
                   std::optional<uint64_t> seed, bool truncate, const char* op) {
  if (dtype == DType::Float16)  // drawn in float32 and stored in half, as TensorFlow allows
    return cast(normal_impl(shape, mean, stddev, DType::Float32, seed, truncate, op), dtype);
  check_float(dtype, op);
  Tensor t = Tensor::empty(shape, dtype, op);
  std::mt19937_64 e = engine_for(seed);
  if (dtype == DType::Float32)
    fill_normal(t.data<float>(), t.numel(), mean, stddev, truncate, e);
  else
    fill_normal(t.data<double>(), t.numel(), mean, stddev, truncate, e);
  return t;
}

}  // namespace

void set_seed(uint64_t seed) {
  GlobalGenerator& g = global_generator();
  std::lock_guard<std::mutex> lock(g.mutex);
  g.engine.seed(seed);
  g.seed = seed;
  g.seeded = true;
}

Tensor random_normal(const Shape& shape, double mean, double stddev, DType dtype,
                     std::optional<uint64_t> seed) {
  return normal_impl(shape, mean, stddev, dtype, seed, false, "random.normal");
}

Tensor truncated_normal(const Shape& shape, double mean, double stddev, DType dtype,
                        std::optional<uint64_t> seed) {
  return normal_impl(shape, mean, stddev, dtype, seed, true, "random.truncated_normal");
}

namespace {

// An integer bound of random.uniform: `value` truncated toward zero (as TensorFlow converts
// it to the dtype), which must lie in T's range.
template <class T>
int64_t integer_bound(double value, const char* name) {
  const double lo = double(std::numeric_limits<T>::min());
  NNEXT_CHECK(value >= lo && value < -lo, ValueError, "random.uniform: ", name, "=", value,
              " is outside the range of ", dtype_name(dtype_of<T>()));
  return int64_t(value);
}

}  // namespace

Tensor random_uniform(const Shape& shape, double minval, double maxval, DType dtype,
                      std::optional<uint64_t> seed) {
  NNEXT_CHECK(dtype != DType::Bool, TypeError, "random.uniform: bool is not supported");
  if (dtype == DType::Float16)  // drawn in float32 and stored in half, as TensorFlow allows
    return cast(random_uniform(shape, minval, maxval, DType::Float32, seed), dtype);
  Tensor t = Tensor::empty(shape, dtype, "random.uniform");
  dispatch(dtype, [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    T* p = t.data<T>();
    if constexpr (std::is_floating_point_v<T>) {
      std::mt19937_64 e = engine_for(seed);
      for (int64_t i = 0; i < t.numel(); ++i)
        p[i] = static_cast<T>(minval + (maxval - minval) * uniform01(e));
    } else if constexpr (!std::is_same_v<T, bool>) {
      // The range is checked on the integers drawn from: [-0.5, 0.5) truncates to [0, 0).
      const int64_t lo = integer_bound<T>(minval, "minval"),
                    hi = integer_bound<T>(maxval, "maxval");
      NNEXT_CHECK(lo < hi, ValueError,
                  "random.uniform: need minval < maxval for integer dtypes, got minval=", lo,
                  " and maxval=", hi, " (", minval, " and ", maxval, " as ", dtype_name(dtype),
                  ")");
      // In uint64 the span of [INT64_MIN, INT64_MAX) fits and the sum wraps back into range.
      const uint64_t span = uint64_t(hi) - uint64_t(lo);
      std::mt19937_64 e = engine_for(seed);
      for (int64_t i = 0; i < t.numel(); ++i) p[i] = T(int64_t(uint64_t(lo) + e() % span));
    }
  });
  return t;
}

Tensor random_permutation(int64_t n, std::optional<uint64_t> seed) {
  Tensor t = range(0, double(n), 1, DType::Int64);
  std::mt19937_64 e = engine_for(seed);
  int64_t* p = t.data<int64_t>();
  for (int64_t i = n - 1; i > 0; --i) std::swap(p[i], p[int64_t(e() % uint64_t(i + 1))]);
  return t;
}

}  // namespace nnext::ops
