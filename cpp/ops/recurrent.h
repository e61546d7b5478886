// Recurrent sequence ops: a whole SimpleRNN, LSTM or GRU (reset_after) layer over a
// [batch, timesteps, features] sequence, forward and backward in C++, recorded on the tape
// as one node. Weights are laid out as Keras 3 stores them.
#pragma once
#include <string>

#include "core/tensor.h"

namespace nnext::ops {

// The whole-sequence outputs [B, T, units], the final state h [B, units] and, for LSTM,
// the final carry c (undefined for the others).
struct RnnSequence {
  Tensor outputs, h, c;
};
// The float32 results of a float16 sequence rounded to float16 (ops/storage_dtypes.h).
RnnSequence round_to_float16(const RnnSequence& r);

// Arguments every recurrent op shares. `mask` is an undefined Tensor or bool [B, T]: a
// masked step keeps the state and outputs zeros (zero_output_for_mask) or the kept state.
// h0/c0 undefined mean zeros. Activations: "linear", "tanh", "sigmoid", "relu",
// "hard_sigmoid".
struct RnnOptions {
  std::string activation = "tanh";
  std::string recurrent_activation = "sigmoid";
  bool zero_output_for_mask = false;
};

// h_t = act(x_t @ kernel + h_{t-1} @ recurrent_kernel + bias); kernel [D, U].
RnnSequence simple_rnn(const Tensor& x, const Tensor& kernel, const Tensor& recurrent_kernel,
                       const Tensor& bias, const Tensor& h0, const Tensor& mask,
                       const RnnOptions& options);

// Keras's LSTM, gates i, f, c, o along the kernel's last axis [D, 4U]:
// c_t = f * c_{t-1} + i * act(.),  h_t = o * act(c_t), gates by recurrent_activation.
RnnSequence lstm(const Tensor& x, const Tensor& kernel, const Tensor& recurrent_kernel,
                 const Tensor& bias, const Tensor& h0, const Tensor& c0, const Tensor& mask,
                 const RnnOptions& options);

// Keras's GRU with reset_after=True, gates z, r, h [D, 3U], bias [2, 3U] (input row,
// recurrent row): hh = act(x_h + r * (h_{t-1} @ R_h + b_h)), h_t = z * h_{t-1} + (1 - z) * hh.
RnnSequence gru(const Tensor& x, const Tensor& kernel, const Tensor& recurrent_kernel,
                const Tensor& bias, const Tensor& h0, const Tensor& mask,
                const RnnOptions& options);

}  // namespace nnext::ops
