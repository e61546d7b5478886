// The recurrent loops of recurrent.h. Buffers are batch-major ([B, T, ...]) so the input
// projection and the three closing gemms of the backward pass each see all B*T rows as one
// matrix; a step reads its rows at a leading dimension of T rows. Activations run as
// separate passes over contiguous gate slices, with the switch outside the loop, so that
// float32 tanh and sigmoid vectorise.
#include "kernels/recurrent.h"

#include <algorithm>
#include <memory>
#include <vector>

#include "core/parallel.h"
#include "kernels/blas.h"
#include "kernels/scalar_math.h"

// The gate passes are short loops of exp-based activations: on AVX-512 machines full-width
// vectors run them ~10% faster end to end than GCC's default 256-bit choice (measured on an
// LSTM 32x100, 64->128 step loop). Elsewhere the option changes nothing.
#pragma GCC target("prefer-vector-width=512")

namespace nnext::kernels {
namespace {

// Roughly how many adds one step costs per gate element (an exp-based activation, a few
// multiply-adds): weighs the grain-size decision of the per-step row loops.
constexpr int64_t kGateCost = 12;

// y = act(y) over n contiguous values.
template <class T>
void activate(RnnActivation act, T* y, int64_t n) {
  switch (act) {
    case RnnActivation::Linear: return;
    case RnnActivation::Tanh:
      for (int64_t j = 0; j < n; ++j) y[j] = math::fast_tanh(y[j]);
      return;
    case RnnActivation::Sigmoid:
      for (int64_t j = 0; j < n; ++j) y[j] = math::fast_sigmoid(y[j]);
      return;
    case RnnActivation::Relu:
      for (int64_t j = 0; j < n; ++j) y[j] = math::relu(y[j]);
      return;
    case RnnActivation::HardSigmoid:
      // Keras 3: relu6(x + 3) / 6, i.e. clip(x / 6 + 1/2, 0, 1).
      for (int64_t j = 0; j < n; ++j) {
        const T v = y[j] * T(1.0 / 6.0) + T(0.5);
        y[j] = v < T(0) ? T(0) : (v > T(1) ? T(1) : v);
      }
      return;
  }
}

// d *= act'(x) where y = act(x) is what the forward pass kept.
// NOTE: relu's gradient at exactly 0 is 0, and hard_sigmoid's is 0 where it saturates.
template <class T>
void times_derivative(RnnActivation act, const T* __restrict y, T* __restrict d, int64_t n) {
  switch (act) {
    case RnnActivation::Linear: return;
    case RnnActivation::Tanh:
      for (int64_t j = 0; j < n; ++j) d[j] *= T(1) - y[j] * y[j];
      return;
    case RnnActivation::Sigmoid:
      for (int64_t j = 0; j < n; ++j) d[j] *= y[j] * (T(1) - y[j]);
      return;
    case RnnActivation::Relu:
      for (int64_t j = 0; j < n; ++j) d[j] = y[j] > T(0) ? d[j] : T(0);
      return;
    case RnnActivation::HardSigmoid:
      for (int64_t j = 0; j < n; ++j) d[j] = (y[j] > T(0) && y[j] < T(1)) ? d[j] * T(1.0 / 6.0) : T(0);
      return;
  }
}

// c = a @ b (row-major, flags transpose), or zeros when the inner dimension is empty
// (BLAS leaves c untouched then).
template <class T>
void product_or_zero(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const T* a, int64_t lda,
                     const T* b, int64_t ldb, T* c) {
  if (k == 0)
    std::fill(c, c + m * n, T(0));
  else
    gemm<T>(ta, tb, m, n, k, T(1), a, lda, b, ldb, T(0), c, n);
}

// out[cols] = the column sums of m[rows, cols], as one gemm with a ones row.
template <class T>
void column_sums(const T* m, int64_t rows, int64_t cols, T* out) {
  const std::vector<T> ones(size_t(rows), T(1));
  product_or_zero<T>(false, false, 1, cols, rows, ones.data(), rows, m, cols, out);
}

// Everything one step's rows need to find their slices.
template <class T>
struct Step {
  const RnnConfig& config;
  const RnnShape& shape;
  int64_t t;

  int64_t units() const { return shape.units; }
  int64_t width() const { return rnn_gate_count(config.cell) * shape.units; }
  int64_t row(int64_t b) const { return b * shape.steps + t; }  // index into [B, T]
};

// -- forward rows: state (h, c) of batch row b -> new state, output -------------------

template <class T>
void lstm_forward_row(const Step<T>& s, T* __restrict z, T* __restrict h, T* __restrict c,
                      T* __restrict cell_out, T* __restrict out, T* __restrict scratch) {
  const int64_t U = s.units();
  const RnnActivation act = s.config.activation, rec = s.config.recurrent_activation;
  activate(rec, z, 2 * U);
  activate(act, z + 2 * U, U);
  activate(rec, z + 3 * U, U);
  const T *i = z, *f = z + U, *g = z + 2 * U, *o = z + 3 * U;
  // c_t = f * c_{t-1} + i * g,   h_t = o * act(c_t)
  for (int64_t j = 0; j < U; ++j) cell_out[j] = f[j] * c[j] + i[j] * g[j];
  std::copy(cell_out, cell_out + U, c);
  std::copy(cell_out, cell_out + U, scratch);
  activate(act, scratch, U);
  for (int64_t j = 0; j < U; ++j) h[j] = o[j] * scratch[j];
  std::copy(h, h + U, out);
}

template <class T>
void gru_forward_row(const Step<T>& s, T* __restrict z, const T* __restrict r_proj,
                     T* __restrict h, T* __restrict out) {
  const int64_t U = s.units();
  const RnnActivation act = s.config.activation, rec = s.config.recurrent_activation;
  // z = rec(x_z + r_z), r = rec(x_r + r_r), hh = act(x_h + r * r_h),
  // h_t = z * h_{t-1} + (1 - z) * hh   (reset_after: r scales the recurrent projection)
  for (int64_t j = 0; j < 2 * U; ++j) z[j] += r_proj[j];
  activate(rec, z, 2 * U);
  const T* r = z + U;
  T* hh = z + 2 * U;
  for (int64_t j = 0; j < U; ++j) hh[j] += r[j] * r_proj[2 * U + j];
  activate(act, hh, U);
  for (int64_t j = 0; j < U; ++j) h[j] = z[j] * h[j] + (T(1) - z[j]) * hh[j];
  std::copy(h, h + U, out);
}

template <class T>
void simple_forward_row(const Step<T>& s, T* __restrict z, T* __restrict h, T* __restrict out) {
  const int64_t U = s.units();
  activate(s.config.activation, z, U);  // h_t = act(x W + b + h_{t-1} R)
  std::copy(z, z + U, h);
  std::copy(z, z + U, out);
}

// -- backward rows: dh (and dc) of the state after the step -> dz, and the part of dh
// that reaches the previous state without the recurrent gemm --------------------------

template <class T>
void lstm_backward_row(const Step<T>& s, const T* __restrict gates, const T* __restrict cell,
                       const T* __restrict c_prev, T* __restrict dh, T* __restrict dc,
                       T* __restrict dz, T* __restrict scratch, T* __restrict scratch2) {
  const int64_t U = s.units();
  const RnnActivation act = s.config.activation, rec = s.config.recurrent_activation;
  const T *i = gates, *f = gates + U, *g = gates + 2 * U, *o = gates + 3 * U;
  T* ac = scratch;
  std::copy(cell, cell + U, ac);
  activate(act, ac, U);
  // do = dh * act(c);  dc += dh * o * act'(c);  di = dc * g;  dg = dc * i;
  // df = dc * c_{t-1};  dc_{t-1} = dc * f
  T* through = scratch2;
  for (int64_t j = 0; j < U; ++j) {
    dz[3 * U + j] = dh[j] * ac[j];
    through[j] = dh[j] * o[j];
  }
  times_derivative(act, ac, through, U);
  for (int64_t j = 0; j < U; ++j) {
    const T d = dc[j] + through[j];
    dz[j] = d * g[j];
    dz[U + j] = d * c_prev[j];
    dz[2 * U + j] = d * i[j];
    dc[j] = d * f[j];
  }
  times_derivative(rec, i, dz, U);
  times_derivative(rec, f, dz + U, U);
  times_derivative(act, g, dz + 2 * U, U);
  times_derivative(rec, o, dz + 3 * U, U);
  std::fill(dh, dh + U, T(0));
}

template <class T>
void gru_backward_row(const Step<T>& s, const T* __restrict gates, const T* __restrict r_proj,
                      const T* __restrict h_prev, T* __restrict dh, T* __restrict dz,
                      T* __restrict dr) {
  const int64_t U = s.units();
  const RnnActivation act = s.config.activation, rec = s.config.recurrent_activation;
  const T *z = gates, *r = gates + U, *hh = gates + 2 * U;
  // dz = dh * (h_{t-1} - hh);  dhh = dh * (1 - z);  dr = dhh' * r_h;  dh_{t-1} = dh * z + ...
  for (int64_t j = 0; j < U; ++j) {
    dz[j] = dh[j] * (h_prev[j] - hh[j]);
    dz[2 * U + j] = dh[j] * (T(1) - z[j]);
    dh[j] *= z[j];
  }
  times_derivative(rec, z, dz, U);
  times_derivative(act, hh, dz + 2 * U, U);
  for (int64_t j = 0; j < U; ++j) dz[U + j] = dz[2 * U + j] * r_proj[2 * U + j];
  times_derivative(rec, r, dz + U, U);
  // The recurrent projection's gradient: the same for z and r, scaled by r for h.
  for (int64_t j = 0; j < 2 * U; ++j) dr[j] = dz[j];
  for (int64_t j = 0; j < U; ++j) dr[2 * U + j] = dz[2 * U + j] * r[j];
}

template <class T>
void simple_backward_row(const Step<T>& s, const T* __restrict h_new, T* __restrict dh,
                         T* __restrict dz) {
  const int64_t U = s.units();
  std::copy(dh, dh + U, dz);
  times_derivative(s.config.activation, h_new, dz, U);
  std::fill(dh, dh + U, T(0));
}

}  // namespace

template <class T>
void rnn_forward(const RnnConfig& config, const RnnShape& shape, const T* x, RnnWeights<T> w,
                 const T* h0, const T* c0, const bool* mask, RnnSaved<T> saved, T* outputs,
                 T* h_last, T* c_last) {
  FlushDenormals ftz;
  const int64_t B = shape.batch, TT = shape.steps, U = shape.units;
  const int64_t GU = rnn_gate_count(config.cell) * U, rows = B * TT;
  const bool lstm = config.cell == RnnCell::Lstm, gru = config.cell == RnnCell::Gru;

  // Every step's input projection at once: gates[B*T, GU] = input bias + x @ kernel (the
  // bias rows first, then gemm with beta = 1: no separate zeroing or bias pass).
  for (int64_t r = 0; r < rows; ++r) {
    T* row = saved.gates + r * GU;
    if (w.bias)
      std::copy(w.bias, w.bias + GU, row);
    else
      std::fill(row, row + GU, T(0));
  }
  if (shape.input > 0)
    gemm<T>(false, false, rows, GU, shape.input, T(1), x, shape.input, w.kernel, GU, T(1),
            saved.gates, GU);
  const T* recurrent_bias = gru && w.bias ? w.bias + GU : nullptr;

  std::vector<T> h(h0, h0 + B * U), c;
  if (lstm) c.assign(c0, c0 + B * U);
  // Scratch rows are allocated here: nothing may throw inside a parallel region.
  std::vector<T> scratch(size_t(lstm ? B * U : 0));
  for (int64_t t = 0; t < TT; ++t) {
    const Step<T> s{config, shape, t};
    for (int64_t b = 0; b < B; ++b)
      std::copy(&h[size_t(b * U)], &h[size_t(b * U)] + U, saved.prev_h + s.row(b) * U);
    // The recurrent term h_{t-1} @ R for all rows: added onto the projection, except for
    // GRU, whose h gate needs it apart (r scales it).
    const T* hp = saved.prev_h + t * U;
    if (gru) {
      T* rp = saved.recurrent + t * GU;
      gemm<T>(false, false, B, GU, U, T(1), hp, TT * U, w.recurrent, GU, T(0), rp, TT * GU);
      if (recurrent_bias)
        for (int64_t b = 0; b < B; ++b)
          for (int64_t j = 0; j < GU; ++j) rp[b * TT * GU + j] += recurrent_bias[j];
    } else {
      gemm<T>(false, false, B, GU, U, T(1), hp, TT * U, w.recurrent, GU, T(1),
              saved.gates + t * GU, TT * GU);
    }
    parallel_for(B, GU * kGateCost, [&](int64_t begin, int64_t end) {
      for (int64_t b = begin; b < end; ++b) {
        const int64_t r = s.row(b);
        T* hb = &h[size_t(b * U)];
        T* out = outputs + r * U;
        if (mask && !mask[r]) {  // a masked step keeps the state
          if (lstm) std::copy(&c[size_t(b * U)], &c[size_t(b * U)] + U, saved.cells + r * U);
          if (config.zero_output_for_mask)
            std::fill(out, out + U, T(0));
          else
            std::copy(hb, hb + U, out);
          continue;
        }
        T* z = saved.gates + r * GU;
        if (lstm)
          lstm_forward_row(s, z, hb, &c[size_t(b * U)], saved.cells + r * U, out,
                           scratch.data() + b * U);
        else if (gru)
          gru_forward_row(s, z, saved.recurrent + r * GU, hb, out);
        else
          simple_forward_row(s, z, hb, out);
      }
    });
  }
  std::copy(h.begin(), h.end(), h_last);
  if (lstm) std::copy(c.begin(), c.end(), c_last);
}

template <class T>
void rnn_backward(const RnnConfig& config, const RnnShape& shape, const T* x, RnnWeights<T> w,
                  const T* c0, const bool* mask, RnnSaved<const T> saved, const T* d_outputs,
                  const T* d_h_last, const T* d_c_last, RnnGrads<T> grads) {
  FlushDenormals ftz;
  const int64_t B = shape.batch, TT = shape.steps, D = shape.input, U = shape.units;
  const int64_t GU = rnn_gate_count(config.cell) * U, rows = B * TT;
  const bool lstm = config.cell == RnnCell::Lstm, gru = config.cell == RnnCell::Gru;

  // dxp: the gradient at the input projection; drec: at the recurrent one (the same
  // buffer except for GRU).
  // Uninitialised: every row of every step is written below (masked rows with zeros).
  std::unique_ptr<T[]> dxp(new T[size_t(rows * GU)]), drec_gru(new T[size_t(gru ? rows * GU : 0)]);
  T* drec = gru ? drec_gru.get() : dxp.get();
  std::vector<T> dh(size_t(B * U), T(0)), dc(size_t(lstm ? B * U : 0), T(0));
  std::vector<T> scratch(size_t(lstm ? 2 * B * U : 0));
  if (d_h_last) std::copy(d_h_last, d_h_last + B * U, dh.begin());
  if (lstm && d_c_last) std::copy(d_c_last, d_c_last + B * U, dc.begin());

  // R^T once, so that each step's dh_{t-1} += drec_t @ R^T is a plain (non-transposed)
  // gemm: OpenBLAS's NT path runs ~1.5x slower at these sizes (measured at 32x512x128).
  std::unique_ptr<T[]> recurrent_t(new T[size_t(U * GU)]);
  for (int64_t k = 0; k < U; ++k)
    for (int64_t j = 0; j < GU; ++j) recurrent_t[size_t(j * U + k)] = w.recurrent[k * GU + j];

  for (int64_t t = TT; t-- > 0;) {
    const Step<T> s{config, shape, t};
    parallel_for(B, GU * kGateCost, [&](int64_t begin, int64_t end) {
      for (int64_t b = begin; b < end; ++b) {
        const int64_t r = s.row(b);
        const bool kept = !mask || mask[r];
        T* dhb = &dh[size_t(b * U)];
        // The output at t is the state after t, unless a masked step outputs zeros.
        if (d_outputs && (kept || !config.zero_output_for_mask))
          for (int64_t j = 0; j < U; ++j) dhb[j] += d_outputs[r * U + j];
        T* dz = dxp.get() + r * GU;
        if (!kept) {  // the state passed through unchanged: so do its gradients
          std::fill(dz, dz + GU, T(0));
          if (gru) std::fill(drec + r * GU, drec + r * GU + GU, T(0));
          continue;
        }
        const T* gates = saved.gates + r * GU;
        if (lstm) {
          const T* c_prev = t > 0 ? saved.cells + (r - 1) * U : c0 + b * U;
          lstm_backward_row(s, gates, saved.cells + r * U, c_prev, dhb, &dc[size_t(b * U)], dz,
                            scratch.data() + 2 * b * U, scratch.data() + (2 * b + 1) * U);
        } else if (gru) {
          gru_backward_row(s, gates, saved.recurrent + r * GU, saved.prev_h + r * U, dhb, dz,
                           drec + r * GU);
        } else {
          simple_backward_row(s, gates, dhb, dz);
        }
      }
    });
    // dh_{t-1} += d(recurrent projection) @ R^T
    gemm<T>(false, false, B, U, GU, T(1), drec + t * GU, TT * GU, recurrent_t.get(), U, T(1),
            dh.data(), U);
  }
  if (grads.dh0) std::copy(dh.begin(), dh.end(), grads.dh0);
  if (grads.dc0 && lstm) std::copy(dc.begin(), dc.end(), grads.dc0);

  // dx = dxp @ kernel^T,  dkernel = x^T @ dxp,  drecurrent = prev_h^T @ drec,
  // dbias = column sums of dxp (GRU: and of drec, its second row)
  if (grads.dx) product_or_zero<T>(false, true, rows, D, GU, dxp.get(), GU, w.kernel, GU, grads.dx);
  if (grads.dkernel)
    product_or_zero<T>(true, false, D, GU, rows, x, D, dxp.get(), GU, grads.dkernel);
  if (grads.drecurrent)
    product_or_zero<T>(true, false, U, GU, rows, saved.prev_h, U, drec, GU, grads.drecurrent);
  if (grads.dbias) {
    column_sums<T>(dxp.get(), rows, GU, grads.dbias);
    if (gru) column_sums<T>(drec, rows, GU, grads.dbias + GU);
  }
}

#define NNEXT_RECURRENT_FLOAT(T)                                                               \
  template void rnn_forward<T>(const RnnConfig&, const RnnShape&, const T*, RnnWeights<T>,     \
                               const T*, const T*, const bool*, RnnSaved<T>, T*, T*, T*);      \
  template void rnn_backward<T>(const RnnConfig&, const RnnShape&, const T*, RnnWeights<T>,    \
                                const T*, const bool*, RnnSaved<const T>, const T*, const T*,  \
                                const T*, RnnGrads<T>);
NNEXT_RECURRENT_FLOAT(float)
NNEXT_RECURRENT_FLOAT(double)
#undef NNEXT_RECURRENT_FLOAT

}  // namespace nnext::kernels
