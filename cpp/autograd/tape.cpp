// The tape: tracking, recording and the reverse walk with central broadcast un-reduction.
#include "autograd/tape.h"

#include "core/error.h"
#include "ops/creation.h"
#include "ops/elementwise.h"
#include "ops/reduce.h"

namespace nnext::autograd {

std::vector<std::shared_ptr<Tape>>& tape_stack() {
  thread_local std::vector<std::shared_ptr<Tape>> stack;
  return stack;
}

Tape::Tape(bool persistent, bool watch_accessed_variables)
    : persistent_(persistent), watch_accessed_variables_(watch_accessed_variables) {}

Tape::~Tape() = default;

void Tape::push() {
  NNEXT_CHECK(!recording_, RuntimeError, "GradientTape: this tape is already recording");
  recording_ = true;
  tape_stack().push_back(shared_from_this());
}

void Tape::pop() {
  recording_ = false;
  auto& stack = tape_stack();
  for (size_t i = stack.size(); i-- > 0;)
    if (stack[i].get() == this) {
      stack.erase(stack.begin() + int64_t(i));
      break;
    }
}

void Tape::watch(const Tensor& t) {
  if (!is_differentiable(t.dtype())) return;  // integer and bool tensors are never differentiable
  if (tracked_.insert(t.id()).second && t.is_variable()) watched_variables_.push_back(t);
}

std::vector<Tensor> Tape::watched_variables() const { return watched_variables_; }

void Tape::add_node(std::shared_ptr<Node> node) {
  for (const Edge& e : node->outputs) tracked_.insert(e.id);
  nodes_.push_back(std::move(node));
}

namespace {

// Sums a gradient computed for a broadcast result back to the shape of the input.
Tensor unbroadcast(const Tensor& g, const Edge& input) {
  Tensor out = g;
  if (out.shape() != input.shape) out = ops::sum_to(out, input.shape);
  if (out.dtype() != input.dtype) out = ops::cast(out, input.dtype);
  return out;
}

void accumulate(std::unordered_map<uint64_t, Tensor>& grads, uint64_t id, const Tensor& g) {
  auto it = grads.find(id);
  if (it == grads.end())
    grads.emplace(id, g);
  else
    it->second = ops::add(it->second, g);
}

}  // namespace

std::vector<Tensor> Tape::gradient(const std::vector<Tensor>& targets,
                                   const std::vector<Tensor>& sources,
                                   const std::vector<Tensor>& output_gradients) {
  NNEXT_CHECK(!used_, RuntimeError,
              "GradientTape.gradient can only be called once on non-persistent tapes.");
  NNEXT_CHECK(output_gradients.size() == targets.size(), ValueError, "GradientTape.gradient: got ",
              output_gradients.size(), " output_gradients for ", targets.size(), " targets");

  // A non-persistent tape does not record its own backward pass (it is used up anyway); a
  // persistent one called inside its `with` block does, as TensorFlow, which gives
  // second derivatives from one tape. Outer tapes record it in either case.
  bool was_recording = recording_;
  if (!persistent_) recording_ = false;
  struct Restore {
    Tape* tape;
    bool recording;
    ~Restore() { tape->recording_ = recording; }
  } restore{this, was_recording};

  std::unordered_set<uint64_t> wanted;
  for (const Tensor& s : sources) wanted.insert(s.id());

  std::unordered_map<uint64_t, Tensor> grads;
  for (size_t t = 0; t < targets.size(); ++t) {
    const Tensor& target = targets[t];
    const Tensor& seed = output_gradients[t];
    // As TensorFlow: a non-floating target has no gradient (the Python tape warns).
    if (!is_differentiable(target.dtype())) continue;
    if (seed.defined())
      NNEXT_CHECK(seed.shape() == target.shape(), ValueError,
                  "GradientTape.gradient: output_gradients shape ", shape_str(seed.shape()),
                  " does not match the target shape ", shape_str(target.shape()));
    // A non-scalar target is summed, as TensorFlow does: its default seed is all ones.
    accumulate(grads, target.id(),
               seed.defined() ? ops::cast(seed, target.dtype()) : ops::ones_like(target));
  }

  for (size_t i = nodes_.size(); i-- > 0;) {
    const Node& node = *nodes_[i];
    Grads outs(node.outputs.size());
    bool any = false;
    for (size_t k = 0; k < node.outputs.size(); ++k) {
      auto it = grads.find(node.outputs[k].id);
      if (it == grads.end()) continue;
      outs[k] = it->second;
      any = true;
      // Intermediate gradients are dropped once consumed unless a source asked for them.
      if (!wanted.count(node.outputs[k].id)) grads.erase(it);
    }
    if (!any) continue;
    for (size_t k = 0; k < outs.size(); ++k)
      if (!outs[k].defined()) outs[k] = ops::zeros(node.outputs[k].shape, node.outputs[k].dtype);
    Grads ins = node.backward(outs);
    NNEXT_CHECK(ins.size() == node.inputs.size(), RuntimeError, "internal error: the gradient of ",
                node.op, " returned ", ins.size(), " values for ", node.inputs.size(), " inputs");
    for (size_t k = 0; k < ins.size(); ++k) {
      // An input this tape does not track (an unwatched constant, a non-trainable or, with
      // watch_accessed_variables=False, an unwatched Variable) gets no gradient: None.
      if (!ins[k].defined() || !is_differentiable(node.inputs[k].dtype) ||
          !tracks(node.inputs[k].id))
        continue;
      accumulate(grads, node.inputs[k].id, unbroadcast(ins[k], node.inputs[k]));
    }
  }

  std::vector<Tensor> result;
  result.reserve(sources.size());
  for (const Tensor& s : sources) {
    auto it = grads.find(s.id());
    result.push_back(it == grads.end() || !is_differentiable(s.dtype()) ? Tensor() : it->second);
  }
  if (!persistent_) {
    used_ = true;
    // watched_variables_ stays: TensorFlow answers watched_variables() after the call too.
    nodes_.clear();
    tracked_.clear();
  }
  return result;
}

bool requires_grad(const Tensor& t) {
  if (!is_differentiable(t.dtype())) return false;
  for (const auto& tape : tape_stack()) {
    if (!tape->is_recording()) continue;
    if (tape->tracks(t.id())) return true;
    if (tape->watches_accessed_variables() && t.is_variable() && t.variable_info()->trainable)
      return true;
  }
  return false;
}

void record(const char* op, const std::vector<Tensor>& inputs, const std::vector<Tensor>& outputs,
            BackwardFn backward) {
  bool differentiable = false;
  for (const Tensor& out : outputs) differentiable |= is_differentiable(out.dtype());
  if (!differentiable) return;
  std::shared_ptr<Node> node;
  for (const auto& tape : tape_stack()) {
    if (!tape->is_recording()) continue;
    bool tracked = false;
    for (const Tensor& in : inputs) {
      if (!in.defined()) continue;
      if (tape->watches_accessed_variables() && in.is_variable() && in.variable_info()->trainable)
        tape->watch(in);
      tracked |= tape->tracks(in.id());
    }
    if (!tracked) continue;
    if (!node) {
      node = std::make_shared<Node>();
      node->op = op;
      for (const Tensor& in : inputs)
        node->inputs.push_back(in.defined() ? Edge{in.id(), in.shape(), in.dtype()}
                                            : Edge{0, {}, DType::Bool});
      for (const Tensor& out : outputs)
        node->outputs.push_back(Edge{out.id(), out.shape(), out.dtype()});
      node->backward = std::move(backward);
    }
    tape->add_node(node);
  }
}

NoRecord::NoRecord() : saved_(std::move(tape_stack())) { tape_stack().clear(); }
NoRecord::~NoRecord() { tape_stack() = std::move(saved_); }

}  // namespace nnext::autograd
