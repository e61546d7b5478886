// Scalar functions the elementwise table calls, written so that loops over them vectorise:
// branch-free float32 exp/tanh/sigmoid (std::exp does not vectorise without -ffast-math,
// which would break NaN handling), and NumPy's integer semantics for //, % and **.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

namespace nnext::math {

// exp for float32: e^x = 2^n * e^r with |r| <= ln2/2, e^r by a degree-6 polynomial
// (Cephes expf coefficients, < 2 ulp). 2^n is applied as two factors so that results
// near the overflow and denormal limits stay exact. NaN stays NaN.
inline float pow2i(int32_t n) {
  int32_t bits = (n + 127) << 23;
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

inline float fast_exp(float x) {
  // Ternaries rather than fmin/fmax/nearbyint: they compile to vector min/max/blend.
  // NaN fails every comparison: written this way it clamps to -104 (the result is chosen
  // below), so the int conversion never sees NaN (undefined behaviour, found by UBSan).
  float c = x > -104.0f ? x : -104.0f;
  c = c > 89.0f ? 89.0f : c;
  // Round to nearest by adding and subtracting 1.5 * 2^23.
  const float n = (c * 1.44269504088896341f + 12582912.0f) - 12582912.0f;
  float r = c - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.0f;
  const int32_t ni = int32_t(n), half = ni >> 1;
  float y = p * pow2i(half) * pow2i(ni - half);
  y = x > 89.0f ? std::numeric_limits<float>::infinity() : y;
  y = x < -104.0f ? 0.0f : y;
  return x != x ? x : y;
}

inline double fast_exp(double x) { return std::exp(x); }

// tanh for float32: an odd polynomial near 0 (where 1 - 2/(e^2x + 1) would cancel), the
// exp form elsewhere (Cephes tanhf).
inline float fast_tanh(float x) {
  const float ax = std::fabs(x);
  const float z = x * x;
  float small = -5.70498872745e-3f;
  small = small * z + 2.06390887954e-2f;
  small = small * z - 5.37397155531e-2f;
  small = small * z + 1.33314422036e-1f;
  small = small * z - 3.33332819422e-1f;
  small = small * z * x + x;
  const float large = std::copysign(1.0f - 2.0f / (fast_exp(2.0f * ax) + 1.0f), x);
  return ax < 0.625f ? small : large;
}

inline double fast_tanh(double x) { return std::tanh(x); }

template <class T>
inline T fast_sigmoid(T x) {
  return T(1) / (T(1) + fast_exp(-x));
}

// Integer arithmetic wraps around (two's complement), as NumPy's: computed in the unsigned
// type, where overflow is defined, instead of the signed one, where it is undefined
// behaviour. bool keeps C++'s meaning (a + b and a * b are logical or / and).
template <class T, class = void>
struct WrappingType {
  using type = T;
};
template <class T>
struct WrappingType<T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>>> {
  using type = std::make_unsigned_t<T>;
};
template <class T>
using Wrapping = typename WrappingType<T>::type;

template <class T>
inline T add(T a, T b) {
  return T(Wrapping<T>(a) + Wrapping<T>(b));
}

template <class T>
inline T subtract(T a, T b) {
  return T(Wrapping<T>(a) - Wrapping<T>(b));
}

template <class T>
inline T multiply(T a, T b) {
  return T(Wrapping<T>(a) * Wrapping<T>(b));
}

template <class T>
inline T negative(T x) {
  if constexpr (std::is_integral_v<T>)
    return subtract(T(0), x);
  else
    return -x;
}

// static_cast<Out>(v) with every value defined: a float that is NaN or outside Out's range
// becomes Out's minimum, which is what x86's conversion instruction (and so NumPy there)
// gives; C++ leaves those conversions undefined. Integer narrowing wraps, as in NumPy.
template <class Out, class In>
inline Out convert(In v) {
  if constexpr (std::is_floating_point_v<In> && std::is_integral_v<Out> &&
                !std::is_same_v<Out, bool>) {
    // -2^(bits-1) is exact in every float type; the range is [-2^(bits-1), 2^(bits-1)).
    constexpr In lo = In(std::numeric_limits<Out>::min());
    return (v >= lo && v < -lo) ? static_cast<Out>(v) : std::numeric_limits<Out>::min();
  } else {
    return static_cast<Out>(v);
  }
}

template <class T>
inline T relu(T x) {
  if constexpr (std::is_same_v<T, bool>) return x;
  // NaN propagates as in NumPy's maximum(x, 0).
  else
    return x > T(0) ? x : (x != x ? x : T(0));
}

template <class T>
inline T abs(T x) {
  if constexpr (std::is_same_v<T, bool>)
    return x;
  else if constexpr (std::is_floating_point_v<T>)
    return std::fabs(x);
  else
    return x < 0 ? negative(x) : x;  // abs(INT_MIN) wraps to INT_MIN, as NumPy
}

template <class T>
inline T sign(T x) {
  if constexpr (std::is_same_v<T, bool>)
    return x;
  else if constexpr (std::is_floating_point_v<T>)
    return x > 0 ? T(1) : (x < 0 ? T(-1) : x);
  else
    return T((x > 0) - (x < 0));
}

// Python/NumPy floor division: rounds toward -inf; integer division by zero gives 0 (as
// NumPy, which also warns) and INT_MIN // -1 wraps instead of trapping.
template <class T>
inline T floordiv(T a, T b) {
  if constexpr (std::is_unsigned_v<T>) {
    return b == 0 ? T(0) : T(a / b);
  } else if constexpr (std::is_floating_point_v<T>) {
    if (b == 0) return a / b;
    T mod = std::fmod(a, b);
    T div = (a - mod) / b;
    if (mod != 0 && ((b < 0) != (mod < 0))) div -= 1;
    if (div == 0) return std::copysign(T(0), a / b);
    T floor_div = std::floor(div);
    return div - floor_div > T(0.5) ? floor_div + 1 : floor_div;
  } else {
    if (b == 0) return 0;
    if (b == -1) return negative(a);
    T q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? T(q - 1) : q;
  }
}

// Python/NumPy modulo: the result takes the sign of the divisor; x % 0 is 0 for integers
// and NaN for floats.
template <class T>
inline T mod(T a, T b) {
  if constexpr (std::is_unsigned_v<T>) {
    return b == 0 ? T(0) : T(a % b);
  } else if constexpr (std::is_floating_point_v<T>) {
    if (b == 0) return std::fmod(a, b);
    T m = std::fmod(a, b);
    if (m != 0) {
      if ((b < 0) != (m < 0)) m += b;
    } else {
      m = std::copysign(T(0), b);
    }
    return m;
  } else {
    if (b == 0 || b == -1) return 0;
    T m = a % b;
    return (m != 0 && ((m < 0) != (b < 0))) ? T(m + b) : m;
  }
}

// Integer power by squaring; negative exponents give the C result (1 / a^-b truncated):
// 1 for a == 1, +-1 for a == -1, 0 otherwise.
template <class T>
inline T power(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    return std::pow(a, b);
  } else if constexpr (std::is_same_v<T, bool>) {
    return a || !b;
  } else {
    if constexpr (std::is_signed_v<T>)
      if (b < 0) return a == 1 ? 1 : (a == -1 ? ((b & 1) ? -1 : 1) : 0);
    using U = std::make_unsigned_t<T>;
    U result = 1, base = U(a);
    for (T e = b; e > 0; e >>= 1) {
      if (e & 1) result *= base;
      base *= base;
    }
    return T(result);
  }
}

// NumPy's maximum/minimum propagate NaN from either side.
template <class T>
inline T maximum(T a, T b) {
  if constexpr (std::is_floating_point_v<T>)
    return (a != a || a >= b) ? a : b;
  else
    return a >= b ? a : b;
}

template <class T>
inline T minimum(T a, T b) {
  if constexpr (std::is_floating_point_v<T>)
    return (a != a || a <= b) ? a : b;
  else
    return a <= b ? a : b;
}

}  // namespace nnext::math
