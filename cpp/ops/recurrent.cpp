// simple_rnn, lstm and gru: argument checks, the dtype rule (everything promotes to one
// float type), packing into contiguous buffers, the fused loops of kernels/recurrent.h, and
// the gradient of the whole sequence recorded as one tape node right below the forward.
#include "ops/recurrent.h"

#include "autograd/tape.h"
#include "core/error.h"
#include "kernels/recurrent.h"
#include "ops/creation.h"
#include "ops/elementwise.h"
#include "ops/matmul.h"
#include "ops/storage_dtypes.h"

namespace nnext::ops {

using autograd::Grads;
using kernels::RnnActivation;
using kernels::RnnCell;

RnnSequence round_to_float16(const RnnSequence& r) {
  return {round_to_float16(r.outputs), round_to_float16(r.h), round_to_float16(r.c)};
}

namespace {

const char* cell_op_name(RnnCell cell) {
  return cell == RnnCell::Lstm ? "lstm" : cell == RnnCell::Gru ? "gru" : "simple_rnn";
}

RnnActivation parse_activation(const std::string& name, const char* op, const char* argument) {
  if (name.empty() || name == "linear") return RnnActivation::Linear;
  if (name == "tanh") return RnnActivation::Tanh;
  if (name == "sigmoid") return RnnActivation::Sigmoid;
  if (name == "relu") return RnnActivation::Relu;
  if (name == "hard_sigmoid") return RnnActivation::HardSigmoid;
  NNEXT_FAIL(ValueError, op, ": unknown ", argument, " '", name,
             "' (expected 'linear', 'tanh', 'sigmoid', 'relu' or 'hard_sigmoid')");
}

// A contiguous buffer with the same values that no tape records: the op records its
// gradient against the tensor it was given.
Tensor packed(const Tensor& t) { return t.is_contiguous() ? t : packed_copy(t); }

template <class T>
T* ptr(const Tensor& t) {
  return t.defined() ? t.data<T>() : nullptr;
}

void check_shape(const Tensor& t, const Shape& want, const char* op, const char* what) {
  NNEXT_CHECK(t.shape() == want, ValueError, op, ": ", what, " must have shape ", shape_str(want),
              ", got ", shape_str(t.shape()));
}

// What the forward pass of one sequence keeps for its backward pass.
struct Saved {
  Tensor gates, recurrent, prev_h, cells;
};

RnnSequence run_sequence(RnnCell cell, const Tensor& x_in, const Tensor& kernel_in,
                         const Tensor& recurrent_in, const Tensor& bias_in, const Tensor& h0_in,
                         const Tensor& c0_in, const Tensor& mask_in, const RnnOptions& options) {
  const char* op = cell_op_name(cell);
  const bool lstm = cell == RnnCell::Lstm, gru = cell == RnnCell::Gru;
  const kernels::RnnConfig config{
      cell, parse_activation(options.activation, op, "activation"),
      parse_activation(options.recurrent_activation, op, "recurrent_activation"),
      options.zero_output_for_mask};
  NNEXT_CHECK(x_in.ndim() == 3, ValueError, op,
              ": inputs must have rank 3 (batch, timesteps, features), got shape ",
              shape_str(x_in.shape()));
  NNEXT_CHECK(recurrent_in.ndim() == 2, ValueError, op,
              ": recurrent_kernel must have rank 2, got shape ", shape_str(recurrent_in.shape()));
  const int64_t B = x_in.dim(0), TT = x_in.dim(1), D = x_in.dim(2), U = recurrent_in.dim(0);
  const int64_t G = kernels::rnn_gate_count(cell), GU = G * U;
  NNEXT_CHECK(U > 0, ValueError, op, ": recurrent_kernel must have at least one unit, got shape ",
              shape_str(recurrent_in.shape()));
  check_shape(recurrent_in, {U, GU}, op, "recurrent_kernel");
  NNEXT_CHECK(kernel_in.shape() == Shape({D, GU}), ValueError, op, ": kernel must have shape ",
              shape_str({D, GU}), " for inputs of shape ", shape_str(x_in.shape()),
              " and a recurrent_kernel of shape ", shape_str(recurrent_in.shape()), ", got ",
              shape_str(kernel_in.shape()));
  if (bias_in.defined()) check_shape(bias_in, gru ? Shape{2, GU} : Shape{GU}, op, "bias");
  if (h0_in.defined()) check_shape(h0_in, {B, U}, op, "the initial state h");
  if (c0_in.defined()) check_shape(c0_in, {B, U}, op, "the initial carry state c");
  if (mask_in.defined()) {
    NNEXT_CHECK(mask_in.dtype() == DType::Bool, TypeError, op, ": mask must be bool, got ",
                dtype_name(mask_in.dtype()));
    check_shape(mask_in, {B, TT}, op, "mask");
  }

  DType dt = promote(x_in.dtype(), promote(kernel_in.dtype(), recurrent_in.dtype()));
  for (const Tensor* t : {&bias_in, &h0_in, &c0_in})
    if (t->defined()) dt = promote(dt, t->dtype());
  for (const Tensor* t : {&x_in, &kernel_in, &recurrent_in, &bias_in, &h0_in, &c0_in})
    NNEXT_CHECK(!t->defined() || t->dtype() != DType::Bool, TypeError, op,
                ": not supported for bool tensors");
  dt = float_result(dt);
  if (computes_in_float32(dt))
    return via_float32(
        [&](const Tensor& x, const Tensor& kernel, const Tensor& recurrent, const Tensor& bias,
            const Tensor& h0, const Tensor& c0) {
          return run_sequence(cell, x, kernel, recurrent, bias, h0, c0, mask_in, options);
        },
        x_in, kernel_in, recurrent_in, bias_in, h0_in, c0_in);
  auto as_dt = [&](const Tensor& t) { return t.defined() ? cast(t, dt) : Tensor(); };
  const Tensor x = as_dt(x_in), kernel = as_dt(kernel_in), recurrent = as_dt(recurrent_in),
               bias = as_dt(bias_in);
  const Tensor h0 = h0_in.defined() ? cast(h0_in, dt) : zeros({B, U}, dt);
  const Tensor c0 = !lstm ? Tensor() : c0_in.defined() ? cast(c0_in, dt) : zeros({B, U}, dt);

  const Tensor xc = packed(x), wc = packed(kernel), rc = packed(recurrent);
  const Tensor bc = bias.defined() ? packed(bias) : Tensor();
  const Tensor h0c = packed(h0), c0c = c0.defined() ? packed(c0) : Tensor();
  const Tensor mc = mask_in.defined() ? packed(mask_in) : Tensor();
  const kernels::RnnShape shape{B, TT, D, U};

  Saved saved{
      Tensor::empty({B, TT, GU}, dt, op), gru ? Tensor::empty({B, TT, GU}, dt, op) : Tensor(),
      Tensor::empty({B, TT, U}, dt, op), lstm ? Tensor::empty({B, TT, U}, dt, op) : Tensor()};
  RnnSequence result{Tensor::empty({B, TT, U}, dt, op), Tensor::empty({B, U}, dt, op),
                     lstm ? Tensor::empty({B, U}, dt, op) : Tensor()};
  const bool* mask = mc.defined() ? mc.data<bool>() : nullptr;
  dispatch_floating(dt, [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    kernels::rnn_forward<T>(config, shape, xc.data<T>(), {wc.data<T>(), rc.data<T>(), ptr<T>(bc)},
                            h0c.data<T>(), ptr<T>(c0c), mask,
                            {saved.gates.data<T>(), ptr<T>(saved.recurrent), saved.prev_h.data<T>(),
                             ptr<T>(saved.cells)},
                            result.outputs.data<T>(), result.h.data<T>(), ptr<T>(result.c));
  });
  if (!autograd::any_tape()) return result;

  // Back through time (kernels::rnn_backward): the gate gradients dz at every step, then
  //   dx = dz @ kernel^T,  dkernel = x^T @ dz,  drecurrent = h_prev^T @ dz_rec,
  //   dbias = sum of dz over batch and time,  dh0, dc0 = what reaches the start.
  // NOTE: the backward pass runs fused even under an outer tape, so second derivatives
  // through these ops are not recorded (the outer tape sees no dependency).
  const bool need_x = autograd::requires_grad(x), need_kernel = autograd::requires_grad(kernel),
             need_recurrent = autograd::requires_grad(recurrent),
             need_bias = bias.defined() && autograd::requires_grad(bias),
             need_h0 = h0_in.defined() && autograd::requires_grad(h0),
             need_c0 = c0_in.defined() && autograd::requires_grad(c0);
  std::vector<Tensor> outputs{result.outputs, result.h};
  if (lstm) outputs.push_back(result.c);
  autograd::record(
      op,
      {x, kernel, recurrent, bias, h0_in.defined() ? h0 : Tensor(),
       c0_in.defined() ? c0 : Tensor()},
      outputs, [=](const Grads& grads) -> Grads {
        auto seed = [&](size_t k) {
          return k < grads.size() ? packed(cast(grads[k], dt)) : Tensor();
        };
        const Tensor d_outputs = seed(0), d_h = seed(1), d_c = lstm ? seed(2) : Tensor();
        auto wanted = [&](bool need, const Shape& s) {
          return need ? Tensor::empty(s, dt, op) : Tensor();
        };
        Tensor dx = wanted(need_x, {B, TT, D}), dkernel = wanted(need_kernel, {D, GU}),
               drecurrent = wanted(need_recurrent, {U, GU}),
               dbias = wanted(need_bias, bias.defined() ? bias.shape() : Shape{}),
               dh0 = wanted(need_h0, {B, U}), dc0 = wanted(need_c0, {B, U});
        const bool* m = mc.defined() ? mc.data<bool>() : nullptr;
        dispatch_floating(dt, [&](auto tag) {
          using T = tag_type<decltype(tag)>;
          kernels::rnn_backward<T>(config, shape, xc.data<T>(),
                                   {wc.data<T>(), rc.data<T>(), ptr<T>(bc)}, ptr<T>(c0c), m,
                                   {saved.gates.data<T>(), ptr<T>(saved.recurrent),
                                    saved.prev_h.data<T>(), ptr<T>(saved.cells)},
                                   ptr<T>(d_outputs), ptr<T>(d_h), ptr<T>(d_c),
                                   {ptr<T>(dx), ptr<T>(dkernel), ptr<T>(drecurrent), ptr<T>(dbias),
                                    ptr<T>(dh0), ptr<T>(dc0)});
        });
        return {dx, dkernel, drecurrent, dbias, dh0, dc0};
      });
  return result;
}

}  // namespace

RnnSequence simple_rnn(const Tensor& x, const Tensor& kernel, const Tensor& recurrent_kernel,
                       const Tensor& bias, const Tensor& h0, const Tensor& mask,
                       const RnnOptions& options) {
  return run_sequence(RnnCell::Simple, x, kernel, recurrent_kernel, bias, h0, Tensor(), mask,
                      options);
}

RnnSequence lstm(const Tensor& x, const Tensor& kernel, const Tensor& recurrent_kernel,
                 const Tensor& bias, const Tensor& h0, const Tensor& c0, const Tensor& mask,
                 const RnnOptions& options) {
  return run_sequence(RnnCell::Lstm, x, kernel, recurrent_kernel, bias, h0, c0, mask, options);
}

RnnSequence gru(const Tensor& x, const Tensor& kernel, const Tensor& recurrent_kernel,
                const Tensor& bias, const Tensor& h0, const Tensor& mask,
                const RnnOptions& options) {
  return run_sequence(RnnCell::Gru, x, kernel, recurrent_kernel, bias, h0, Tensor(), mask, options);
}

}  // namespace nnext::ops
