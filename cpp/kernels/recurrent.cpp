// The recurrent loops of recurrent.h. Buffers are batch-major ([B, T, ...]) so the input
// projection and the three closing products of the backward pass each see all B*T rows as
// one matrix; a step reads its rows at a leading dimension of T rows. Every product runs on
// kernels/packed_gemm.h, the weights packed once per sequence. Activations run as
// separate passes over contiguous gate slices, with the switch outside the loop, so that
// float32 tanh and sigmoid vectorise.
#include "kernels/recurrent.h"

#include <algorithm>
#include <memory>
#include <vector>

#include "core/parallel.h"
#include "kernels/packed_gemm.h"
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
    case RnnActivation::Linear:
      return;
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
    case RnnActivation::Linear:
      return;
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
      for (int64_t j = 0; j < n; ++j)
        d[j] = (y[j] > T(0) && y[j] < T(1)) ? d[j] * T(1.0 / 6.0) : T(0);
      return;
  }
}

// out[cols] = the column sums of m[rows, cols].
template <class T>
void column_sums(const T* m, int64_t rows, int64_t cols, T* out) {
  std::fill(out, out + cols, T(0));
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t j = 0; j < cols; ++j) out[j] += m[r * cols + j];
}

// out[n, width] = x[rows, n]^T @ d[rows, width], computed as (d^T @ x)^T.
template <class T>
void weight_gradient(const T* d, const T* x, int64_t rows, int64_t width, int64_t n, T* out) {
  std::unique_ptr<T[]> t(new T[size_t(width * n)]);
  strided_gemm<T>(width, n, rows, d, 1, width, x, n, 1, t.get(), n, false);
  for (int64_t i = 0; i < width; ++i)
    for (int64_t j = 0; j < n; ++j) out[j * width + i] = t[size_t(i * n + j)];
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
void gru_forward_row(const Step<T>& s, T* __restrict z, const T* __restrict r_proj, T* __restrict h,
                     T* __restrict out) {
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

// The packed form of a k x n row-major matrix (or of its transpose), for packed_gemm.
template <class T>
std::unique_ptr<T[]> packed_matrix(const T* b, int64_t k, int64_t n, bool transpose) {
  std::unique_ptr<T[]> out(new T[size_t(packed_size<T>(k, n))]);
  if (transpose)  // b is n x k: B(r, j) = b[j * k + r]
    pack_right<T>(b, 1, k, k, n, out.get());
  else
    pack_right<T>(b, n, 1, k, n, out.get());
  return out;
}

// Cost per batch row of one step (its share of the recurrent product and of the gates), as
// parallel_for weighs it. A sequence opens one parallel region per step, and a region whose
// thread is descheduled waits a whole time slice at its barrier: on a loaded machine a
// 60-step LSTM ran 12x slower on two threads than on one (measured). So a step goes
// parallel only with 64x the usual grain of work (about 4M multiply-adds per thread).
constexpr int64_t kStepGrainFactor = 64;
int64_t step_cost(int64_t units, int64_t width) {
  return std::max<int64_t>(1, width * (units + kGateCost) / kStepGrainFactor);
}

}  // namespace

template <class T>
void rnn_forward(const RnnConfig& config, const RnnShape& shape, const T* x, RnnWeights<T> w,
                 const T* h0, const T* c0, const bool* mask, RnnSaved<T> saved, T* outputs,
                 T* h_last, T* c_last) {
  FlushDenormals ftz;
  const int64_t B = shape.batch, TT = shape.steps, D = shape.input, U = shape.units;
  const int64_t GU = rnn_gate_count(config.cell) * U, rows = B * TT;
  const bool lstm = config.cell == RnnCell::Lstm, gru = config.cell == RnnCell::Gru;

  // Every step's input projection at once: gates[B*T, GU] = input bias + x @ kernel (the
  // bias rows first, then the product accumulated onto them: no separate bias pass).
  const std::unique_ptr<T[]> kernel_p = packed_matrix(w.kernel, D, GU, false);
  parallel_for(rows, GU * (D + 1), [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      T* row = saved.gates + r * GU;
      if (w.bias)
        std::copy(w.bias, w.bias + GU, row);
      else
        std::fill(row, row + GU, T(0));
    }
    packed_gemm<T>(end - begin, GU, D, x + begin * D, D, 1, kernel_p.get(),
                   saved.gates + begin * GU, GU, true);
  });
  const T* recurrent_bias = gru && w.bias ? w.bias + GU : nullptr;
  // The recurrent kernel is packed once for all steps (OpenBLAS would repack it each step).
  const std::unique_ptr<T[]> recurrent_p = packed_matrix(w.recurrent, U, GU, false);

  std::vector<T> h(h0, h0 + B * U), c;
  if (lstm) c.assign(c0, c0 + B * U);
  // Scratch rows are allocated here: nothing may throw inside a parallel region.
  std::vector<T> scratch(size_t(lstm ? B * U : 0));
  for (int64_t t = 0; t < TT; ++t) {
    const Step<T> s{config, shape, t};
    // Each thread takes whole batch rows: their recurrent product h_{t-1} @ R (added onto
    // the projection, except for GRU, whose h gate needs it apart: r scales it), then
    // their gates. Rows are independent within a step, so one region serves both.
    parallel_for(B, step_cost(U, GU), [&](int64_t begin, int64_t end) {
      for (int64_t b = begin; b < end; ++b)
        std::copy(&h[size_t(b * U)], &h[size_t(b * U)] + U, saved.prev_h + s.row(b) * U);
      const T* hp = saved.prev_h + s.row(begin) * U;
      if (gru) {
        T* rp = saved.recurrent + s.row(begin) * GU;
        packed_gemm<T>(end - begin, GU, U, hp, TT * U, 1, recurrent_p.get(), rp, TT * GU, false);
        if (recurrent_bias)
          for (int64_t b = begin; b < end; ++b)
            for (int64_t j = 0; j < GU; ++j)
              saved.recurrent[s.row(b) * GU + j] += recurrent_bias[j];
      } else {
        packed_gemm<T>(end - begin, GU, U, hp, TT * U, 1, recurrent_p.get(),
                       saved.gates + s.row(begin) * GU, TT * GU, true);
      }
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

  // R^T packed once: each step's dh_{t-1} += drec_t @ R^T reads it.
  const std::unique_ptr<T[]> recurrent_tp = packed_matrix(w.recurrent, GU, U, true);

  for (int64_t t = TT; t-- > 0;) {
    const Step<T> s{config, shape, t};
    // As in the forward pass, a thread owns whole batch rows for the gates and the product.
    parallel_for(B, step_cost(U, GU), [&](int64_t begin, int64_t end) {
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
      // dh_{t-1} += d(recurrent projection) @ R^T
      packed_gemm<T>(end - begin, U, GU, drec + s.row(begin) * GU, TT * GU, 1, recurrent_tp.get(),
                     &dh[size_t(begin * U)], U, true);
    });
  }
  if (grads.dh0) std::copy(dh.begin(), dh.end(), grads.dh0);
  if (grads.dc0 && lstm) std::copy(dc.begin(), dc.end(), grads.dc0);

  // dx = dxp @ kernel^T,  dkernel = x^T @ dxp,  drecurrent = prev_h^T @ drec,
  // dbias = column sums of dxp (GRU: and of drec, its second row). The two weight
  // gradients are computed transposed (dkernel^T = dxp^T @ x): the packed operand is then
  // the narrow x or prev_h rather than the wide gate gradients.
  if (grads.dx) strided_gemm<T>(rows, D, GU, dxp.get(), GU, 1, w.kernel, 1, GU, grads.dx, D, false);
  if (grads.dkernel) weight_gradient<T>(dxp.get(), x, rows, GU, D, grads.dkernel);
  if (grads.drecurrent) weight_gradient<T>(drec, saved.prev_h, rows, GU, U, grads.drecurrent);
  if (grads.dbias) {
    column_sums<T>(dxp.get(), rows, GU, grads.dbias);
    if (gru) column_sums<T>(drec, rows, GU, grads.dbias + GU);
  }
}

#define NNEXT_RECURRENT_FLOAT(T)                                                              \
  template void rnn_forward<T>(const RnnConfig&, const RnnShape&, const T*, RnnWeights<T>,    \
                               const T*, const T*, const bool*, RnnSaved<T>, T*, T*, T*);     \
  template void rnn_backward<T>(const RnnConfig&, const RnnShape&, const T*, RnnWeights<T>,   \
                                const T*, const bool*, RnnSaved<const T>, const T*, const T*, \
                                const T*, RnnGrads<T>);
NNEXT_RECURRENT_FLOAT(float)
NNEXT_RECURRENT_FLOAT(double)
#undef NNEXT_RECURRENT_FLOAT

}  // namespace nnext::kernels
