// Fused neural-network loops, each one pass where the composition would take several:
// softmax / log-softmax along an axis, softmax cross-entropy (dense and sparse labels) with
// its gradient from the same pass, and the dense layer's forward (gemm + bias +
// activation) and backward (activation gradient, two gemms, bias column sum).
// Loops take raw contiguous buffers; ops/nn.cpp does the checking and the autodiff.
#pragma once
#include <cstdint>

#include "core/tensor.h"

namespace nnext::kernels {

enum class Activation { Linear, Relu, Sigmoid, Tanh, Softmax };

// The `outer * inner` vectors of length n, at element stride `inner`, of a contiguous
// buffer of shape [outer, n, inner]: the layout of "along axis" in a row-major tensor.
struct Lanes {
  int64_t outer, n, inner;
};

// y = softmax(x) (or log_softmax) along the lanes; y may alias x.
template <class T>
void softmax(const T* x, T* y, const Lanes& lanes, bool log);

// loss[lane] = -sum(labels * log_softmax(logits)), and when `backprop` is not null the
// gradient d loss / d logits = softmax(logits) * sum(labels) - labels, from the same pass.
// `loss` is contiguous over lanes ([outer, inner]).
template <class T>
void softmax_cross_entropy(const T* labels, const T* logits, T* loss, T* backprop,
                           const Lanes& lanes);

// The same with one class index per row of a contiguous [rows, n] logits buffer; the
// caller has checked 0 <= label < n.
template <class T, class I>
void sparse_softmax_cross_entropy(const I* labels, const T* logits, T* loss, T* backprop,
                                  int64_t rows, int64_t n);

// A matrix operand as gemm reads it: row-major at leading dimension `ld`, or the
// row-major layout of its transpose when `trans` is set.
template <class T>
struct MatrixRef {
  const T* data;
  bool trans;
  int64_t ld;
};

// y[m, n] = activation(x[m, k] @ w[k, n] + bias[n]); bias may be null.
template <class T>
void dense_forward(Activation activation, int64_t m, int64_t n, int64_t k, MatrixRef<T> x,
                   MatrixRef<T> w, const T* bias, T* y);

// dz = g * activation'(y) for the dense output y (contiguous, its rows the last axis); g
// may be any strided view of y's shape (a broadcast seed gradient is read in place), except
// for Softmax, whose row pass needs g contiguous. Linear is not an activation to
// differentiate here: the caller uses g itself.
void dense_activation_grad(Activation activation, const Tensor& g, const Tensor& y,
                           const Tensor& dz);

// With dz[m, n] the gradient at the pre-activation: dx = dz @ w^T, dw = x^T @ dz and
// db = 1^T dz (the column sums, as one more gemm while BLAS's threads are awake). Null
// outputs are skipped.
template <class T>
void dense_backward(int64_t m, int64_t n, int64_t k, const T* dz, MatrixRef<T> x, MatrixRef<T> w,
                    T* dx, T* dw, T* db);

}  // namespace nnext::kernels
