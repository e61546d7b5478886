// The fused loops of fused.h. Each lane of a softmax is three sweeps (max, sum of
// exponentials, write), with the sums kept in double so that long rows stay accurate.
#include "kernels/fused.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>
#include <vector>

#include "core/dtype.h"
#include "core/parallel.h"
#include "kernels/blas.h"
#include "kernels/iter.h"
#include "kernels/scalar_math.h"

namespace nnext::kernels {
namespace {

// Roughly how many adds one exp costs: weighs the grain-size decision.
constexpr int64_t kExpCost = 8;

template <class T>
T lane_max(const T* x, int64_t n, int64_t stride) {
  T mx = -std::numeric_limits<T>::infinity();
  for (int64_t j = 0; j < n; ++j) mx = std::max(mx, x[j * stride]);
  return mx;
}

// softmax(x) = e^(x - max) / sum e^(x - max): subtracting the max keeps every exponent
// <= 0, so logits of +-1000 neither overflow nor vanish.
template <class T>
void softmax_lane(const T* x, T* y, int64_t n, int64_t stride, bool log) {
  const T mx = lane_max(x, n, stride);
  double sum = 0;
  if (log) {
    for (int64_t j = 0; j < n; ++j) sum += math::fast_exp(T(x[j * stride] - mx));
    const T lse = mx + T(std::log(sum));
    for (int64_t j = 0; j < n; ++j) y[j * stride] = x[j * stride] - lse;
    return;
  }
  for (int64_t j = 0; j < n; ++j) {
    const T e = math::fast_exp(T(x[j * stride] - mx));
    y[j * stride] = e;
    sum += e;
  }
  const T inv = T(1.0 / sum);
  for (int64_t j = 0; j < n; ++j) y[j * stride] *= inv;
}

// Runs lane(base_offset, stride) for every lane, split over threads.
template <class F>
void for_each_lane(const Lanes& l, int64_t cost_per_lane, F lane) {
  parallel_for(l.outer * l.inner, cost_per_lane, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      const int64_t o = i / l.inner, r = i % l.inner;
      lane(i, o * l.n * l.inner + r);
    }
  });
}

// y = activation(y + bias) row by row, one pass over the gemm's output.
template <class T>
void bias_activate(Activation activation, const T* bias, T* y, int64_t m, int64_t n) {
  auto rows = [&](int64_t cost, auto f) {
    parallel_for(m, n * cost, [&](int64_t b, int64_t e) {
      for (int64_t r = b; r < e; ++r) {
        T* __restrict row = y + r * n;
        if (bias)
          for (int64_t j = 0; j < n; ++j) row[j] = f(row[j] + bias[j]);
        else
          for (int64_t j = 0; j < n; ++j) row[j] = f(row[j]);
      }
    });
  };
  switch (activation) {
    case Activation::Linear:
      if (bias) rows(1, [](T v) { return v; });
      return;
    case Activation::Relu:
      return rows(1, [](T v) { return math::relu(v); });
    case Activation::Sigmoid:
      return rows(kExpCost, [](T v) { return math::fast_sigmoid(v); });
    case Activation::Tanh:
      return rows(kExpCost, [](T v) { return math::fast_tanh(v); });
    case Activation::Softmax:
      parallel_for(m, n * kExpCost, [&](int64_t b, int64_t e) {
        for (int64_t r = b; r < e; ++r) {
          T* row = y + r * n;
          if (bias)
            for (int64_t j = 0; j < n; ++j) row[j] += bias[j];
          softmax_lane(row, row, n, 1, false);
        }
      });
      return;
  }
}

}  // namespace

template <class T>
void softmax(const T* x, T* y, const Lanes& lanes, bool log) {
  for_each_lane(lanes, lanes.n * kExpCost, [&](int64_t, int64_t base) {
    softmax_lane(x + base, y + base, lanes.n, lanes.inner, log);
  });
}

// Per lane: loss = sum(labels * (log(s) - (z - max))) with s = sum e^(z - max), the form
// TensorFlow uses: the terms that matter are differences of nearby values, so large
// logits keep their precision.
template <class T>
void softmax_cross_entropy(const T* labels, const T* logits, T* loss, T* backprop,
                           const Lanes& lanes) {
  const int64_t n = lanes.n, s = lanes.inner;
  for_each_lane(lanes, n * kExpCost, [&](int64_t lane, int64_t base) {
    const T* z = logits + base;
    const T* l = labels + base;
    const T mx = lane_max(z, n, s);
    double sum = 0, label_sum = 0;
    for (int64_t j = 0; j < n; ++j) {
      sum += math::fast_exp(T(z[j * s] - mx));
      label_sum += l[j * s];
    }
    const double log_sum = std::log(sum);
    double total = 0;
    for (int64_t j = 0; j < n; ++j) total += double(l[j * s]) * (log_sum - double(z[j * s] - mx));
    loss[lane] = T(total);
    if (!backprop) return;
    const T scale = T(label_sum / sum);
    T* d = backprop + base;
    for (int64_t j = 0; j < n; ++j) d[j * s] = math::fast_exp(T(z[j * s] - mx)) * scale - l[j * s];
  });
}

template <class T, class I>
void sparse_softmax_cross_entropy(const I* labels, const T* logits, T* loss, T* backprop,
                                  int64_t rows, int64_t n) {
  parallel_for(rows, n * kExpCost, [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      const T* z = logits + r * n;
      const T mx = lane_max(z, n, 1);
      double sum = 0;
      for (int64_t j = 0; j < n; ++j) sum += math::fast_exp(T(z[j] - mx));
      const int64_t c = int64_t(labels[r]);
      loss[r] = T(std::log(sum) - double(z[c] - mx));
      if (!backprop) continue;
      const T inv = T(1.0 / sum);
      T* d = backprop + r * n;
      for (int64_t j = 0; j < n; ++j) d[j] = math::fast_exp(T(z[j] - mx)) * inv;
      d[c] -= T(1);
    }
  });
}

template <class T>
void dense_forward(Activation activation, int64_t m, int64_t n, int64_t k, MatrixRef<T> x,
                   MatrixRef<T> w, const T* bias, T* y) {
  if (k > 0)
    gemm<T>(x.trans, w.trans, m, n, k, T(1), x.data, x.ld, w.data, w.ld, T(0), y, n);
  else
    std::fill(y, y + m * n, T(0));
  bias_activate(activation, bias, y, m, n);
}

// NOTE: relu's gradient at exactly 0 is 0, as TensorFlow.
void dense_activation_grad(Activation activation, const Tensor& g, const Tensor& y,
                           const Tensor& dz) {
  dispatch(y.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (std::is_floating_point_v<T>) {
      switch (activation) {
        case Activation::Linear:
          return;
        case Activation::Relu:
          return map_binary<T, T, T>(dz, g, y, [](T gi, T yi) { return yi > T(0) ? gi : T(0); });
        case Activation::Sigmoid:
          return map_binary<T, T, T>(dz, g, y, [](T gi, T yi) { return gi * (yi * (T(1) - yi)); });
        case Activation::Tanh:
          return map_binary<T, T, T>(dz, g, y, [](T gi, T yi) { return gi * (T(1) - yi * yi); });
        case Activation::Softmax: {
          // dz = y * (g - sum(g * y)) per row.
          const int64_t n = y.dim(y.ndim() - 1), m = n ? y.numel() / n : 0;
          const T* pg = g.data<T>();
          const T* py = y.data<T>();
          T* pz = dz.data<T>();
          parallel_for(m, n, [&](int64_t b, int64_t e) {
            for (int64_t r = b; r < e; ++r) {
              const T* gr = pg + r * n;
              const T* yr = py + r * n;
              double dot = 0;
              for (int64_t j = 0; j < n; ++j) dot += double(gr[j]) * yr[j];
              for (int64_t j = 0; j < n; ++j) pz[r * n + j] = yr[j] * (gr[j] - T(dot));
            }
          });
          return;
        }
      }
    }
  });
}

template <class T>
void dense_backward(int64_t m, int64_t n, int64_t k, const T* dz, MatrixRef<T> x, MatrixRef<T> w,
                    T* dx, T* dw, T* db) {
  if (dx && m * k > 0) {
    if (n > 0)
      gemm<T>(false, !w.trans, m, k, n, T(1), dz, n, w.data, w.ld, T(0), dx, k);
    else
      std::fill(dx, dx + m * k, T(0));
  }
  if (dw && k * n > 0) {
    if (m > 0)
      gemm<T>(!x.trans, false, k, n, m, T(1), x.data, x.ld, dz, n, T(0), dw, n);
    else
      std::fill(dw, dw + k * n, T(0));
  }
  if (db && n > 0) {
    if (m > 0) {
      const std::vector<T> ones(size_t(m), T(1));
      gemm<T>(false, false, 1, n, m, T(1), ones.data(), m, dz, n, T(0), db, n);
    } else {
      std::fill(db, db + n, T(0));
    }
  }
}

#define NNEXT_FUSED_FLOAT(T)                                                                       \
  template void softmax<T>(const T*, T*, const Lanes&, bool);                                      \
  template void softmax_cross_entropy<T>(const T*, const T*, T*, T*, const Lanes&);                \
  template void sparse_softmax_cross_entropy<T, int32_t>(const int32_t*, const T*, T*, T*,         \
                                                         int64_t, int64_t);                        \
  template void sparse_softmax_cross_entropy<T, int64_t>(const int64_t*, const T*, T*, T*,         \
                                                         int64_t, int64_t);                        \
  template void dense_forward<T>(Activation, int64_t, int64_t, int64_t, MatrixRef<T>,              \
                                 MatrixRef<T>, const T*, T*);                                      \
  template void dense_backward<T>(int64_t, int64_t, int64_t, const T*, MatrixRef<T>, MatrixRef<T>, \
                                  T*, T*, T*);
NNEXT_FUSED_FLOAT(float)
NNEXT_FUSED_FLOAT(double)
#undef NNEXT_FUSED_FLOAT

}  // namespace nnext::kernels
