// The optimizer updates of optim.h: argument checks, then one threaded loop per update
// that reads the gradient once and writes the variable and its slots in place. The
// expressions keep Keras's order of operations so that float32 results match it closely.
#include "ops/optim.h"

#include <cmath>

#include "autograd/tape.h"
#include "core/error.h"
#include "core/parallel.h"
#include "ops/creation.h"
#include "ops/elementwise.h"
#include "ops/matmul.h"
#include "ops/reduce.h"
#include "ops/storage_dtypes.h"

namespace nnext::ops {
namespace {

// A few flops per element: goes parallel a little before a plain copy would.
constexpr int64_t kUpdateCost = 4;

// The gradient as a contiguous buffer of var's dtype (Keras casts it the same way), after
// checking that var can be updated in place and that grad matches it.
Tensor checked_grad(const char* op, const Tensor& var, const Tensor& grad) {
  NNEXT_CHECK(is_floating(var.dtype()), TypeError, op,
              ": var must be float16, float32 or float64, got ", dtype_name(var.dtype()));
  NNEXT_CHECK(var.is_contiguous(), ValueError, op, ": var of shape ", shape_str(var.shape()),
              " must be contiguous to be updated in place");
  NNEXT_CHECK(is_float_kind(grad.dtype()), TypeError, op,
              ": grad must be float16, float32 or float64, got ", dtype_name(grad.dtype()));
  NNEXT_CHECK(grad.shape() == var.shape(), ValueError, op, ": grad of shape ",
              shape_str(grad.shape()), " does not match var of shape ", shape_str(var.shape()));
  Tensor g = cast(grad, var.dtype());
  return g.is_contiguous() ? g : packed_copy(g);
}

void check_slot(const char* op, const char* name, const Tensor& var, const Tensor& slot) {
  if (!slot.defined()) return;
  NNEXT_CHECK(slot.shape() == var.shape(), ValueError, op, ": ", name, " of shape ",
              shape_str(slot.shape()), " does not match var of shape ", shape_str(var.shape()));
  NNEXT_CHECK(slot.dtype() == var.dtype(), TypeError, op, ": ", name, " has dtype ",
              dtype_name(slot.dtype()), " but var has dtype ", dtype_name(var.dtype()));
  NNEXT_CHECK(slot.is_contiguous(), ValueError, op, ": ", name, " must be contiguous");
}

template <class T>
T* data_or_null(const Tensor& t) {
  return t.defined() ? t.data<T>() : nullptr;
}

template <class Body>
void for_elements(const Tensor& var, Body body) {
  parallel_for(var.numel(), kUpdateCost, body);
}

// The per-element loops take their buffers as __restrict parameters: captured by a lambda,
// the pointers lose that promise and the loops stay scalar (measured 9x slower for RMSprop
// on a 784x512 kernel). Loop-invariant branches are unswitched by the compiler.
template <class T>
void sgd_range(int64_t begin, int64_t end, T* __restrict w, T* __restrict m, const T* __restrict g,
               T lr, T mu, bool nesterov) {
  if (!m) {
    for (int64_t i = begin; i < end; ++i) w[i] -= g[i] * lr;
  } else if (nesterov) {
    for (int64_t i = begin; i < end; ++i) {
      const T mi = m[i] * mu - g[i] * lr;
      m[i] = mi;
      w[i] += mi * mu - g[i] * lr;
    }
  } else {
    for (int64_t i = begin; i < end; ++i) {
      const T mi = m[i] * mu - g[i] * lr;
      m[i] = mi;
      w[i] += mi;
    }
  }
}

template <class T>
void rmsprop_range(int64_t begin, int64_t end, T* __restrict w, T* __restrict v, T* __restrict mom,
                   T* __restrict avg, const T* __restrict g, T lr, T rho, T one_minus_rho, T mu,
                   T eps) {
  for (int64_t i = begin; i < end; ++i) {
    const T gi = g[i];
    const T vi = rho * v[i] + one_minus_rho * (gi * gi);
    v[i] = vi;
    T denominator = vi + eps;
    if (avg) {
      const T ai = rho * avg[i] + one_minus_rho * gi;
      avg[i] = ai;
      denominator = vi - ai * ai + eps;
    }
    const T increment = (lr * gi) / std::sqrt(denominator);
    if (mom) {
      const T mi = mu * mom[i] + increment;
      mom[i] = mi;
      w[i] -= mi;
    } else {
      w[i] -= increment;
    }
  }
}

template <class T>
void adam_range(int64_t begin, int64_t end, T* __restrict w, T* __restrict m, T* __restrict v,
                T* __restrict vhat, const T* __restrict g, T lr, T wd, T one_minus_b1,
                T one_minus_b2, T alpha, T eps) {
  for (int64_t i = begin; i < end; ++i) {
    if (wd != 0) w[i] = w[i] - w[i] * wd * lr;
    const T gi = g[i];
    const T mi = m[i] + (gi - m[i]) * one_minus_b1;
    T vi = v[i] + (gi * gi - v[i]) * one_minus_b2;
    m[i] = mi;
    v[i] = vi;
    if (vhat) vi = vhat[i] = std::max(vhat[i], vi);
    w[i] -= (mi * alpha) / (std::sqrt(vi) + eps);
  }
}

template <class T>
void adagrad_range(int64_t begin, int64_t end, T* __restrict w, T* __restrict acc,
                   const T* __restrict g, T lr, T eps) {
  for (int64_t i = begin; i < end; ++i) {
    const T gi = g[i];
    const T ai = acc[i] + gi * gi;
    acc[i] = ai;
    w[i] -= (lr * gi) / std::sqrt(ai + eps);
  }
}

template <class T>
void adamax_range(int64_t begin, int64_t end, T* __restrict w, T* __restrict m, T* __restrict u,
                  const T* __restrict g, T lr, T one_minus_b1, T b2, T correction, T eps) {
  for (int64_t i = begin; i < end; ++i) {
    const T gi = g[i];
    const T mi = m[i] + (gi - m[i]) * one_minus_b1;
    const T ui = std::max(b2 * u[i], std::abs(gi));
    m[i] = mi;
    u[i] = ui;
    w[i] -= (lr * mi) / (correction * (ui + eps));
  }
}

template <class T>
void nadam_range(int64_t begin, int64_t end, T* __restrict w, T* __restrict m, T* __restrict v,
                 const T* __restrict g, T lr, T one_minus_b1, T one_minus_b2, T mu_next,
                 T one_minus_prod_next, T one_minus_mu, T one_minus_prod, T bias_2, T eps) {
  for (int64_t i = begin; i < end; ++i) {
    const T gi = g[i];
    const T mi = m[i] + (gi - m[i]) * one_minus_b1;
    const T vi = v[i] + (gi * gi - v[i]) * one_minus_b2;
    m[i] = mi;
    v[i] = vi;
    const T m_hat = (mu_next * mi) / one_minus_prod_next + (one_minus_mu * gi) / one_minus_prod;
    w[i] -= (m_hat * lr) / (std::sqrt(vi / bias_2) + eps);
  }
}

template <class T>
void lion_range(int64_t begin, int64_t end, T* __restrict w, T* __restrict m, const T* __restrict g,
                T lr, T b1, T one_minus_b1, T b2, T one_minus_b2) {
  for (int64_t i = begin; i < end; ++i) {
    const T gi = g[i];
    const T c = m[i] * b1 + gi * one_minus_b1;
    // NOTE: sign(0) is 0, as ops.sign.
    w[i] -= lr * T((c > T(0)) - (c < T(0)));
    m[i] = m[i] * b2 + gi * one_minus_b2;
  }
}

template <class T>
void adadelta_range(int64_t begin, int64_t end, T* __restrict w, T* __restrict acc_g,
                    T* __restrict acc_d, const T* __restrict g, T lr, T rho, T one_minus_rho,
                    T eps) {
  for (int64_t i = begin; i < end; ++i) {
    const T gi = g[i];
    const T ag = rho * acc_g[i] + one_minus_rho * (gi * gi);
    acc_g[i] = ag;
    const T delta = -((std::sqrt(acc_d[i] + eps) * gi) / std::sqrt(ag + eps));
    acc_d[i] = rho * acc_d[i] + one_minus_rho * (delta * delta);
    w[i] += lr * delta;
  }
}

// NOTE: the default learning_rate_power -0.5 takes sqrt, several times cheaper than pow.
template <class T, bool kSqrt>
void ftrl_range(int64_t begin, int64_t end, T* __restrict w, T* __restrict n, T* __restrict z,
                const T* __restrict g, T lr, T power, T l1, T two_l2, T two_shrinkage) {
  for (int64_t i = begin; i < end; ++i) {
    const T gi = g[i], wi = w[i];
    const T new_n = n[i] + gi * gi;
    const T new_pow = kSqrt ? std::sqrt(new_n) : std::pow(new_n, power);
    const T old_pow = kSqrt ? std::sqrt(n[i]) : std::pow(n[i], power);
    const T shrunk = gi + two_shrinkage * wi;
    const T zi = z[i] + (shrunk - ((new_pow - old_pow) / lr) * wi);
    z[i] = zi;
    const T quadratic = new_pow / lr + two_l2;
    w[i] = (std::min(std::max(zi, -l1), l1) - zi) / quadratic;
    n[i] = new_n;
  }
}

template <class T>
void schedule_free_range(int64_t begin, int64_t end, T* __restrict w, T* __restrict z,
                         T* __restrict v, const T* __restrict g, T lr, T b1, T one_minus_b1,
                         T one_minus_b2, T bias_2, T eps, T weight) {
  for (int64_t i = begin; i < end; ++i) {
    const T gi = g[i];
    const T vi = v[i] + (gi * gi - v[i]) * one_minus_b2;
    v[i] = vi;
    const T z_old = z[i];
    const T z_new = z_old - (lr * gi) / (std::sqrt(vi / bias_2) + eps);
    z[i] = z_new;
    const T x_old = (w[i] - one_minus_b1 * z_old) / b1;
    const T x_new = (T(1) - weight) * x_old + weight * z_new;
    w[i] = one_minus_b1 * z_new + b1 * x_new;
  }
}

template <class T>
void lamb_moments_range(int64_t begin, int64_t end, T* __restrict m, T* __restrict v,
                        T* __restrict u, const T* __restrict g, T one_minus_b1, T one_minus_b2,
                        T bias_1, T bias_2, T eps) {
  for (int64_t i = begin; i < end; ++i) {
    const T gi = g[i];
    const T mi = m[i] + (gi - m[i]) * one_minus_b1;
    const T vi = v[i] + (gi * gi - v[i]) * one_minus_b2;
    m[i] = mi;
    v[i] = vi;
    u[i] = (mi / bias_1) / (std::sqrt(vi / bias_2) + eps);
  }
}

template <class T>
void scaled_subtract_range(int64_t begin, int64_t end, T* __restrict w, const T* __restrict u,
                           T scale) {
  for (int64_t i = begin; i < end; ++i) w[i] -= scale * u[i];
}

// Adam's step after the weight decay, shared by adam_update and adamw_update. decay = 0
// leaves the variable undecayed.
void adam_like(const char* op, const Tensor& var, const Tensor& grad, const Tensor& m,
               const Tensor& v, const Tensor& vhat, double learning_rate, double beta_1,
               double beta_2, double epsilon, int64_t step, double weight_decay) {
  if (computes_in_float32(var.dtype()))
    return update_via_float32({var, m, v, vhat}, [&](const std::vector<Tensor>& w) {
      adam_like(op, w[0], grad, w[1], w[2], w[3], learning_rate, beta_1, beta_2, epsilon, step,
                weight_decay);
    });
  autograd::NoRecord no_record;
  const Tensor g = checked_grad(op, var, grad);
  NNEXT_CHECK(m.defined() && v.defined(), ValueError, op, ": the slots m and v are required");
  check_slot(op, "m", var, m);
  check_slot(op, "v", var, v);
  check_slot(op, "vhat", var, vhat);
  NNEXT_CHECK(step >= 1, ValueError, op, ": step is the 1-based iteration count, got ", step);
  dispatch_floating(var.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* __restrict w = var.data<T>();
    T* __restrict pm = m.data<T>();
    T* __restrict pv = v.data<T>();
    T* __restrict ph = data_or_null<T>(vhat);
    const T* __restrict pg = g.data<T>();
    const T lr = T(learning_rate), wd = T(weight_decay), eps = T(epsilon);
    const T one_minus_b1 = T(1.0 - beta_1), one_minus_b2 = T(1.0 - beta_2);
    // alpha = lr * sqrt(1 - b2^t) / (1 - b1^t), computed in the variable's dtype as Keras.
    const T b1_power = std::pow(T(beta_1), T(step)), b2_power = std::pow(T(beta_2), T(step));
    const T alpha = lr * std::sqrt(T(1) - b2_power) / (T(1) - b1_power);
    for_elements(var, [&](int64_t begin, int64_t end) {
      adam_range<T>(begin, end, w, pm, pv, ph, pg, lr, wd, one_minus_b1, one_minus_b2, alpha, eps);
    });
  });
}

}  // namespace

void sgd_update(const Tensor& var, const Tensor& grad, const Tensor& momentum_slot,
                double learning_rate, double momentum, bool nesterov) {
  if (computes_in_float32(var.dtype()))
    return update_via_float32({var, momentum_slot}, [&](const std::vector<Tensor>& w) {
      sgd_update(w[0], grad, w[1], learning_rate, momentum, nesterov);
    });
  const char* op = "sgd_update";
  autograd::NoRecord no_record;
  const Tensor g = checked_grad(op, var, grad);
  check_slot(op, "momentum", var, momentum_slot);
  dispatch_floating(var.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* __restrict w = var.data<T>();
    T* __restrict pm = data_or_null<T>(momentum_slot);
    const T* __restrict pg = g.data<T>();
    const T lr = T(learning_rate), mu = T(momentum);
    for_elements(var, [&](int64_t begin, int64_t end) {
      sgd_range<T>(begin, end, w, pm, pg, lr, mu, nesterov);
    });
  });
}

void rmsprop_update(const Tensor& var, const Tensor& grad, const Tensor& velocity,
                    const Tensor& momentum_slot, const Tensor& average_grad, double learning_rate,
                    double rho, double momentum, double epsilon, bool centered) {
  if (computes_in_float32(var.dtype()))
    return update_via_float32({var, velocity, momentum_slot, average_grad},
                              [&](const std::vector<Tensor>& w) {
                                rmsprop_update(w[0], grad, w[1], w[2], w[3], learning_rate, rho,
                                               momentum, epsilon, centered);
                              });
  const char* op = "rmsprop_update";
  autograd::NoRecord no_record;
  const Tensor g = checked_grad(op, var, grad);
  NNEXT_CHECK(velocity.defined(), ValueError, op, ": the velocity slot is required");
  NNEXT_CHECK(!centered || average_grad.defined(), ValueError, op,
              ": centered=True needs the average_grad slot");
  check_slot(op, "velocity", var, velocity);
  check_slot(op, "momentum", var, momentum_slot);
  check_slot(op, "average_grad", var, average_grad);
  dispatch_floating(var.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* __restrict w = var.data<T>();
    T* __restrict pv = velocity.data<T>();
    T* __restrict pm = data_or_null<T>(momentum_slot);
    T* __restrict pa = centered ? average_grad.data<T>() : nullptr;
    const T* __restrict pg = g.data<T>();
    const T lr = T(learning_rate), r = T(rho), one_minus_rho = T(1.0 - rho), mu = T(momentum),
            eps = T(epsilon);
    for_elements(var, [&](int64_t begin, int64_t end) {
      rmsprop_range<T>(begin, end, w, pv, pm, pa, pg, lr, r, one_minus_rho, mu, eps);
    });
  });
}

void adam_update(const Tensor& var, const Tensor& grad, const Tensor& m, const Tensor& v,
                 const Tensor& vhat, double learning_rate, double beta_1, double beta_2,
                 double epsilon, int64_t step) {
  adam_like("adam_update", var, grad, m, v, vhat, learning_rate, beta_1, beta_2, epsilon, step,
            0.0);
}

void adamw_update(const Tensor& var, const Tensor& grad, const Tensor& m, const Tensor& v,
                  const Tensor& vhat, double learning_rate, double beta_1, double beta_2,
                  double epsilon, int64_t step, double weight_decay) {
  adam_like("adamw_update", var, grad, m, v, vhat, learning_rate, beta_1, beta_2, epsilon, step,
            weight_decay);
}

void adagrad_update(const Tensor& var, const Tensor& grad, const Tensor& accumulator,
                    double learning_rate, double epsilon) {
  if (computes_in_float32(var.dtype()))
    return update_via_float32({var, accumulator}, [&](const std::vector<Tensor>& w) {
      adagrad_update(w[0], grad, w[1], learning_rate, epsilon);
    });
  const char* op = "adagrad_update";
  autograd::NoRecord no_record;
  const Tensor g = checked_grad(op, var, grad);
  NNEXT_CHECK(accumulator.defined(), ValueError, op, ": the accumulator slot is required");
  check_slot(op, "accumulator", var, accumulator);
  dispatch_floating(var.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* __restrict w = var.data<T>();
    T* __restrict acc = accumulator.data<T>();
    const T* __restrict pg = g.data<T>();
    const T lr = T(learning_rate), eps = T(epsilon);
    for_elements(var, [&](int64_t begin, int64_t end) {
      adagrad_range<T>(begin, end, w, acc, pg, lr, eps);
    });
  });
}

void adamax_update(const Tensor& var, const Tensor& grad, const Tensor& m, const Tensor& u,
                   double learning_rate, double beta_1, double beta_2, double epsilon,
                   int64_t step) {
  if (computes_in_float32(var.dtype()))
    return update_via_float32({var, m, u}, [&](const std::vector<Tensor>& w) {
      adamax_update(w[0], grad, w[1], w[2], learning_rate, beta_1, beta_2, epsilon, step);
    });
  const char* op = "adamax_update";
  autograd::NoRecord no_record;
  const Tensor g = checked_grad(op, var, grad);
  NNEXT_CHECK(m.defined() && u.defined(), ValueError, op, ": the slots m and u are required");
  check_slot(op, "m", var, m);
  check_slot(op, "u", var, u);
  NNEXT_CHECK(step >= 1, ValueError, op, ": step is the 1-based iteration count, got ", step);
  dispatch_floating(var.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* __restrict w = var.data<T>();
    T* __restrict pm = m.data<T>();
    T* __restrict pu = u.data<T>();
    const T* __restrict pg = g.data<T>();
    const T correction = T(1) - std::pow(T(beta_1), T(step));
    for_elements(var, [&](int64_t begin, int64_t end) {
      adamax_range<T>(begin, end, w, pm, pu, pg, T(learning_rate), T(1.0 - beta_1), T(beta_2),
                      correction, T(epsilon));
    });
  });
}

void nadam_update(const Tensor& var, const Tensor& grad, const Tensor& m, const Tensor& v,
                  double learning_rate, double beta_2, double epsilon, double mu_t, double mu_next,
                  double prod_t, double prod_next, double beta_1, int64_t step) {
  if (computes_in_float32(var.dtype()))
    return update_via_float32({var, m, v}, [&](const std::vector<Tensor>& w) {
      nadam_update(w[0], grad, w[1], w[2], learning_rate, beta_2, epsilon, mu_t, mu_next, prod_t,
                   prod_next, beta_1, step);
    });
  const char* op = "nadam_update";
  autograd::NoRecord no_record;
  const Tensor g = checked_grad(op, var, grad);
  NNEXT_CHECK(m.defined() && v.defined(), ValueError, op, ": the slots m and v are required");
  check_slot(op, "m", var, m);
  check_slot(op, "v", var, v);
  NNEXT_CHECK(step >= 1, ValueError, op, ": step is the 1-based iteration count, got ", step);
  dispatch_floating(var.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* __restrict w = var.data<T>();
    T* __restrict pm = m.data<T>();
    T* __restrict pv = v.data<T>();
    const T* __restrict pg = g.data<T>();
    const T bias_2 = T(1) - std::pow(T(beta_2), T(step));
    for_elements(var, [&](int64_t begin, int64_t end) {
      nadam_range<T>(begin, end, w, pm, pv, pg, T(learning_rate), T(1.0 - beta_1), T(1.0 - beta_2),
                     T(mu_next), T(1) - T(prod_next), T(1) - T(mu_t), T(1) - T(prod_t), bias_2,
                     T(epsilon));
    });
  });
}

void lion_update(const Tensor& var, const Tensor& grad, const Tensor& m, double learning_rate,
                 double beta_1, double beta_2) {
  if (computes_in_float32(var.dtype()))
    return update_via_float32({var, m}, [&](const std::vector<Tensor>& w) {
      lion_update(w[0], grad, w[1], learning_rate, beta_1, beta_2);
    });
  const char* op = "lion_update";
  autograd::NoRecord no_record;
  const Tensor g = checked_grad(op, var, grad);
  NNEXT_CHECK(m.defined(), ValueError, op, ": the momentum slot is required");
  check_slot(op, "momentum", var, m);
  dispatch_floating(var.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* __restrict w = var.data<T>();
    T* __restrict pm = m.data<T>();
    const T* __restrict pg = g.data<T>();
    for_elements(var, [&](int64_t begin, int64_t end) {
      lion_range<T>(begin, end, w, pm, pg, T(learning_rate), T(beta_1), T(1.0 - beta_1), T(beta_2),
                    T(1.0 - beta_2));
    });
  });
}

void adadelta_update(const Tensor& var, const Tensor& grad, const Tensor& accumulated_grad,
                     const Tensor& accumulated_delta, double learning_rate, double rho,
                     double epsilon) {
  if (computes_in_float32(var.dtype()))
    return update_via_float32(
        {var, accumulated_grad, accumulated_delta}, [&](const std::vector<Tensor>& w) {
          adadelta_update(w[0], grad, w[1], w[2], learning_rate, rho, epsilon);
        });
  const char* op = "adadelta_update";
  autograd::NoRecord no_record;
  const Tensor g = checked_grad(op, var, grad);
  NNEXT_CHECK(accumulated_grad.defined() && accumulated_delta.defined(), ValueError, op,
              ": the accumulated_grad and accumulated_delta slots are required");
  check_slot(op, "accumulated_grad", var, accumulated_grad);
  check_slot(op, "accumulated_delta", var, accumulated_delta);
  dispatch_floating(var.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* __restrict w = var.data<T>();
    T* __restrict pa = accumulated_grad.data<T>();
    T* __restrict pd = accumulated_delta.data<T>();
    const T* __restrict pg = g.data<T>();
    for_elements(var, [&](int64_t begin, int64_t end) {
      adadelta_range<T>(begin, end, w, pa, pd, pg, T(learning_rate), T(rho), T(1.0 - rho),
                        T(epsilon));
    });
  });
}

void ftrl_update(const Tensor& var, const Tensor& grad, const Tensor& accumulator,
                 const Tensor& linear, double learning_rate, double power, double l1, double l2,
                 double l2_shrinkage) {
  if (computes_in_float32(var.dtype()))
    return update_via_float32({var, accumulator, linear}, [&](const std::vector<Tensor>& w) {
      ftrl_update(w[0], grad, w[1], w[2], learning_rate, power, l1, l2, l2_shrinkage);
    });
  const char* op = "ftrl_update";
  autograd::NoRecord no_record;
  const Tensor g = checked_grad(op, var, grad);
  NNEXT_CHECK(accumulator.defined() && linear.defined(), ValueError, op,
              ": the accumulator and linear slots are required");
  check_slot(op, "accumulator", var, accumulator);
  check_slot(op, "linear", var, linear);
  dispatch_floating(var.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* __restrict w = var.data<T>();
    T* __restrict pn = accumulator.data<T>();
    T* __restrict pz = linear.data<T>();
    const T* __restrict pg = g.data<T>();
    for_elements(var, [&](int64_t begin, int64_t end) {
      if (power == 0.5) {
        ftrl_range<T, true>(begin, end, w, pn, pz, pg, T(learning_rate), T(power), T(l1), T(2 * l2),
                            T(2 * l2_shrinkage));
      } else {
        ftrl_range<T, false>(begin, end, w, pn, pz, pg, T(learning_rate), T(power), T(l1),
                             T(2 * l2), T(2 * l2_shrinkage));
      }
    });
  });
}

void schedule_free_adamw_update(const Tensor& var, const Tensor& grad, const Tensor& z,
                                const Tensor& v, double learning_rate, double beta_1, double beta_2,
                                double epsilon, int64_t step) {
  if (computes_in_float32(var.dtype()))
    return update_via_float32({var, z, v}, [&](const std::vector<Tensor>& w) {
      schedule_free_adamw_update(w[0], grad, w[1], w[2], learning_rate, beta_1, beta_2, epsilon,
                                 step);
    });
  const char* op = "schedule_free_adamw_update";
  autograd::NoRecord no_record;
  const Tensor g = checked_grad(op, var, grad);
  NNEXT_CHECK(z.defined() && v.defined(), ValueError, op, ": the slots z and v are required");
  check_slot(op, "z", var, z);
  check_slot(op, "v", var, v);
  NNEXT_CHECK(step >= 1, ValueError, op, ": step is the 1-based iteration count, got ", step);
  dispatch_floating(var.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* __restrict w = var.data<T>();
    T* __restrict pz = z.data<T>();
    T* __restrict pv = v.data<T>();
    const T* __restrict pg = g.data<T>();
    const T bias_2 = T(1) - std::pow(T(beta_2), T(step));
    for_elements(var, [&](int64_t begin, int64_t end) {
      schedule_free_range<T>(begin, end, w, pz, pv, pg, T(learning_rate), T(beta_1),
                             T(1.0 - beta_1), T(1.0 - beta_2), bias_2, T(epsilon), T(1) / T(step));
    });
  });
}

void lamb_update(const Tensor& var, const Tensor& grad, const Tensor& m, const Tensor& v,
                 double learning_rate, double beta_1, double beta_2, double epsilon, int64_t step) {
  if (computes_in_float32(var.dtype()))
    return update_via_float32({var, m, v}, [&](const std::vector<Tensor>& w) {
      lamb_update(w[0], grad, w[1], w[2], learning_rate, beta_1, beta_2, epsilon, step);
    });
  const char* op = "lamb_update";
  autograd::NoRecord no_record;
  const Tensor g = checked_grad(op, var, grad);
  NNEXT_CHECK(m.defined() && v.defined(), ValueError, op, ": the slots m and v are required");
  check_slot(op, "m", var, m);
  check_slot(op, "v", var, v);
  NNEXT_CHECK(step >= 1, ValueError, op, ": step is the 1-based iteration count, got ", step);
  // The trust ratio needs both norms before any weight moves: one pass for the moments and
  // the step u, the two sums of squares, then one pass for the weights.
  const Tensor u = zeros_like(var);
  Axes every_axis(var.ndim());
  for (int64_t a = 0; a < var.ndim(); ++a) every_axis[a] = a;
  dispatch_floating(var.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* __restrict w = var.data<T>();
    T* __restrict pm = m.data<T>();
    T* __restrict pv = v.data<T>();
    T* __restrict pu = u.data<T>();
    const T* __restrict pg = g.data<T>();
    const T bias_1 = T(1) - std::pow(T(beta_1), T(step));
    const T bias_2 = T(1) - std::pow(T(beta_2), T(step));
    for_elements(var, [&](int64_t begin, int64_t end) {
      lamb_moments_range<T>(begin, end, pm, pv, pu, pg, T(1.0 - beta_1), T(1.0 - beta_2), bias_1,
                            bias_2, T(epsilon));
    });
    const T w_norm = std::sqrt(reduce_sum(square(var), every_axis, false).data<T>()[0]);
    const T u_norm = std::sqrt(reduce_sum(square(u), every_axis, false).data<T>()[0]);
    const T ratio = (w_norm > T(0) && u_norm > T(0)) ? w_norm / u_norm : T(1);
    const T scale = ratio * T(learning_rate);
    for_elements(var, [&](int64_t begin, int64_t end) {
      scaled_subtract_range<T>(begin, end, w, pu, scale);
    });
  });
}

}  // namespace nnext::ops
