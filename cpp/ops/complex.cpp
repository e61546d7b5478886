// Complex ops and the complex kernels of elementwise.def's rows. Adding a complex kernel
// for a row: one line in COMPLEX_UNARY / COMPLEX_BINARY below (z, a, b are std::complex
// values of type C) and a row in tests/test_complex_tensors.py. No gradients are recorded:
// a tape gives None for sources reached only through complex ops.
#include "ops/complex.h"

#include <cmath>
#include <complex>
#include <string_view>

#include "core/error.h"
#include "kernels/iter.h"
#include "ops/creation.h"
#include "ops/elementwise.h"

namespace nnext::ops {

namespace {

// The unary rows with a complex kernel and their formula (sign is z / |z|, 0 at 0, as
// TensorFlow's).
#define COMPLEX_UNARY(X) \
  X(negative, -z)        \
  X(exp, std::exp(z))    \
  X(log, std::log(z))    \
  X(sqrt, std::sqrt(z))  \
  X(square, z* z)        \
  X(sin, std::sin(z))    \
  X(cos, std::cos(z))    \
  X(tanh, std::tanh(z))  \
  X(sign, z == C(0) ? C(0) : z / std::abs(z))

#define COMPLEX_BINARY(X) \
  X(add, a + b)           \
  X(subtract, a - b)      \
  X(multiply, a* b)       \
  X(divide, a / b)        \
  X(pow, std::pow(a, b))

// Part k (0 real, 1 imaginary) of a complex tensor as a strided view in its real dtype:
// a complex element is two adjacent reals, so the strides double.
Tensor part_view(const Tensor& x, int64_t k) {
  Shape strides = x.strides();
  for (int64_t& s : strides) s *= 2;
  return Tensor::from_storage(x.storage(), x.shape(), strides, x.offset() * 2 + k,
                              real_dtype(x.dtype()));
}

}  // namespace

void check_not_complex(const char* op, DType dt) {
  NNEXT_CHECK(!is_complex(dt), TypeError, op, ": not supported for ", dtype_name(dt), " tensors");
}

Tensor complex(const Tensor& re, const Tensor& im) {
  const DType dt = re.dtype();
  NNEXT_CHECK(
      dt == im.dtype() && (dt == DType::Float32 || dt == DType::Float64), TypeError,
      "complex: the `real` and `imag` components have incorrect types: ", dtype_name(re.dtype()),
      " ", dtype_name(im.dtype()), ". They must be consistent, and one of float32, float64");
  Tensor y = Tensor::empty(broadcast_shapes(re.shape(), im.shape(), "complex"), complex_of(dt));
  dispatch_floating(dt, [&](auto tag) {
    using R = tag_type<decltype(tag)>;
    using C = std::complex<R>;
    kernels::map_binary<C, R, R>(y, re, im, [](R a, R b) { return C(a, b); });
  });
  return y;
}

Tensor real(const Tensor& x) { return is_complex(x.dtype()) ? copy(part_view(x, 0)) : x; }

Tensor imag(const Tensor& x) {
  return is_complex(x.dtype()) ? copy(part_view(x, 1)) : zeros_like(x);
}

Tensor conj(const Tensor& x) {
  if (!is_complex(x.dtype())) return x;
  Tensor y = Tensor::empty(x.shape(), x.dtype());
  dispatch_complex(x.dtype(), [&](auto tag) {
    using C = tag_type<decltype(tag)>;
    kernels::map_unary<C, C>(y, x, [](C z) { return std::conj(z); });
  });
  return y;
}

Tensor angle(const Tensor& x) {
  if (!is_complex(x.dtype())) {
    NNEXT_CHECK(is_float_kind(x.dtype()), TypeError,
                "angle: expected a float or complex tensor, got ", dtype_name(x.dtype()));
    return where(less(x, zeros_like(x)), full(x.shape(), M_PI, x.dtype()), zeros_like(x));
  }
  Tensor y = Tensor::empty(x.shape(), real_dtype(x.dtype()));
  dispatch_complex(x.dtype(), [&](auto tag) {
    using C = tag_type<decltype(tag)>;
    using R = typename C::value_type;
    kernels::map_unary<R, C>(y, x, [](C z) { return std::arg(z); });
  });
  return y;
}

Tensor complex_unary(const char* op, const Tensor& x) {
  const std::string_view name = op;
  if (name == "abs") {  // |z| = hypot(re, im), in the real dtype
    Tensor y = Tensor::empty(x.shape(), real_dtype(x.dtype()));
    dispatch_complex(x.dtype(), [&](auto tag) {
      using C = tag_type<decltype(tag)>;
      using R = typename C::value_type;
      kernels::map_unary<R, C>(y, x, [](C z) { return std::abs(z); });
    });
    return y;
  }
  Tensor y;
  dispatch_complex(x.dtype(), [&](auto tag) {
    using C = tag_type<decltype(tag)>;
#define APPLY_UNARY(row, formula)                                \
  if (name == #row) {                                            \
    y = Tensor::empty(x.shape(), x.dtype());                     \
    kernels::map_unary<C, C>(y, x, [](C z) { return formula; }); \
  }
    COMPLEX_UNARY(APPLY_UNARY)
#undef APPLY_UNARY
  });
  NNEXT_CHECK(y.defined(), TypeError, op, ": not supported for ", dtype_name(x.dtype()),
              " tensors");
  return y;
}

Tensor complex_binary(const char* op, const Tensor& a_in, const Tensor& b_in, DType dt) {
  const std::string_view name = op;
  Tensor a = cast(a_in, dt), b = cast(b_in, dt);
  Tensor y;
  dispatch_complex(dt, [&](auto tag) {
    using C = tag_type<decltype(tag)>;
#define APPLY_BINARY(row, formula)                                           \
  if (name == #row) {                                                        \
    y = Tensor::empty(broadcast_shapes(a.shape(), b.shape(), op), dt);       \
    kernels::map_binary<C, C, C>(y, a, b, [](C a, C b) { return formula; }); \
  }
    COMPLEX_BINARY(APPLY_BINARY)
#undef APPLY_BINARY
  });
  NNEXT_CHECK(y.defined(), TypeError, op, ": not supported for ", dtype_name(dt), " tensors");
  return y;
}

Tensor complex_compare(const char* op, const Tensor& a_in, const Tensor& b_in, DType dt) {
  const std::string_view name = op;
  NNEXT_CHECK(name == "equal" || name == "not_equal", TypeError, op, ": not supported for ",
              dtype_name(dt), " tensors");
  const bool want_equal = name == "equal";
  Tensor a = cast(a_in, dt), b = cast(b_in, dt);
  Tensor y = Tensor::empty(broadcast_shapes(a.shape(), b.shape(), op), DType::Bool);
  dispatch_complex(dt, [&](auto tag) {
    using C = tag_type<decltype(tag)>;
    kernels::map_binary<bool, C, C>(y, a, b,
                                    [want_equal](C a, C b) { return (a == b) == want_equal; });
  });
  return y;
}

}  // namespace nnext::ops
