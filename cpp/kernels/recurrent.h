// Fused recurrent loops: SimpleRNN, LSTM and GRU (reset_after) over whole sequences, forward
// and backward through time. One gemm projects every step's input, one gemm per step adds
// the recurrent term, and a fused pass per step applies the gates; the backward pass mirrors
// it and ends with three gemms for the weight and input gradients. To add a cell: a gate
// count, a forward row and a backward row in recurrent.cpp.
#pragma once
#include <cstdint>

namespace nnext::kernels {

enum class RnnCell { Simple, Lstm, Gru };
// The activations the fused rows evaluate; each derivative is written in terms of the
// activation's output, which is what the forward pass saves.
enum class RnnActivation { Linear, Tanh, Sigmoid, Relu, HardSigmoid };

// Gates per unit: SimpleRNN 1, LSTM 4 (i, f, c, o), GRU 3 (z, r, h); Keras's orders.
inline int64_t rnn_gate_count(RnnCell cell) {
  return cell == RnnCell::Lstm ? 4 : cell == RnnCell::Gru ? 3 : 1;
}

struct RnnConfig {
  RnnCell cell;
  RnnActivation activation, recurrent_activation;
  // Masked steps keep the state; their output is zero when set, else the kept state h.
  bool zero_output_for_mask;
};

struct RnnShape {
  int64_t batch, steps, input, units;
};

// Contiguous row-major weights, Keras's layout: kernel [input, G*units], recurrent
// [units, G*units], bias null, [G*units], or for GRU [2, G*units] (input row, recurrent row).
template <class T>
struct RnnWeights {
  const T* kernel;
  const T* recurrent;
  const T* bias;
};

// What the forward pass keeps for the backward one, all [batch, steps, ...] row-major.
template <class T>
struct RnnSaved {
  T* gates;      // [B, T, G*U] gate activations (SimpleRNN: the new h itself)
  T* recurrent;  // GRU: [B, T, 3U] h_{t-1} @ R + recurrent bias; null for the others
  T* prev_h;     // [B, T, U] the state h entering each step
  T* cells;      // LSTM: [B, T, U] the carry c after each step; null for the others
};

// Runs the sequence x [B, T, input] from h0 (and c0 for LSTM) [B, U]. mask [B, T] may be
// null (every step counts). Writes outputs [B, T, U] and the final states [B, U].
template <class T>
void rnn_forward(const RnnConfig& config, const RnnShape& shape, const T* x, RnnWeights<T> w,
                 const T* h0, const T* c0, const bool* mask, RnnSaved<T> saved, T* outputs,
                 T* h_last, T* c_last);

// Gradients wanted from the backward pass; a null pointer skips that one (and its gemm).
template <class T>
struct RnnGrads {
  T* dx;          // [B, T, input]
  T* dkernel;     // [input, G*U]
  T* drecurrent;  // [U, G*U]
  T* dbias;       // the bias's shape
  T* dh0;         // [B, U]
  T* dc0;         // LSTM: [B, U]
};

// Back through time from the gradients of the outputs [B, T, U] and of the final states
// (d_c_last only for LSTM), all contiguous; reads what rnn_forward saved.
template <class T>
void rnn_backward(const RnnConfig& config, const RnnShape& shape, const T* x, RnnWeights<T> w,
                  const T* c0, const bool* mask, RnnSaved<const T> saved, const T* d_outputs,
                  const T* d_h_last, const T* d_c_last, RnnGrads<T> grads);

}  // namespace nnext::kernels
