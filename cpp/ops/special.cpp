// Kernels and gradient rules of the rows of special.def (see there), plus bitwise_invert.
#include "ops/special.h"

#include <cmath>
#include <limits>
#include <numeric>
#include <type_traits>

#include "autograd/tape.h"
#include "core/error.h"
#include "kernels/iter.h"
#include "ops/complex.h"
#include "ops/creation.h"
#include "ops/elementwise.h"
#include "ops/storage_dtypes.h"

namespace nnext::ops {

using autograd::Grads;

namespace special_math {

// erfinv by Giles' single-precision approximation ("Approximating the erfinv function",
// GPU Gems 2012), then two Newton steps on erf(y) - x for full double precision.
template <class T>
T erfinv(T x) {
  if (x <= T(-1) || x >= T(1)) {
    if (x == T(1)) return std::numeric_limits<T>::infinity();
    if (x == T(-1)) return -std::numeric_limits<T>::infinity();
    return std::numeric_limits<T>::quiet_NaN();
  }
  double xd = double(x);
  double w = -std::log((1.0 - xd) * (1.0 + xd)), p;
  if (w < 5.0) {
    w -= 2.5;
    p = 2.81022636e-08;
    for (double c : {3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087, -0.00125372503,
                     -0.00417768164, 0.246640727, 1.50140941})
      p = c + p * w;
  } else {
    w = std::sqrt(w) - 3.0;
    p = -0.000200214257;
    for (double c : {0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613,
                     0.00943887047, 1.00167406, 2.83297682})
      p = c + p * w;
  }
  double y = p * xd;
  // Newton on f(y) = erf(y) - x, f'(y) = 2/sqrt(pi) exp(-y^2).
  for (int i = 0; i < 2; ++i) y -= (std::erf(y) - xd) / (1.1283791670955126 * std::exp(-y * y));
  return T(y);
}

// Shifts by a count outside [0, bits) give 0 (and -1 for a negative value shifted right),
// as NumPy, instead of C++'s undefined behaviour. Only a signed count can be negative.
template <class T>
bool shift_out_of_range(T b) {
  constexpr T bits = T(sizeof(T) * 8);
  if constexpr (std::is_signed_v<T>)
    if (b < 0) return true;
  return b >= bits;
}

template <class T>
T shift_left(T a, T b) {
  if (shift_out_of_range(b)) return T(0);
  return T(std::make_unsigned_t<T>(a) << b);
}

// Arithmetic for signed types, logical for unsigned ones.
template <class T>
T shift_right(T a, T b) {
  if (shift_out_of_range(b)) return std::is_signed_v<T> && a < T(0) ? T(-1) : T(0);
  return T(a >> b);
}

template <class T>
T gcd(T a, T b) {
  return std::gcd(a, b);
}

template <class T>
T lcm(T a, T b) {
  return std::lcm(a, b);
}

}  // namespace special_math

#define SPECIAL_FLOAT(name, forward, gradient)                                           \
  Tensor name(const Tensor& input) {                                                     \
    check_not_complex(#name, input.dtype());                                             \
    if (is_storage_only(float_result(input.dtype()))) /* float16: computed in float32 */ \
      return cast(name(cast(input, DType::Float32)), float_result(input.dtype()));       \
    Tensor x = cast(input, float_result(input.dtype()));                                 \
    Tensor y = Tensor::empty(x.shape(), x.dtype());                                      \
    dispatch_floating(x.dtype(), [&](auto tag) {                                         \
      using T = tag_type<decltype(tag)>;                                                 \
      kernels::map_unary<T, T>(y, x, [](T x) { return T(forward); }, 8);                 \
    });                                                                                  \
    if (autograd::any_tape())                                                            \
      autograd::record(#name, {input}, {y}, [=](const Grads& grads) -> Grads {           \
        const Tensor& g = grads[0];                                                      \
        return {gradient};                                                               \
      });                                                                                \
    return y;                                                                            \
  }

#define SPECIAL_ROUND(name, forward)                                                        \
  Tensor name(const Tensor& x) {                                                            \
    check_not_complex(#name, x.dtype());                                                    \
    if (x.dtype() == DType::Float16) return cast(name(to_compute(x)), x.dtype());           \
    if (!is_floating(x.dtype())) return x;                                                  \
    Tensor y = Tensor::empty(x.shape(), x.dtype());                                         \
    dispatch_floating(x.dtype(), [&](auto tag) {                                            \
      using T = tag_type<decltype(tag)>;                                                    \
      kernels::map_unary<T, T>(y, x, [](T x) { return T(forward); });                       \
    });                                                                                     \
    if (autograd::any_tape())                                                               \
      autograd::record(#name, {x}, {y},                                                     \
                       [](const Grads& grads) -> Grads { return {zeros_like(grads[0])}; }); \
    return y;                                                                               \
  }

#define SPECIAL_TEST(name, forward)                                         \
  Tensor name(const Tensor& x) {                                            \
    check_not_complex(#name, x.dtype());                                    \
    if (is_storage_only(x.dtype())) return name(to_compute(x));             \
    Tensor y = Tensor::empty(x.shape(), DType::Bool);                       \
    dispatch(x.dtype(), [&](auto tag) {                                     \
      using T = tag_type<decltype(tag)>;                                    \
      kernels::map_unary<bool, T>(y, x, [](T x) { return bool(forward); }); \
    });                                                                     \
    return y;                                                               \
  }

#define SPECIAL_BINARY_FLOAT(name, forward, grad_a, grad_b)                          \
  Tensor name(const Tensor& a_in, const Tensor& b_in) {                              \
    DType dt = float_result(promote(a_in.dtype(), b_in.dtype()));                    \
    check_not_complex(#name, dt);                                                    \
    if (is_storage_only(dt))                                                         \
      return cast(name(cast(a_in, DType::Float32), cast(b_in, DType::Float32)), dt); \
    Tensor a = cast(a_in, dt), b = cast(b_in, dt);                                   \
    Tensor y = Tensor::empty(broadcast_shapes(a.shape(), b.shape(), #name), dt);     \
    dispatch_floating(dt, [&](auto tag) {                                            \
      using T = tag_type<decltype(tag)>;                                             \
      kernels::map_binary<T, T, T>(y, a, b, [](T a, T b) { return T(forward); }, 4); \
    });                                                                              \
    if (autograd::any_tape())                                                        \
      autograd::record(#name, {a_in, b_in}, {y}, [=](const Grads& grads) -> Grads {  \
        const Tensor& g = grads[0];                                                  \
        (void)g;                                                                     \
        return {grad_a, grad_b};                                                     \
      });                                                                            \
    return y;                                                                        \
  }

namespace {
template <class F>
Tensor uint64_bitwise(const Tensor& a_in, const Tensor& b_in, const char* op, F f) {
  Tensor a = cast(a_in, DType::UInt64), b = cast(b_in, DType::UInt64);
  Tensor y = Tensor::empty(broadcast_shapes(a.shape(), b.shape(), op), DType::UInt64);
  kernels::map_binary<uint64_t, uint64_t, uint64_t>(y, a, b, f);
  return y;
}
}  // namespace

#define SPECIAL_BITWISE(name, bool_ok, forward)                                            \
  Tensor name(const Tensor& a_in, const Tensor& b_in) {                                    \
    DType dt = promote(a_in.dtype(), b_in.dtype());                                        \
    if (dt == DType::UInt64) /* in uint64: int64 would shift its top bit in, see -1s */    \
      return uint64_bitwise(a_in, b_in, #name,                                             \
                            [](uint64_t a, uint64_t b) { return uint64_t(forward); });     \
    if (is_storage_only(dt) && is_integer_kind(dt)) /* uint8, ...: in int32/int64 */       \
      return cast(name(cast(a_in, compute_dtype(dt)), cast(b_in, compute_dtype(dt))), dt); \
    NNEXT_CHECK(is_integer(dt) || (bool_ok && dt == DType::Bool), TypeError, #name,        \
                ": expected integer", bool_ok ? " or bool" : "", " tensors, got ",         \
                dtype_name(a_in.dtype()), " and ", dtype_name(b_in.dtype()));              \
    Tensor a = cast(a_in, dt), b = cast(b_in, dt);                                         \
    Tensor y = Tensor::empty(broadcast_shapes(a.shape(), b.shape(), #name), dt);           \
    dispatch(dt, [&](auto tag) {                                                           \
      using T = tag_type<decltype(tag)>;                                                   \
      if constexpr (std::is_integral_v<T> && (bool_ok || !std::is_same_v<T, bool>))        \
        kernels::map_binary<T, T, T>(y, a, b, [](T a, T b) { return T(forward); });        \
    });                                                                                    \
    return y;                                                                              \
  }

#include "ops/special.def"

Tensor bitwise_invert(const Tensor& x) {
  if (is_storage_only(x.dtype()) && is_integer_kind(x.dtype()))
    return cast(bitwise_invert(to_compute(x)), x.dtype());
  NNEXT_CHECK(is_integer(x.dtype()) || x.dtype() == DType::Bool, TypeError,
              "bitwise_invert: expected an integer or bool tensor, got ", dtype_name(x.dtype()));
  if (x.dtype() == DType::Bool) return logical_not(x);
  Tensor y = Tensor::empty(x.shape(), x.dtype());
  dispatch(x.dtype(), [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>)
      kernels::map_unary<T, T>(y, x, [](T v) { return T(~v); });
  });
  return y;
}

}  // namespace nnext::ops
