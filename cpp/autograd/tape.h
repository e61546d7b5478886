// Reverse-mode autodiff. A Tape records one Node per op whose inputs it tracks (watched
// tensors, trainable Variables read under it, or outputs of nodes it recorded). gradient()
// walks the nodes in reverse and accumulates per tensor id; this file knows no op by name:
// each op hands record() its backward rule as a lambda written beside its forward.
#pragma once
#include <functional>
#include <initializer_list>
#include <memory>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/tensor.h"

namespace nnext::autograd {

// Maps the gradients of a node's outputs to the gradients of its inputs (an undefined
// Tensor for an input that gets none). Written with differentiable ops, so that an
// outer tape can record the backward pass for second derivatives.
using Grads = std::vector<Tensor>;
using BackwardFn = std::function<Grads(const Grads& grad_outputs)>;

struct Edge {
  uint64_t id;
  Shape shape;
  DType dtype;
};

struct Node {
  const char* op;
  std::vector<Edge> inputs;
  std::vector<Edge> outputs;
  BackwardFn backward;
};

class Tape : public std::enable_shared_from_this<Tape> {
 public:
  Tape(bool persistent, bool watch_accessed_variables);
  ~Tape();

  void push();  // start recording on this thread (entering the `with` block)
  void pop();   // stop recording and leave this thread's tape stack
  void watch(const Tensor& t);
  bool tracks(uint64_t id) const { return tracked_.count(id) != 0; }
  bool watches_accessed_variables() const { return watch_accessed_variables_; }
  bool is_recording() const { return recording_; }
  // Jacobians walk a non-persistent tape once per target element: it is kept for all but
  // the last walk (python/nnext/_tape.py).
  void set_persistent(bool persistent) { persistent_ = persistent; }
  bool persistent() const { return persistent_; }
  std::vector<Tensor> watched_variables() const;

  // d(sum over targets of target * output_gradient)/d(source) for each source; undefined
  // when no target depends on it. An undefined output_gradient seeds with ones.
  std::vector<Tensor> gradient(const std::vector<Tensor>& targets,
                               const std::vector<Tensor>& sources,
                               const std::vector<Tensor>& output_gradients);

  void add_node(std::shared_ptr<Node> node);

 private:
  bool persistent_;
  bool watch_accessed_variables_;
  bool recording_ = false;
  bool used_ = false;
  std::vector<std::shared_ptr<Node>> nodes_;
  std::unordered_set<uint64_t> tracked_;
  std::vector<Tensor> watched_variables_;
};

// The dtypes gradients flow through: the floats, float16 included (ops compute it in
// float32, and the casts between them carry the gradient).
inline bool is_differentiable(DType dt) { return is_float_kind(dt); }

// The tapes recording on this thread, innermost last.
std::vector<std::shared_ptr<Tape>>& tape_stack();

// True when at least one tape records on this thread: ops skip all tape work otherwise,
// so that code outside a tape pays nothing for autodiff.
inline bool any_tape() { return !tape_stack().empty(); }

// Whether a tape recording now would ask for the gradient of `t` (it tracks `t`, or will
// watch it as a trainable Variable). Ops whose backward pays a gemm per input skip the
// gemms nobody asked for.
bool requires_grad(const Tensor& t);

// Records `outputs = op(inputs)` on every recording tape that tracks an input. Only
// floating outputs are differentiable. Ops call it as
//   if (autograd::any_tape())
//     autograd::record("exp", {x}, {y}, [=](const Grads& g) -> Grads { return {g[0] * y}; });
void record(const char* op, const std::vector<Tensor>& inputs, const std::vector<Tensor>& outputs,
            BackwardFn backward);

// Pauses every tape on this thread (e.g. while an optimizer writes variables).
class NoRecord {
 public:
  NoRecord();
  ~NoRecord();

 private:
  std::vector<std::shared_ptr<Tape>> saved_;
};

}  // namespace nnext::autograd
