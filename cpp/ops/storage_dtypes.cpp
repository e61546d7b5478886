// Casts and copies for the storage and complex dtypes. One dispatch over all fourteen dtypes
// lives here (and only here: kernels elsewhere see the five compute dtypes, ops/complex.cpp
// the complex ones), with one conversion rule.
#include "ops/storage_dtypes.h"

#include <complex>
#include <limits>
#include <type_traits>

#include "autograd/tape.h"
#include "core/half.h"
#include "kernels/iter.h"
#include "kernels/scalar_math.h"
#include "ops/elementwise.h"

namespace nnext::ops {

namespace {

template <class F>
void dispatch_all(DType dt, F&& f) {
  switch (dt) {
    case DType::UInt8:
      return f(TypeTag<uint8_t>{});
    case DType::Int8:
      return f(TypeTag<int8_t>{});
    case DType::Int16:
      return f(TypeTag<int16_t>{});
    case DType::UInt16:
      return f(TypeTag<uint16_t>{});
    case DType::UInt32:
      return f(TypeTag<uint32_t>{});
    case DType::UInt64:
      return f(TypeTag<uint64_t>{});
    case DType::Float16:
      return f(TypeTag<Half>{});
    case DType::Complex64:
      return f(TypeTag<std::complex<float>>{});
    case DType::Complex128:
      return f(TypeTag<std::complex<double>>{});
    default:
      return dispatch(dt, f);
  }
}

template <class T>
constexpr bool is_complex_v = false;
template <class T>
constexpr bool is_complex_v<std::complex<T>> = true;

// Every value goes through one of three carriers: double (floats), int64 (integers, which
// then wrap into the target) or bool. A complex value gives a real dtype its real part (as
// TensorFlow's cast) and bool whether it is nonzero; a real value is a complex one's real part.
template <class Out, class In>
Out convert_any(In v) {
  if constexpr (is_complex_v<In> && is_complex_v<Out>) {
    return Out(v);
  } else if constexpr (is_complex_v<In>) {
    if constexpr (std::is_same_v<Out, bool>) return v != In(0);
    return convert_any<Out>(v.real());
  } else if constexpr (is_complex_v<Out>) {
    return Out(convert_any<typename Out::value_type>(v));
  } else if constexpr (std::is_same_v<In, Half>) {
    return convert_any<Out>(half_to_float(v));
  } else if constexpr (std::is_same_v<Out, Half>) {
    return float_to_half(float(v));  // double -> float -> half can round twice: as NumPy
  } else if constexpr (std::is_same_v<Out, bool>) {
    return v != In(0);
  } else if constexpr (std::is_floating_point_v<Out>) {
    return static_cast<Out>(v);
  } else if constexpr (std::is_floating_point_v<In>) {
    if constexpr (std::is_same_v<Out, uint64_t>) {
      // Values in [2^63, 2^64) do not fit int64; NumPy converts them directly.
      if (v >= In(0x1p63) && v < In(0x1p64)) return uint64_t(v - In(0x1p63)) + (uint64_t(1) << 63);
    }
    return static_cast<Out>(math::convert<int64_t>(v));
  } else {
    return static_cast<Out>(v);  // integer to integer: two's complement wrap
  }
}

}  // namespace

Tensor cast_storage(const Tensor& x, DType dtype) {
  Tensor y = Tensor::empty(x.shape(), dtype);
  dispatch_all(x.dtype(), [&](auto in_tag) {
    using In = tag_type<decltype(in_tag)>;
    dispatch_all(dtype, [&](auto out_tag) {
      using Out = tag_type<decltype(out_tag)>;
      kernels::map_unary<Out, In>(y, x, [](In v) { return convert_any<Out>(v); });
    });
  });
  // float16 is differentiable: its gradient crosses a cast to or from float32/float64 (cast
  // back to the input's dtype); the integer storage dtypes carry none.
  if (autograd::any_tape() && is_float_kind(x.dtype()) && is_float_kind(dtype))
    autograd::record(
        "cast", {x}, {y},
        [in = x.dtype()](const autograd::Grads& g) -> autograd::Grads { return {cast(g[0], in)}; });
  return y;
}

Tensor copy_storage(const Tensor& x) {
  Tensor y = Tensor::empty(x.shape(), x.dtype());
  dispatch_all(x.dtype(), [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    kernels::map_unary<T, T>(y, x, [](T v) { return v; });
  });
  return y;
}

void copy_into_any(const Tensor& dst, const Tensor& src) {
  dispatch_all(src.dtype(), [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    kernels::map_unary<T, T>(dst, src, [](T v) { return v; });
  });
}

Tensor to_compute(const Tensor& x) {
  return is_storage_only(x.dtype()) ? cast(x, compute_dtype(x.dtype())) : x;
}

Tensor widen_float16(const Tensor& x) {
  return x.defined() && x.dtype() == DType::Float16 ? cast(x, DType::Float32) : x;
}

Tensor round_to_float16(const Tensor& y) {
  return y.defined() && y.dtype() == DType::Float32 ? cast(y, DType::Float16) : y;
}

std::pair<Tensor, Tensor> round_to_float16(const std::pair<Tensor, Tensor>& ys) {
  return {round_to_float16(ys.first), round_to_float16(ys.second)};
}

namespace {
constexpr uint64_t kTopBit = uint64_t(1) << 63;
}

Tensor to_ordered(const Tensor& x) {
  if (x.dtype() != DType::UInt64) return to_compute(x);
  Tensor y = Tensor::empty(x.shape(), DType::Int64);
  kernels::map_unary<int64_t, uint64_t>(y, x, [](uint64_t v) { return int64_t(v ^ kTopBit); });
  return y;
}

Tensor from_ordered(const Tensor& y, DType dtype) {
  if (dtype != DType::UInt64 || y.dtype() != DType::Int64) return cast(y, dtype);
  Tensor x = Tensor::empty(y.shape(), DType::UInt64);
  kernels::map_unary<uint64_t, int64_t>(x, y, [](int64_t v) { return uint64_t(v) ^ kTopBit; });
  return x;
}

}  // namespace nnext::ops
