// Kernels and gradient rules of every row in elementwise.def, plus cast, copy and where.
#include "ops/elementwise.h"

#include <string_view>

#include "autograd/tape.h"
#include "core/error.h"
#include "kernels/iter.h"
#include "kernels/scalar_math.h"
#include "ops/complex.h"
#include "ops/creation.h"
#include "ops/storage_dtypes.h"

namespace nnext::ops {

using autograd::Grads;

Shape broadcast_shapes(const Shape& a, const Shape& b, const char* op) {
  size_t n = std::max(a.size(), b.size());
  Shape out(n);
  for (size_t i = 0; i < n; ++i) {
    int64_t da = i < n - a.size() ? 1 : a[i - (n - a.size())];
    int64_t db = i < n - b.size() ? 1 : b[i - (n - b.size())];
    NNEXT_CHECK(da == db || da == 1 || db == 1, ValueError, op, ": cannot broadcast shapes ",
                shape_str(a), " and ", shape_str(b));
    out[i] = da == 1 ? db : da;
  }
  return out;
}

Tensor scalar(double value, DType dtype) {
  if (is_storage_only(dtype)) return cast(scalar(value, compute_dtype(dtype)), dtype);
  if (is_complex(dtype)) return cast(scalar(value, real_dtype(dtype)), dtype);
  Tensor t = Tensor::empty({}, dtype);
  dispatch(dtype, [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    *t.data<T>() = math::convert<T>(value);
  });
  return t;
}

namespace {

void check_bool(bool bool_ok, const char* op, DType a, DType b) {
  NNEXT_CHECK(bool_ok || (a != DType::Bool && b != DType::Bool), TypeError, op,
              ": not supported for bool tensors (got ", dtype_name(a), " and ", dtype_name(b), ")");
}

constexpr bool BOOL_OK = true;
constexpr bool NO_BOOL = false;

}  // namespace

Tensor cast(const Tensor& x, DType dtype) {
  if (x.dtype() == dtype) return x;
  // cast_storage records the gradient of float16 <-> float32/float64 casts (the integer
  // storage dtypes and the complex ones carry none).
  if (is_storage_only(x.dtype()) || is_storage_only(dtype) || is_complex(x.dtype()) ||
      is_complex(dtype))
    return cast_storage(x, dtype);
  Tensor y = Tensor::empty(x.shape(), dtype);
  dispatch(x.dtype(), [&](auto in_tag) {
    using In = tag_type<decltype(in_tag)>;
    dispatch(dtype, [&](auto out_tag) {
      using Out = tag_type<decltype(out_tag)>;
      kernels::map_unary<Out, In>(y, x, [](In v) { return math::convert<Out>(v); });
    });
  });
  if (autograd::any_tape())
    autograd::record("cast", {x}, {y},
                     [in = x.dtype()](const Grads& g) -> Grads { return {cast(g[0], in)}; });
  return y;
}

Tensor copy(const Tensor& x) {
  if (is_storage_only(x.dtype()) || is_complex(x.dtype())) return copy_storage(x);
  Tensor y = Tensor::empty(x.shape(), x.dtype());
  dispatch(x.dtype(), [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    kernels::map_unary<T, T>(y, x, [](T v) { return v; });
  });
  if (autograd::any_tape())
    autograd::record("copy", {x}, {y}, [](const Grads& g) -> Grads { return {g[0]}; });
  return y;
}

Tensor contiguous(const Tensor& x) { return x.is_contiguous() ? x : copy(x); }

namespace {
// The binary ops whose result depends only on the order of their operands: on uint64 they
// run on to_ordered() values (ops/storage_dtypes.h), where 2^63 stays above 0.
constexpr bool orders_only(std::string_view name) {
  for (std::string_view op : {"maximum", "minimum", "greater", "greater_equal", "less",
                              "less_equal", "equal", "not_equal"})
    if (name == op) return true;
  return false;
}

// The integer ops whose int64 result differs from uint64's on the same bits (add and multiply
// wrap alike in both): on uint64 they run in uint64 itself, not in its int64 compute dtype.
constexpr bool needs_unsigned(std::string_view name) {
  return name == "floordiv" || name == "mod" || name == "pow";
}

// log(a) where a > 0, else 0: the exponent gradient of pow, as TensorFlow.
Tensor log_where_positive(const Tensor& a) {
  return where(greater(a, zeros_like(a)), log(a), zeros_like(a));
}
}  // namespace

#define UNARY_FLOAT(name, bool_ok, forward, gradient)                              \
  Tensor name(const Tensor& input) {                                               \
    if (is_complex(input.dtype())) return complex_unary(#name, input);             \
    if (is_storage_only(float_result(input.dtype())))                              \
      return cast(name(cast(input, DType::Float32)), float_result(input.dtype())); \
    Tensor x = cast(input, float_result(input.dtype()));                           \
    Tensor y = Tensor::empty(x.shape(), x.dtype());                                \
    dispatch_floating(x.dtype(), [&](auto tag) {                                   \
      using T = tag_type<decltype(tag)>;                                           \
      kernels::map_unary<T, T>(y, x, [](T x) { return T(forward); });              \
    });                                                                            \
    if (autograd::any_tape())                                                      \
      autograd::record(#name, {input}, {y}, [=](const Grads& grads) -> Grads {     \
        const Tensor& g = grads[0];                                                \
        return {gradient};                                                         \
      });                                                                          \
    return y;                                                                      \
  }

#define UNARY_SAME(name, bool_ok, forward, gradient)                             \
  Tensor name(const Tensor& x) {                                                 \
    if (is_complex(x.dtype())) return complex_unary(#name, x);                   \
    check_bool(bool_ok, #name, x.dtype(), x.dtype());                            \
    if (is_storage_only(x.dtype())) return cast(name(to_compute(x)), x.dtype()); \
    Tensor y = Tensor::empty(x.shape(), x.dtype());                              \
    dispatch(x.dtype(), [&](auto tag) {                                          \
      using T = tag_type<decltype(tag)>;                                         \
      if constexpr (bool_ok || !std::is_same_v<T, bool>)                         \
        kernels::map_unary<T, T>(y, x, [](T x) { return T(forward); });          \
    });                                                                          \
    if (autograd::any_tape())                                                    \
      autograd::record(#name, {x}, {y}, [=](const Grads& grads) -> Grads {       \
        const Tensor& g = grads[0];                                              \
        return {gradient};                                                       \
      });                                                                        \
    return y;                                                                    \
  }

#define UNARY_TEST(name, forward)                                           \
  Tensor name(const Tensor& x) {                                            \
    if (is_complex(x.dtype())) return complex_unary(#name, x);              \
    if (is_storage_only(x.dtype())) return name(to_compute(x));             \
    Tensor y = Tensor::empty(x.shape(), DType::Bool);                       \
    dispatch(x.dtype(), [&](auto tag) {                                     \
      using T = tag_type<decltype(tag)>;                                    \
      kernels::map_unary<bool, T>(y, x, [](T x) { return bool(forward); }); \
    });                                                                     \
    return y;                                                               \
  }

#define BINARY_BODY(name, bool_ok, dt, forward, grad_a, grad_b)                              \
  if (is_complex(dt)) return complex_binary(#name, a_in, b_in, dt);                          \
  if (is_storage_only(dt)) {                                                                 \
    if constexpr (orders_only(#name))                                                        \
      return from_ordered(name(to_ordered(cast(a_in, dt)), to_ordered(cast(b_in, dt))), dt); \
    if constexpr (needs_unsigned(#name))                                                     \
      if (dt == DType::UInt64) {                                                             \
        Tensor a = cast(a_in, dt), b = cast(b_in, dt);                                       \
        Tensor y = Tensor::empty(broadcast_shapes(a.shape(), b.shape(), #name), dt);         \
        using T = uint64_t;                                                                  \
        kernels::map_binary<T, T, T>(y, a, b, [](T a, T b) { return T(forward); });          \
        return y;                                                                            \
      }                                                                                      \
    return cast(name(cast(a_in, compute_dtype(dt)), cast(b_in, compute_dtype(dt))), dt);     \
  }                                                                                          \
  Tensor a = cast(a_in, dt), b = cast(b_in, dt);                                             \
  Tensor y = Tensor::empty(broadcast_shapes(a.shape(), b.shape(), #name), dt);               \
  dispatch(dt, [&](auto tag) {                                                               \
    using T = tag_type<decltype(tag)>;                                                       \
    if constexpr (bool_ok || !std::is_same_v<T, bool>)                                       \
      kernels::map_binary<T, T, T>(y, a, b, [](T a, T b) { return T(forward); });            \
  });                                                                                        \
  if (autograd::any_tape())                                                                  \
    autograd::record(#name, {a_in, b_in}, {y}, [=](const Grads& grads) -> Grads {            \
      const Tensor& g = grads[0];                                                            \
      (void)g;                                                                               \
      return {grad_a, grad_b};                                                               \
    });                                                                                      \
  return y;

#define BINARY(name, bool_ok, forward, grad_a, grad_b)      \
  Tensor name(const Tensor& a_in, const Tensor& b_in) {     \
    check_bool(bool_ok, #name, a_in.dtype(), b_in.dtype()); \
    DType dt = promote(a_in.dtype(), b_in.dtype());         \
    BINARY_BODY(name, bool_ok, dt, forward, grad_a, grad_b) \
  }

#define BINARY_FLOAT(name, forward, grad_a, grad_b)               \
  Tensor name(const Tensor& a_in, const Tensor& b_in) {           \
    DType dt = float_result(promote(a_in.dtype(), b_in.dtype())); \
    BINARY_BODY(name, true, dt, forward, grad_a, grad_b)          \
  }

#define COMPARE(name, forward)                                                            \
  Tensor name(const Tensor& a_in, const Tensor& b_in) {                                   \
    const DType common = promote(a_in.dtype(), b_in.dtype());                             \
    if (is_complex(common)) return complex_compare(#name, a_in, b_in, common);            \
    if constexpr (orders_only(#name))                                                     \
      if (common == DType::UInt64)                                                        \
        return name(to_ordered(cast(a_in, common)), to_ordered(cast(b_in, common)));      \
    DType dt = compute_dtype(common);                                                     \
    Tensor a = cast(a_in, dt), b = cast(b_in, dt);                                        \
    Tensor y = Tensor::empty(broadcast_shapes(a.shape(), b.shape(), #name), DType::Bool); \
    dispatch(dt, [&](auto tag) {                                                          \
      using T = tag_type<decltype(tag)>;                                                  \
      kernels::map_binary<bool, T, T>(y, a, b, [](T a, T b) { return bool(forward); });   \
    });                                                                                   \
    return y;                                                                             \
  }

#include "ops/elementwise.def"

Tensor where(const Tensor& condition, const Tensor& x_in, const Tensor& y_in) {
  DType dt = promote(x_in.dtype(), y_in.dtype());
  if (is_storage_only(dt)) {
    const DType c = compute_dtype(dt);
    return cast(where(condition, cast(x_in, c), cast(y_in, c)), dt);
  }
  Tensor cond = cast(condition, DType::Bool), x = cast(x_in, dt), y = cast(y_in, dt);
  Shape shape =
      broadcast_shapes(broadcast_shapes(cond.shape(), x.shape(), "where"), y.shape(), "where");
  Tensor out = Tensor::empty(shape, dt);
  dispatch_with_complex(dt, [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    kernels::map_ternary<T, bool, T, T>(out, cond, x, y,
                                        [](bool c, T a, T b) { return c ? a : b; });
  });
  if (autograd::any_tape())
    autograd::record("where", {x_in, y_in}, {out}, [=](const Grads& grads) -> Grads {
      const Tensor& g = grads[0];
      Tensor zero = zeros_like(g);
      return {where(cond, g, zero), where(cond, zero, g)};
    });
  return out;
}

// Composed from maximum and minimum, whose tie rules pass the gradient to `t` on the
// whole closed interval [min, max], as TensorFlow's clip_by_value. As there, the bounds
// may broadcast to `t` but not enlarge it.
Tensor clip_by_value(const Tensor& t, const Tensor& lo, const Tensor& hi) {
  for (const Tensor* bound : {&lo, &hi})
    NNEXT_CHECK(broadcast_shapes(t.shape(), bound->shape(), "clip_by_value") == t.shape(),
                ValueError, "clip_by_value: a bound of shape ", shape_str(bound->shape()),
                " would broadcast the tensor of shape ", shape_str(t.shape()),
                " to a larger shape");
  return minimum(maximum(t, lo), hi);
}

Tensor operator+(const Tensor& a, const Tensor& b) { return add(a, b); }
Tensor operator-(const Tensor& a, const Tensor& b) { return subtract(a, b); }
Tensor operator*(const Tensor& a, const Tensor& b) { return multiply(a, b); }
Tensor operator/(const Tensor& a, const Tensor& b) { return divide(a, b); }
Tensor operator+(const Tensor& a, double b) { return add(a, scalar(b, a.dtype())); }
Tensor operator-(const Tensor& a, double b) { return subtract(a, scalar(b, a.dtype())); }
Tensor operator*(const Tensor& a, double b) { return multiply(a, scalar(b, a.dtype())); }
Tensor operator/(const Tensor& a, double b) { return divide(a, scalar(b, a.dtype())); }
Tensor operator-(double a, const Tensor& b) { return subtract(scalar(a, b.dtype()), b); }

}  // namespace nnext::ops
