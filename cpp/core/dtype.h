// The dtypes, their C++ types, NumPy 2 promotion, and the one dispatch switch that turns a
// runtime dtype into a compile-time type for kernels. The five compute dtypes have kernels;
// the storage dtypes (uint8, int8, int16, uint16, uint32, uint64, float16) are held, cast and
// exchanged with NumPy, and ops compute them in their compute_dtype (ops/storage_dtypes.h).
// The complex dtypes are held, cast and exchanged too, and computed only by the ops that
// ops/complex.h lists; every other op refuses them with a TypeError (dispatch does).
#pragma once
#include <algorithm>
#include <complex>
#include <cstdint>
#include <string>
#include <type_traits>

#include "core/error.h"

namespace nnext {

// Order matters: python/nnext/dtypes.py registers its DType objects in this order.
enum class DType : uint8_t {
  Bool,
  Int32,
  Int64,
  Float32,
  Float64,  // compute dtypes
  UInt8,
  Int8,
  Int16,
  UInt16,
  UInt32,
  UInt64,
  Float16,  // storage dtypes
  Complex64,
  Complex128,  // complex dtypes
};
constexpr size_t kNumDTypes = 14;

template <class T>
struct TypeTag {
  using type = T;
};

// The C++ type inside a dispatch tag: `using T = tag_type<decltype(tag)>;` (decay makes it
// work for tags captured by nested lambdas too).
template <class Tag>
using tag_type = typename std::decay_t<Tag>::type;

inline const char* dtype_name(DType dt) {
  switch (dt) {
    case DType::Bool:
      return "bool";
    case DType::Int32:
      return "int32";
    case DType::Int64:
      return "int64";
    case DType::Float32:
      return "float32";
    case DType::Float64:
      return "float64";
    case DType::UInt8:
      return "uint8";
    case DType::Int8:
      return "int8";
    case DType::Int16:
      return "int16";
    case DType::UInt16:
      return "uint16";
    case DType::UInt32:
      return "uint32";
    case DType::UInt64:
      return "uint64";
    case DType::Float16:
      return "float16";
    case DType::Complex64:
      return "complex64";
    case DType::Complex128:
      return "complex128";
  }
  return "unknown";
}

inline size_t dtype_size(DType dt) {
  switch (dt) {
    case DType::Bool:
    case DType::UInt8:
    case DType::Int8:
      return 1;
    case DType::Int16:
    case DType::UInt16:
    case DType::Float16:
      return 2;
    case DType::Int32:
    case DType::Float32:
    case DType::UInt32:
      return 4;
    case DType::Int64:
    case DType::Float64:
    case DType::UInt64:
    case DType::Complex64:
      return 8;
    case DType::Complex128:
      return 16;
  }
  return 0;
}

// Compute dtypes only: the dtypes kernels (and gradients) exist for.
inline bool is_floating(DType dt) { return dt == DType::Float32 || dt == DType::Float64; }
inline bool is_integer(DType dt) { return dt == DType::Int32 || dt == DType::Int64; }

inline bool is_complex(DType dt) { return dt == DType::Complex64 || dt == DType::Complex128; }
// Not the complex dtypes: no op lifts them into another dtype (that would drop their
// imaginary parts), so they never take the storage dtypes' path.
inline bool is_storage_only(DType dt) { return dt >= DType::UInt8 && !is_complex(dt); }
// Kinds over every dtype, as NumPy's dtype.kind: 'f' floats, 'i'/'u' integers, 'c' complex.
inline bool is_float_kind(DType dt) { return is_floating(dt) || dt == DType::Float16; }
inline bool is_unsigned_kind(DType dt) {
  return dt == DType::UInt8 || dt == DType::UInt16 || dt == DType::UInt32 || dt == DType::UInt64;
}
inline bool is_integer_kind(DType dt) {
  return dt != DType::Bool && !is_float_kind(dt) && !is_complex(dt);
}

// The float dtype of a complex dtype's parts (complex64 -> float32); other dtypes as they are.
inline DType real_dtype(DType dt) {
  return dt == DType::Complex64 ? DType::Float32 : dt == DType::Complex128 ? DType::Float64 : dt;
}
// The complex dtype whose parts hold a float dtype: float16 and float32 -> complex64.
inline DType complex_of(DType float_dt) {
  return float_dt == DType::Float64 ? DType::Complex128 : DType::Complex64;
}

// The compute dtype an op runs a storage dtype in: it holds every value exactly (uint64 in
// int64 wraps; its bits come back unchanged when cast back).
inline DType compute_dtype(DType dt) {
  switch (dt) {
    case DType::UInt8:
    case DType::Int8:
    case DType::Int16:
    case DType::UInt16:
      return DType::Int32;
    case DType::UInt32:
    case DType::UInt64:
      return DType::Int64;
    case DType::Float16:
      return DType::Float32;
    default:
      return dt;
  }
}

template <class T>
constexpr DType dtype_of();
template <>
constexpr DType dtype_of<bool>() {
  return DType::Bool;
}
template <>
constexpr DType dtype_of<int32_t>() {
  return DType::Int32;
}
template <>
constexpr DType dtype_of<int64_t>() {
  return DType::Int64;
}
template <>
constexpr DType dtype_of<float>() {
  return DType::Float32;
}
template <>
constexpr DType dtype_of<double>() {
  return DType::Float64;
}

// Calls f(TypeTag<T>{}) with T the C++ type of `dt`; f writes `using T = tag_type<decltype(tag)>;`.
template <class F>
decltype(auto) dispatch(DType dt, F&& f) {
  switch (dt) {
    case DType::Bool:
      return f(TypeTag<bool>{});
    case DType::Int32:
      return f(TypeTag<int32_t>{});
    case DType::Int64:
      return f(TypeTag<int64_t>{});
    case DType::Float32:
      return f(TypeTag<float>{});
    case DType::Float64:
      return f(TypeTag<double>{});
    default:
      break;
  }
  NNEXT_FAIL(TypeError, "dtype ", dtype_name(dt),
             " is not supported by this operation; cast "
             "the tensor to a supported dtype first (tf.cast(x, tf.float32))");
}

// dispatch() that also takes the complex dtypes, for kernels that only move or add values
// (copies, gathers, tiling, gemm), written for any T.
template <class F>
decltype(auto) dispatch_with_complex(DType dt, F&& f) {
  if (dt == DType::Complex64) return f(TypeTag<std::complex<float>>{});
  if (dt == DType::Complex128) return f(TypeTag<std::complex<double>>{});
  return dispatch(dt, f);
}

// dispatch() for complex64/complex128 only: calls f(TypeTag<std::complex<float or double>>{}).
template <class F>
decltype(auto) dispatch_complex(DType dt, F&& f) {
  NNEXT_CHECK(is_complex(dt), RuntimeError, "internal error: a complex kernel got dtype ",
              dtype_name(dt));
  return dt == DType::Complex64 ? f(TypeTag<std::complex<float>>{})
                                : f(TypeTag<std::complex<double>>{});
}

// dispatch() for float32/float64 only: for kernels that exist just for floating types.
template <class F>
decltype(auto) dispatch_floating(DType dt, F&& f) {
  NNEXT_CHECK(!is_storage_only(dt) && !is_complex(dt), TypeError, "dtype ", dtype_name(dt),
              " is not supported by this operation; cast the tensor to float32 first");
  NNEXT_CHECK(dt == DType::Float32 || dt == DType::Float64, RuntimeError,
              "internal error: a float kernel got dtype ", dtype_name(dt));
  return dt == DType::Float32 ? f(TypeTag<float>{}) : f(TypeTag<double>{});
}

namespace detail {
inline int dtype_bits(DType dt) { return int(dtype_size(dt)) * 8; }
inline DType float_of_bits(int bits) {
  return bits <= 16 ? DType::Float16 : bits <= 32 ? DType::Float32 : DType::Float64;
}
inline DType int_of_bits(int bits, bool is_unsigned) {
  switch (bits) {
    case 8:
      return is_unsigned ? DType::UInt8 : DType::Int8;
    case 16:
      return is_unsigned ? DType::UInt16 : DType::Int16;
    case 32:
      return is_unsigned ? DType::UInt32 : DType::Int32;
    default:
      return is_unsigned ? DType::UInt64 : DType::Int64;
  }
}
}  // namespace detail

// NumPy 2 promotion between two tensors (both "strong"): bool < ints < floats; a float
// holds the integer it meets (float16 up to 8 bits, float32 up to 16), a signed integer
// the unsigned one it meets (int64 and uint64 give float64).
inline DType promote(DType a, DType b) {
  using detail::dtype_bits;
  if (a == b) return a;
  if (a == DType::Bool) return b;
  if (b == DType::Bool) return a;
  // A complex result has parts of the float dtype its parts and the other operand promote
  // to: complex64 with float64 or int32 is complex128, with float16 or int16 complex64.
  if (is_complex(a) || is_complex(b)) return complex_of(promote(real_dtype(a), real_dtype(b)));
  if (is_float_kind(a) || is_float_kind(b)) {
    if (is_float_kind(a) && is_float_kind(b)) return dtype_bits(a) > dtype_bits(b) ? a : b;
    const DType f = is_float_kind(a) ? a : b, i = is_float_kind(a) ? b : a;
    const int needed = dtype_bits(i) <= 8 ? 16 : dtype_bits(i) <= 16 ? 32 : 64;
    return detail::float_of_bits(std::max(dtype_bits(f), needed));
  }
  const bool ua = is_unsigned_kind(a), ub = is_unsigned_kind(b);
  if (ua == ub) return dtype_bits(a) > dtype_bits(b) ? a : b;
  const DType s = ua ? b : a, u = ua ? a : b;
  if (dtype_bits(s) > dtype_bits(u)) return s;
  return dtype_bits(u) == 64 ? DType::Float64 : detail::int_of_bits(2 * dtype_bits(u), false);
}

// The dtype a float-valued function (exp, sqrt, true division) computes in: floats keep
// their dtype, 8- and 16-bit integers and bool go to float32 (TensorFlow's truediv), wider
// integers to float64 as in NumPy; complex dtypes keep theirs.
inline DType float_result(DType dt) {
  if (is_float_kind(dt) || is_complex(dt)) return dt;
  return dt == DType::Bool || dtype_size(dt) <= 2 ? DType::Float32 : DType::Float64;
}

}  // namespace nnext
