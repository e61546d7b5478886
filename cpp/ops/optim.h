// In-place optimizer updates, one pass over each variable and its slots, with Keras 3's
// formulas (keras/src/optimizers/*.py). Hyper-parameters arrive already evaluated for the
// step; slots (undefined Tensor = absent) are same-shape tensors of the variable's dtype.
// No tape records an update.
#pragma once
#include <cstdint>

#include "core/tensor.h"

namespace nnext::ops {

// momentum slot m absent:  var -= lr * g
// present:  m = momentum * m - lr * g;  var += m  (nesterov: var += momentum * m - lr * g)
void sgd_update(const Tensor& var, const Tensor& grad, const Tensor& momentum_slot,
                double learning_rate, double momentum, bool nesterov);

// v = rho * v + (1 - rho) * g^2;  centered: a = rho * a + (1 - rho) * g, den = v - a^2 + eps,
// else den = v + eps;  inc = lr * g / sqrt(den);  momentum slot: m = momentum * m + inc,
// var -= m; else var -= inc.
void rmsprop_update(const Tensor& var, const Tensor& grad, const Tensor& velocity,
                    const Tensor& momentum_slot, const Tensor& average_grad, double learning_rate,
                    double rho, double momentum, double epsilon, bool centered);

// m += (g - m) * (1 - b1);  v += (g^2 - v) * (1 - b2);  vhat = max(vhat, v) when present;
// var -= m * lr * sqrt(1 - b2^t) / (1 - b1^t) / (sqrt(v or vhat) + eps),  t = step >= 1.
// AdamW first decays: var -= var * weight_decay * lr.
void adam_update(const Tensor& var, const Tensor& grad, const Tensor& m, const Tensor& v,
                 const Tensor& vhat, double learning_rate, double beta_1, double beta_2,
                 double epsilon, int64_t step);
void adamw_update(const Tensor& var, const Tensor& grad, const Tensor& m, const Tensor& v,
                  const Tensor& vhat, double learning_rate, double beta_1, double beta_2,
                  double epsilon, int64_t step, double weight_decay);

// acc += g^2;  var -= lr * g / sqrt(acc + eps)
void adagrad_update(const Tensor& var, const Tensor& grad, const Tensor& accumulator,
                    double learning_rate, double epsilon);

// m += (g - m) * (1 - b1);  u = max(b2 * u, |g|);  var -= lr * m / ((1 - b1^t) * (u + eps))
void adamax_update(const Tensor& var, const Tensor& grad, const Tensor& m, const Tensor& u,
                   double learning_rate, double beta_1, double beta_2, double epsilon,
                   int64_t step);

// Nadam with the step's momentum-schedule scalars evaluated by the caller (mu_t, mu_{t+1},
// prod_t, prod_{t+1}):  m += (g - m) * (1 - b1);  v += (g^2 - v) * (1 - b2);
// m_hat = mu_next * m / (1 - prod_next) + (1 - mu_t) * g / (1 - prod_t);
// var -= m_hat * lr / (sqrt(v / (1 - b2^t)) + eps)
void nadam_update(const Tensor& var, const Tensor& grad, const Tensor& m, const Tensor& v,
                  double learning_rate, double beta_2, double epsilon, double mu_t, double mu_next,
                  double prod_t, double prod_next, double beta_1, int64_t step);

// var -= lr * sign(b1 * m + (1 - b1) * g);  m = b2 * m + (1 - b2) * g
void lion_update(const Tensor& var, const Tensor& grad, const Tensor& m, double learning_rate,
                 double beta_1, double beta_2);

// acc_g = rho * acc_g + (1 - rho) * g^2;  d = -sqrt(acc_d + eps) * g / sqrt(acc_g + eps);
// acc_d = rho * acc_d + (1 - rho) * d^2;  var += lr * d
void adadelta_update(const Tensor& var, const Tensor& grad, const Tensor& accumulated_grad,
                     const Tensor& accumulated_delta, double learning_rate, double rho,
                     double epsilon);

// FTRL-Proximal with p = -learning_rate_power and l2 = l2_regularization + beta / (2 lr):
// n' = n + g^2;  z += g + 2 * l2_shrinkage * var - (n'^p - n^p) / lr * var;
// var = (clip(z, -l1, l1) - z) / (n'^p / lr + 2 * l2);  n = n'
void ftrl_update(const Tensor& var, const Tensor& grad, const Tensor& accumulator,
                 const Tensor& linear, double learning_rate, double power, double l1, double l2,
                 double l2_shrinkage);

// Schedule-free AdamW (z is the momentum slot):  v += (g^2 - v) * (1 - b2);
// z_new = z - lr * g / (sqrt(v / (1 - b2^t)) + eps);  x = (var - (1 - b1) * z) / b1;
// var = (1 - b1) * z_new + b1 * ((1 - 1/t) * x + z_new / t)
void schedule_free_adamw_update(const Tensor& var, const Tensor& grad, const Tensor& z,
                                const Tensor& v, double learning_rate, double beta_1, double beta_2,
                                double epsilon, int64_t step);

// Lamb: m += (g - m) * (1 - b1);  v += (g^2 - v) * (1 - b2);
// u = (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps);
// var -= r * lr * u with the trust ratio r = ||var|| / ||u|| (1 where either norm is 0).
void lamb_update(const Tensor& var, const Tensor& grad, const Tensor& m, const Tensor& v,
                 double learning_rate, double beta_1, double beta_2, double epsilon, int64_t step);

}  // namespace nnext::ops
