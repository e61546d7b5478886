// Reduction ops: axis checks, TensorFlow's result dtypes, the kernel choice and gradient rules.
#include "ops/reduce.h"

#include <cmath>
#include <type_traits>

#include "autograd/tape.h"
#include "core/error.h"
#include "kernels/reduce.h"
#include "ops/complex.h"
#include "ops/creation.h"
#include "ops/elementwise.h"
#include "ops/shape.h"
#include "ops/storage_dtypes.h"

namespace nnext::ops {

using autograd::Grads;

namespace {

struct Plan {
  std::vector<bool> reduced;  // per input axis
  Shape out_shape;            // with keepdims applied
  Shape kept_shape;           // output shape without the reduced axes
  kernels::AxisGroup kept, red;
};

// Complex tensors are refused unless the reduction has a complex kernel (`complex_ok`).
Plan make_plan(const Tensor& x, const Axes& axes, bool keepdims, const char* op,
               bool complex_ok = false) {
  if (!complex_ok) check_not_complex(op, x.dtype());
  Plan p;
  p.reduced.assign(size_t(x.ndim()), false);
  for (int64_t a : axes) {
    int64_t ax = normalize_axis(a, x.ndim(), op);
    NNEXT_CHECK(!p.reduced[size_t(ax)], ValueError, op, ": duplicate axis ", a,
                " in the reduction axes");
    p.reduced[size_t(ax)] = true;
  }
  Shape ks, kst, rs, rst;
  for (int64_t d = 0; d < x.ndim(); ++d) {
    if (p.reduced[size_t(d)]) {
      rs.push_back(x.dim(d));
      rst.push_back(x.strides()[size_t(d)]);
      if (keepdims) p.out_shape.push_back(1);
    } else {
      ks.push_back(x.dim(d));
      kst.push_back(x.strides()[size_t(d)]);
      p.out_shape.push_back(x.dim(d));
      p.kept_shape.push_back(x.dim(d));
    }
  }
  p.kept = kernels::coalesce(ks, kst);
  p.red = kernels::coalesce(rs, rst);
  return p;
}

// Output dtype of sums, products and means: TensorFlow's, the input's own dtype (an int32
// sum wraps in int32, an integer mean is an integer). TensorFlow refuses bool; nnext counts
// bools as NumPy does, in int64 (sums) and float64 (means).
DType sum_dtype(DType dt) { return dt == DType::Bool ? DType::Int64 : dt; }
DType mean_dtype(DType dt) { return dt == DType::Bool ? DType::Float64 : dt; }

// An integer mean: the sum divided by the count, truncated toward zero as TF's integer
// division (0 for an empty group, where TensorFlow's kernel would divide by zero). As in
// TensorFlow's eager kernels the sum is not cut to the output's width first: it wraps only
// at 64 bits, so the mean of int32 [2^31 - 1, 2^31 - 1] is 2^31 - 1.
template <class O>
O integer_mean(uint64_t sum, int64_t count) {
  if (count == 0) return O(0);
  if constexpr (std::is_signed_v<O>) return O(int64_t(sum) / count);
  return O(sum / uint64_t(count));
}

// Sums, products and means (`mean`: sums divided by the group's size). Floating results
// accumulate in double: the sum of 1e7 float32 ones is exactly 1e7. Integer results
// accumulate in uint64, where overflow is defined, and are cut to the output's width: they
// wrap around exactly as TensorFlow's and NumPy's (a double would round int64 sums).
template <template <class> class Reducer>
Tensor run_arithmetic(const Tensor& x, const Plan& p, DType out_dtype, bool mean) {
  Tensor out = Tensor::empty(p.out_shape, out_dtype);
  const int64_t count = p.red.numel;
  dispatch(x.dtype(), [&](auto in_tag) {
    using T = tag_type<decltype(in_tag)>;
    dispatch(out_dtype, [&](auto out_tag) {
      using O = tag_type<decltype(out_tag)>;
      if constexpr (std::is_floating_point_v<O>) {
        const double scale = !mean ? 1.0 : count > 0 ? 1.0 / double(count) : NAN;
        kernels::reduce_groups<Reducer<double>>(x.data<T>(), p.kept, p.red, out.data<O>(),
                                                [scale](double a) { return O(a * scale); });
      } else if constexpr (!std::is_same_v<O, bool> && !std::is_floating_point_v<T>) {
        kernels::reduce_groups<Reducer<uint64_t>>(
            x.data<T>(), p.kept, p.red, out.data<O>(),
            [mean, count](uint64_t a) { return mean ? integer_mean<O>(a, count) : O(a); });
      }
    });
  });
  return out;
}

template <template <class> class Reducer>
Tensor run_extremum(const Tensor& x, const Plan& p) {
  Tensor out = Tensor::empty(p.out_shape, x.dtype());
  dispatch(x.dtype(), [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    kernels::reduce_groups<Reducer<T>>(x.data<T>(), p.kept, p.red, out.data<T>(),
                                       [](T a) { return a; });
  });
  return out;
}

template <class Reducer>
Tensor run_logical(const Tensor& x, const Plan& p) {
  Tensor out = Tensor::empty(p.out_shape, DType::Bool);
  dispatch(x.dtype(), [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    kernels::reduce_groups<Reducer>(x.data<T>(), p.kept, p.red, out.data<bool>(),
                                    [](bool a) { return a; });
  });
  return out;
}

// The output gradient reshaped so that it broadcasts against the input, of shape `shape`.
// It takes the shape, not the input, so that sums and means need not keep their input alive.
Tensor expand_reduced(const Tensor& g, const Shape& shape, const Plan& p) {
  Shape keep_shape;
  for (size_t d = 0; d < shape.size(); ++d) keep_shape.push_back(p.reduced[d] ? 1 : shape[d]);
  return broadcast_to(reshape(g, keep_shape), shape);
}

}  // namespace

// A complex sum or mean is that of each part, each accumulated as float sums are.
Tensor reduce_sum(const Tensor& x, const Axes& axes, bool keepdims) {
  if (is_complex(x.dtype()))
    return complex(reduce_sum(real(x), axes, keepdims), reduce_sum(imag(x), axes, keepdims));
  if (is_storage_only(x.dtype()))  // computed in the compute dtype, returned as TensorFlow's
    return cast(reduce_sum(to_compute(x), axes, keepdims), x.dtype());
  Plan p = make_plan(x, axes, keepdims, "reduce_sum");
  Tensor y = run_arithmetic<kernels::SumReducer>(x, p, sum_dtype(x.dtype()), false);
  if (autograd::any_tape())
    autograd::record("reduce_sum", {x}, {y}, [shape = x.shape(), p](const Grads& g) -> Grads {
      return {expand_reduced(g[0], shape, p)};
    });
  return y;
}

Tensor reduce_mean(const Tensor& x, const Axes& axes, bool keepdims) {
  if (is_complex(x.dtype()))
    return complex(reduce_mean(real(x), axes, keepdims), reduce_mean(imag(x), axes, keepdims));
  if (is_storage_only(x.dtype()))  // computed in the compute dtype, returned as TensorFlow's
    return cast(reduce_mean(to_compute(x), axes, keepdims), x.dtype());
  Plan p = make_plan(x, axes, keepdims, "reduce_mean");
  const double count = double(p.red.numel);
  Tensor y = run_arithmetic<kernels::SumReducer>(x, p, mean_dtype(x.dtype()), true);
  if (autograd::any_tape())
    autograd::record("reduce_mean", {x}, {y},
                     [shape = x.shape(), p, count](const Grads& g) -> Grads {
                       return {expand_reduced(g[0], shape, p) / count};
                     });
  return y;
}

namespace {
// d(prod)/dx_i is the product of the other elements of x_i's group: prod / x_i where
// x_i != 0 (prod / x_i alone would give NaN at zeros); where x_i is the group's only zero,
// the product of the nonzero elements; 0 where the group has several zeros.
Tensor prod_of_others(const Tensor& x, const Tensor& y, const Plan& p, const Axes& axes) {
  Tensor is_zero = equal(x, zeros_like(x));
  Tensor safe = where(is_zero, ones_like(x), x);
  Tensor zero_count = reduce_sum(cast(is_zero, x.dtype()), axes, true);
  Tensor nonzero_prod = reduce_prod(safe, axes, true);
  Tensor at_zero =
      where(equal(zero_count, ones_like(zero_count)), nonzero_prod, zeros_like(nonzero_prod));
  return where(is_zero, broadcast_to(at_zero, x.shape()), expand_reduced(y, x.shape(), p) / safe);
}
}  // namespace

Tensor reduce_prod(const Tensor& x, const Axes& axes, bool keepdims) {
  if (is_storage_only(x.dtype()))  // computed in the compute dtype, returned as TensorFlow's
    return cast(reduce_prod(to_compute(x), axes, keepdims), x.dtype());
  if (is_complex(x.dtype())) {  // no gradient is recorded through complex ops
    Plan p = make_plan(x, axes, keepdims, "reduce_prod", true);
    Tensor y = Tensor::empty(p.out_shape, x.dtype());
    dispatch_complex(x.dtype(), [&](auto tag) {
      using C = tag_type<decltype(tag)>;
      kernels::reduce_groups<kernels::ComplexProdReducer>(
          x.data<C>(), p.kept, p.red, y.data<C>(), [](std::complex<double> a) { return C(a); });
    });
    return y;
  }
  Plan p = make_plan(x, axes, keepdims, "reduce_prod");
  Tensor y = run_arithmetic<kernels::ProdReducer>(x, p, sum_dtype(x.dtype()), false);
  if (autograd::any_tape())
    autograd::record("reduce_prod", {x}, {y}, [=](const Grads& g) -> Grads {
      return {expand_reduced(g[0], x.shape(), p) * prod_of_others(x, y, p, axes)};
    });
  return y;
}

namespace {
// TensorFlow's rule for max/min: the gradient is shared equally among tied extrema.
Tensor extremum_grad(const Tensor& g, const Tensor& x, const Tensor& y, const Plan& p,
                     const Axes& axes) {
  Tensor hits = cast(equal(x, expand_reduced(y, x.shape(), p)), x.dtype());
  Tensor count = reduce_sum(hits, axes, true);
  return expand_reduced(g, x.shape(), p) * hits / broadcast_to(count, x.shape());
}

void check_nonempty(const Tensor& x, const Plan& p, const char* op) {
  NNEXT_CHECK(p.red.numel > 0 || p.kept.numel == 0, ValueError, op,
              ": cannot reduce an empty axis of a tensor of shape ", shape_str(x.shape()),
              " (the operation has no identity)");
}
}  // namespace

Tensor reduce_max(const Tensor& x, const Axes& axes, bool keepdims) {
  if (is_storage_only(x.dtype()))  // computed in an order-keeping compute dtype
    return from_ordered(reduce_max(to_ordered(x), axes, keepdims), x.dtype());
  Plan p = make_plan(x, axes, keepdims, "reduce_max");
  check_nonempty(x, p, "reduce_max");
  Tensor y = run_extremum<kernels::MaxReducer>(x, p);
  if (autograd::any_tape())
    autograd::record("reduce_max", {x}, {y},
                     [=](const Grads& g) -> Grads { return {extremum_grad(g[0], x, y, p, axes)}; });
  return y;
}

Tensor reduce_min(const Tensor& x, const Axes& axes, bool keepdims) {
  if (is_storage_only(x.dtype()))  // computed in an order-keeping compute dtype
    return from_ordered(reduce_min(to_ordered(x), axes, keepdims), x.dtype());
  Plan p = make_plan(x, axes, keepdims, "reduce_min");
  check_nonempty(x, p, "reduce_min");
  Tensor y = run_extremum<kernels::MinReducer>(x, p);
  if (autograd::any_tape())
    autograd::record("reduce_min", {x}, {y},
                     [=](const Grads& g) -> Grads { return {extremum_grad(g[0], x, y, p, axes)}; });
  return y;
}

Tensor reduce_any(const Tensor& x, const Axes& axes, bool keepdims) {
  const Tensor c = to_compute(x);
  return run_logical<kernels::AnyReducer>(c, make_plan(c, axes, keepdims, "reduce_any"));
}

Tensor reduce_all(const Tensor& x, const Axes& axes, bool keepdims) {
  const Tensor c = to_compute(x);
  return run_logical<kernels::AllReducer>(c, make_plan(c, axes, keepdims, "reduce_all"));
}

namespace {

template <bool kMax>
Tensor arg_extremum(const Tensor& x, int64_t axis, const char* op) {
  NNEXT_CHECK(x.ndim() > 0, ValueError, op, ": cannot reduce a 0-d tensor along an axis");
  int64_t ax = normalize_axis(axis, x.ndim(), op);
  NNEXT_CHECK(x.dim(ax) > 0, ValueError, op, ": attempt to get ", op,
              " of an empty axis of a tensor of shape ", shape_str(x.shape()));
  Plan p = make_plan(x, {ax}, false, op);
  Tensor out = Tensor::empty(p.out_shape, DType::Int64);
  const int64_t n = x.dim(ax), stride = x.strides()[size_t(ax)];
  dispatch(x.dtype(), [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    const T* base = x.data<T>();
    int64_t* o = out.data<int64_t>();
    parallel_for(p.kept.numel, n, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i)
        o[i] = kernels::arg_extremum<T, kMax>(base + kernels::group_offset(p.kept, i), n, stride);
    });
  });
  return out;
}

}  // namespace

Tensor argmax(const Tensor& x, int64_t axis) {
  return arg_extremum<true>(to_ordered(x), axis, "argmax");
}
Tensor argmin(const Tensor& x, int64_t axis) {
  return arg_extremum<false>(to_ordered(x), axis, "argmin");
}

Tensor sum_to(const Tensor& x, const Shape& shape) {
  const int64_t lead = x.ndim() - int64_t(shape.size());
  NNEXT_CHECK(lead >= 0, ValueError, "sum_to: cannot sum shape ", shape_str(x.shape()), " to ",
              shape_str(shape));
  Axes axes;
  for (int64_t d = 0; d < x.ndim(); ++d) {
    if (d < lead) {
      axes.push_back(d);
      continue;
    }
    int64_t want = shape[size_t(d - lead)];
    if (want == 1 && x.dim(d) != 1)
      axes.push_back(d);
    else
      NNEXT_CHECK(want == x.dim(d), ValueError, "sum_to: cannot sum shape ", shape_str(x.shape()),
                  " to ", shape_str(shape));
  }
  return reshape(reduce_sum(x, axes, true), shape);
}

}  // namespace nnext::ops
