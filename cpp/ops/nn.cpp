// tf.nn ops. Activations are compositions of table ops (their gradients come for free)
// except where a composition gets a value or a gradient wrong: softplus and the normal CDF
// behind gelu are small kernels with their own rules. softmax, the dense layer and the
// cross-entropies call the fused loops of kernels/fused.h; their gradient rules use the
// saved fused results, or, when an outer tape records the backward pass, the same maths
// written with differentiable ops so that second derivatives work. float16 computes each
// op in float32 and rounds its result once (ops/storage_dtypes.h via_float32).
#include "ops/nn.h"

#include <cmath>

#include "autograd/tape.h"
#include "core/error.h"
#include "kernels/fused.h"
#include "kernels/iter.h"
#include "kernels/scalar_math.h"
#include "ops/creation.h"
#include "ops/elementwise.h"
#include "ops/matmul.h"
#include "ops/reduce.h"
#include "ops/shape.h"
#include "ops/storage_dtypes.h"

namespace nnext::ops {

using autograd::Grads;
using kernels::Activation;

namespace {

Tensor as_float(const Tensor& x) { return cast(x, float_result(x.dtype())); }

// Class-index labels are int32 or int64.
template <class F>
void dispatch_index(DType dt, F&& f) {
  if (dt == DType::Int32)
    f(TypeTag<int32_t>{});
  else
    f(TypeTag<int64_t>{});
}

Tensor contiguous_unrecorded(const Tensor& t) { return t.is_contiguous() ? t : packed_copy(t); }

// Axis `axis` of `shape` as lanes of a row-major buffer.
kernels::Lanes lanes_along(const Shape& shape, int64_t axis) {
  kernels::Lanes l{1, shape[size_t(axis)], 1};
  for (int64_t d = 0; d < axis; ++d) l.outer *= shape[size_t(d)];
  for (size_t d = size_t(axis) + 1; d < shape.size(); ++d) l.inner *= shape[d];
  return l;
}

// Phi(x) = erfc(-x / sqrt 2) / 2 (erfc keeps the far negative tail accurate);
// dPhi/dx = phi(x) = e^(-x^2 / 2) / sqrt(2 pi).
Tensor normal_cdf(const Tensor& x) {
  Tensor y = Tensor::empty(x.shape(), x.dtype());
  dispatch_floating(x.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::map_unary<T, T>(
        y, x, [](T v) { return T(0.5 * std::erfc(-double(v) * M_SQRT1_2)); }, 8);
  });
  if (autograd::any_tape())
    autograd::record("normal_cdf", {x}, {y}, [=](const Grads& g) -> Grads {
      return {g[0] * (exp(square(x) * -0.5) * (0.5 * M_2_SQRTPI * M_SQRT1_2))};
    });
  return y;
}

Activation parse_activation(const std::string& name) {
  if (name.empty() || name == "linear") return Activation::Linear;
  if (name == "relu") return Activation::Relu;
  if (name == "sigmoid") return Activation::Sigmoid;
  if (name == "tanh") return Activation::Tanh;
  if (name == "softmax") return Activation::Softmax;
  NNEXT_FAIL(ValueError, "dense: unknown activation '", name,
             "' (expected None, 'linear', 'relu', 'sigmoid', 'tanh' or 'softmax')");
}

// g * activation'(y) with differentiable ops (the composed twin of the fused loop).
Tensor activation_grad(Activation activation, const Tensor& g, const Tensor& y) {
  switch (activation) {
    case Activation::Linear:
      return g;
    case Activation::Relu:
      return relu_grad(g, y);
    case Activation::Sigmoid:
      return g * (y * (1.0 - y));
    case Activation::Tanh:
      return g * (1.0 - y * y);
    case Activation::Softmax:
      return y * (g - reduce_sum(g * y, {y.ndim() - 1}, true));
  }
  return g;
}

// softmax and log_softmax: the fused row pass along `axis`, recorded with
// `rule(g, y, axis)` as the gradient.
template <class Rule>
Tensor softmax_op(const char* op, const Tensor& logits, int64_t axis_in, bool log, Rule rule) {
  Tensor x = as_float(logits);
  const int64_t axis = normalize_axis(axis_in, x.ndim(), op);
  Tensor xc = contiguous_unrecorded(x);
  Tensor y = Tensor::empty(x.shape(), x.dtype());
  dispatch_floating(x.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::softmax<T>(xc.data<T>(), y.data<T>(), lanes_along(x.shape(), axis), log);
  });
  if (autograd::any_tape())
    autograd::record(op, {x}, {y}, [=](const Grads& g) -> Grads { return {rule(g[0], y, axis)}; });
  return y;
}

// The dtype a dense cross-entropy computes in, after checking that labels and logits have
// one shape: integer or bool labels (0/1 targets, one-hot rows) take the logits' float
// dtype instead of promoting float32 logits to float64.
DType cross_entropy_dtype(const Tensor& labels, const Tensor& logits, const char* op) {
  NNEXT_CHECK(labels.shape() == logits.shape(), ValueError, op,
              ": labels and logits must have the same shape, got ", shape_str(labels.shape()),
              " and ", shape_str(logits.shape()));
  if (!is_floating(labels.dtype())) return float_result(logits.dtype());
  return float_result(promote(labels.dtype(), logits.dtype()));
}

template <class T>
kernels::MatrixRef<T> matrix_ref(const Tensor& t, const GemmLayout& l) {
  return {t.data<T>(), l.trans, l.ld};
}

}  // namespace

Tensor leaky_relu(const Tensor& features, double alpha) {
  if (computes_in_float32(features.dtype()))
    return via_float32([&](const Tensor& x) { return leaky_relu(x, alpha); }, features);
  // where(), not maximum(x, alpha * x): the gradient at 0 is alpha, as TensorFlow's.
  Tensor x = as_float(features);
  return where(greater(x, zeros_like(x)), x, x * alpha);
}

Tensor elu(const Tensor& features, double alpha) {
  if (computes_in_float32(features.dtype()))
    return via_float32([&](const Tensor& x) { return elu(x, alpha); }, features);
  // exp of min(x, 0): the branch where() discards never overflows into inf * 0 = NaN.
  Tensor x = as_float(features);
  Tensor zero = zeros_like(x);
  return where(greater(x, zero), x, (exp(minimum(x, zero)) - 1.0) * alpha);
}

// d softplus/dx = sigmoid(x). A composition of max, abs and log1p would give 0 or 1 at
// x = 0 instead of 1/2, hence a kernel with its own rule.
Tensor softplus(const Tensor& features) {
  if (computes_in_float32(features.dtype()))
    return via_float32([](const Tensor& x) { return softplus(x); }, features);
  Tensor x = as_float(features);
  Tensor y = Tensor::empty(x.shape(), x.dtype());
  dispatch_floating(x.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::map_unary<T, T>(
        y, x, [](T v) { return std::max(v, T(0)) + std::log1p(math::fast_exp(-std::fabs(v))); }, 8);
  });
  if (autograd::any_tape())
    autograd::record("softplus", {x}, {y},
                     [=](const Grads& g) -> Grads { return {g[0] * sigmoid(x)}; });
  return y;
}

Tensor gelu(const Tensor& features, bool approximate) {
  if (computes_in_float32(features.dtype()))
    return via_float32([&](const Tensor& x) { return gelu(x, approximate); }, features);
  Tensor x = as_float(features);
  if (!approximate) return x * normal_cdf(x);
  // 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))
  Tensor inner = (x + x * x * x * 0.044715) * (M_2_SQRTPI * M_SQRT1_2);
  return x * 0.5 * (tanh(inner) + 1.0);
}

Tensor softmax(const Tensor& logits, int64_t axis) {
  if (computes_in_float32(logits.dtype()))
    return via_float32([&](const Tensor& x) { return softmax(x, axis); }, logits);
  // dx = y * (g - sum(g * y))
  return softmax_op("softmax", logits, axis, false,
                    [](const Tensor& g, const Tensor& y, int64_t a) -> Tensor {
                      return y * (g - reduce_sum(g * y, {a}, true));
                    });
}

Tensor log_softmax(const Tensor& logits, int64_t axis) {
  if (computes_in_float32(logits.dtype()))
    return via_float32([&](const Tensor& x) { return log_softmax(x, axis); }, logits);
  // dx = g - softmax(x) * sum(g),  softmax(x) = e^y
  return softmax_op("log_softmax", logits, axis, true,
                    [](const Tensor& g, const Tensor& y, int64_t a) -> Tensor {
                      return g - exp(y) * reduce_sum(g, {a}, true);
                    });
}

Tensor dense(const Tensor& x_in, const Tensor& kernel_in, const Tensor& bias_in,
             const std::string& activation_name) {
  const Activation activation = parse_activation(activation_name);
  NNEXT_CHECK(kernel_in.ndim() == 2, ValueError, "dense: kernel must have rank 2, got shape ",
              shape_str(kernel_in.shape()));
  NNEXT_CHECK(x_in.ndim() >= 1, ValueError, "dense: x must have rank >= 1, got shape ",
              shape_str(x_in.shape()));
  const int64_t k = kernel_in.dim(0), n = kernel_in.dim(1);
  NNEXT_CHECK(x_in.dim(x_in.ndim() - 1) == k, ValueError, "dense: cannot multiply shapes ",
              shape_str(x_in.shape()), " and ", shape_str(kernel_in.shape()),
              ": the last axis of x must match the first axis of kernel");
  const bool has_bias = bias_in.defined();
  if (has_bias)
    NNEXT_CHECK(bias_in.shape() == Shape{n}, ValueError, "dense: bias must have shape ",
                shape_str({n}), " for a kernel of shape ", shape_str(kernel_in.shape()), ", got ",
                shape_str(bias_in.shape()));
  for (const Tensor* t : {&x_in, &kernel_in, &bias_in})
    NNEXT_CHECK(!t->defined() || t->dtype() != DType::Bool, TypeError,
                "dense: not supported for bool tensors");
  DType dt = promote(x_in.dtype(), kernel_in.dtype());
  if (has_bias) dt = promote(dt, bias_in.dtype());
  dt = float_result(dt);
  if (computes_in_float32(dt))
    return via_float32([&](const Tensor& x, const Tensor& w,
                           const Tensor& b) { return dense(x, w, b, activation_name); },
                       x_in, kernel_in, bias_in);
  const Tensor x = cast(x_in, dt), kernel = cast(kernel_in, dt);
  const Tensor bias = has_bias ? cast(bias_in, dt) : Tensor();

  // x is read as a (rows, k) matrix and the kernel as it lies, transposed views included;
  // copies only when the strides fit no gemm layout.
  Tensor xm = x, w = kernel;
  GemmLayout lx = rows_layout(x), lw = gemm_layout(k, n, kernel.strides()[0], kernel.strides()[1]);
  if (!lx.ok) {
    xm = packed_copy(x);
    lx = rows_layout(xm);
  }
  if (!lw.ok) {
    w = packed_copy(kernel);
    lw = gemm_layout(k, n, n, 1);
  }
  const Tensor b = has_bias ? contiguous_unrecorded(bias) : Tensor();
  Shape out_shape = x.shape();
  out_shape.back() = n;
  const int64_t rows = checked_numel(Shape(x.shape().begin(), x.shape().end() - 1), "dense");
  Tensor y = Tensor::empty(out_shape, dt);
  dispatch_floating(dt, [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::dense_forward<T>(activation, rows, n, k, matrix_ref<T>(xm, lx), matrix_ref<T>(w, lw),
                              has_bias ? b.data<T>() : nullptr, y.data<T>());
  });
  if (!autograd::any_tape()) return y;

  const bool need_x = autograd::requires_grad(x), need_kernel = autograd::requires_grad(kernel),
             need_bias = has_bias && autograd::requires_grad(bias);
  autograd::record("dense", {x, kernel, bias}, {y}, [=](const Grads& grads) -> Grads {
    const Tensor& g = grads[0];
    if (autograd::any_tape()) {
      // An outer tape records this backward pass: the same maths, differentiable.
      Tensor dz = reshape(activation_grad(activation, g, y), {rows, n});
      Tensor x2 = reshape(x, {rows, k});
      return {need_x ? reshape(matmul(dz, kernel, false, true), x.shape()) : Tensor(),
              need_kernel ? matmul(x2, dz, true, false) : Tensor(),
              need_bias ? reduce_sum(dz, {0}, false) : Tensor()};
    }
    // dz = g * activation'(y);  dx = dz @ kernel^T,  dkernel = x^T @ dz,  dbias = sum(dz)
    const Tensor gt = cast(g, dt);
    Tensor dz;
    if (activation == Activation::Linear) {
      dz = contiguous_unrecorded(gt);
    } else {
      // Softmax's row pass reads g contiguously; the elementwise ones read it as it lies.
      dz = Tensor::empty(y.shape(), dt);
      const Tensor gr = activation == Activation::Softmax ? contiguous_unrecorded(gt) : gt;
      kernels::dense_activation_grad(activation, gr, y, dz);
    }
    Tensor dx = need_x ? Tensor::empty(x.shape(), dt) : Tensor();
    Tensor dw = need_kernel ? Tensor::empty({k, n}, dt) : Tensor();
    Tensor db = need_bias ? Tensor::empty({n}, dt) : Tensor();
    dispatch_floating(dt, [&](auto tag) {
      using T = typename decltype(tag)::type;
      auto ptr = [](const Tensor& t) { return t.defined() ? t.data<T>() : nullptr; };
      kernels::dense_backward<T>(rows, n, k, dz.data<T>(), matrix_ref<T>(xm, lx),
                                 matrix_ref<T>(w, lw), ptr(dx), ptr(dw), ptr(db));
    });
    return {dx, dw, db};
  });
  return y;
}

Tensor softmax_cross_entropy_with_logits(const Tensor& labels_in, const Tensor& logits_in,
                                         int64_t axis_in) {
  const char* op = "softmax_cross_entropy_with_logits";
  const DType dt = cross_entropy_dtype(labels_in, logits_in, op);
  if (computes_in_float32(dt))
    return via_float32(
        [&](const Tensor& labels, const Tensor& logits) {
          return softmax_cross_entropy_with_logits(labels, logits, axis_in);
        },
        cast(labels_in, dt), logits_in);
  const Tensor labels = cast(labels_in, dt), logits = cast(logits_in, dt);
  const int64_t axis = normalize_axis(axis_in, logits.ndim(), op);
  const kernels::Lanes lanes = lanes_along(logits.shape(), axis);
  Shape loss_shape = logits.shape();
  loss_shape.erase(loss_shape.begin() + axis);

  const Tensor zc = contiguous_unrecorded(logits), lc = contiguous_unrecorded(labels);
  const bool need_logits = autograd::any_tape() && autograd::requires_grad(logits);
  Tensor loss = Tensor::empty(loss_shape, dt);
  Tensor backprop = need_logits ? Tensor::empty(logits.shape(), dt) : Tensor();
  dispatch_floating(dt, [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::softmax_cross_entropy<T>(lc.data<T>(), zc.data<T>(), loss.data<T>(),
                                      need_logits ? backprop.data<T>() : nullptr, lanes);
  });
  if (!autograd::any_tape()) return loss;

  // d/dlogits = g * (softmax(logits) * sum(labels) - labels),  d/dlabels = -g * log_softmax(logits)
  const bool need_labels = autograd::requires_grad(labels);
  autograd::record(op, {labels, logits}, {loss}, [=](const Grads& grads) -> Grads {
    const Tensor g = expand_dims(grads[0], axis);
    Tensor d_labels = need_labels ? negative(g * log_softmax(logits, axis)) : Tensor();
    if (!need_logits) return {d_labels, Tensor()};
    if (autograd::any_tape())
      return {d_labels, g * (softmax(logits, axis) * reduce_sum(labels, {axis}, true) - labels)};
    return {d_labels, g * backprop};
  });
  return loss;
}

Tensor sparse_softmax_cross_entropy_with_logits(const Tensor& labels, const Tensor& logits_in) {
  const char* op = "sparse_softmax_cross_entropy_with_logits";
  NNEXT_CHECK(is_integer(labels.dtype()), TypeError, op,
              ": labels must be int32 or int64 class indices, got ", dtype_name(labels.dtype()));
  NNEXT_CHECK(logits_in.ndim() >= 1, ValueError, op, ": logits must have rank >= 1, got shape ",
              shape_str(logits_in.shape()));
  const Shape batch(logits_in.shape().begin(), logits_in.shape().end() - 1);
  NNEXT_CHECK(labels.shape() == batch, ValueError, op, ": labels of shape ",
              shape_str(labels.shape()), " do not match logits of shape ",
              shape_str(logits_in.shape()), " (labels must have shape ", shape_str(batch), ")");
  if (computes_in_float32(float_result(logits_in.dtype())))
    return via_float32(
        [&](const Tensor& logits) {
          return sparse_softmax_cross_entropy_with_logits(labels, logits);
        },
        logits_in);
  const Tensor logits = as_float(logits_in);
  const int64_t n = logits.dim(logits.ndim() - 1), rows = labels.numel();
  const Tensor lc = contiguous_unrecorded(labels), zc = contiguous_unrecorded(logits);
  dispatch_index(labels.dtype(), [&](auto tag) {
    using I = typename decltype(tag)::type;
    const I* l = lc.data<I>();
    for (int64_t r = 0; r < rows; ++r)
      NNEXT_CHECK(l[r] >= 0 && int64_t(l[r]) < n, ValueError, op, ": received a label value of ",
                  int64_t(l[r]), " which is outside the valid range of [0, ", n, ")");
  });

  const bool need_logits = autograd::any_tape() && autograd::requires_grad(logits);
  Tensor loss = Tensor::empty(batch, logits.dtype());
  Tensor backprop = need_logits ? Tensor::empty(logits.shape(), logits.dtype()) : Tensor();
  dispatch_floating(logits.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* bp = need_logits ? backprop.data<T>() : nullptr;
    dispatch_index(labels.dtype(), [&](auto itag) {
      using I = typename decltype(itag)::type;
      kernels::sparse_softmax_cross_entropy<T, I>(lc.data<I>(), zc.data<T>(), loss.data<T>(), bp,
                                                  rows, n);
    });
  });
  if (!need_logits) return loss;

  // d/dlogits = g * (softmax(logits) - one_hot(labels))
  autograd::record(op, {logits}, {loss}, [=](const Grads& grads) -> Grads {
    const Tensor g = expand_dims(grads[0], -1);
    if (!autograd::any_tape()) return {g * backprop};
    Tensor one_hot = zeros(logits.shape(), logits.dtype());
    dispatch_floating(logits.dtype(), [&](auto tag) {
      using T = typename decltype(tag)::type;
      T* p = one_hot.data<T>();
      dispatch_index(lc.dtype(), [&](auto itag) {
        using I = typename decltype(itag)::type;
        for (int64_t r = 0; r < rows; ++r) p[r * n + int64_t(lc.data<I>()[r])] = T(1);
      });
    });
    return {g * (softmax(logits, -1) - one_hot)};
  });
  return loss;
}

Tensor sigmoid_cross_entropy_with_logits(const Tensor& labels_in, const Tensor& logits_in) {
  const char* op = "sigmoid_cross_entropy_with_logits";
  const DType dt = cross_entropy_dtype(labels_in, logits_in, op);
  if (computes_in_float32(dt))
    return via_float32(
        [](const Tensor& labels, const Tensor& logits) {
          return sigmoid_cross_entropy_with_logits(labels, logits);
        },
        cast(labels_in, dt), logits_in);
  const Tensor labels = cast(labels_in, dt), logits = cast(logits_in, dt);
  Tensor loss = Tensor::empty(logits.shape(), dt);
  // max(z, 0) - z * l + log1p(e^-|z|): no exponent is positive, so no overflow.
  dispatch_floating(dt, [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::map_binary<T, T, T>(
        loss, labels, logits,
        [](T l, T z) {
          return std::max(z, T(0)) - z * l + std::log1p(math::fast_exp(-std::fabs(z)));
        },
        8);
  });
  // d/dlogits = g * (sigmoid(z) - labels),  d/dlabels = -g * z
  if (autograd::any_tape())
    autograd::record(op, {labels, logits}, {loss}, [=](const Grads& grads) -> Grads {
      const Tensor& g = grads[0];
      return {negative(g * logits), g * (sigmoid(logits) - labels)};
    });
  return loss;
}

}  // namespace nnext::ops
