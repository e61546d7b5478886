// Compiled steps: while a Trace records on this thread, every binding's op call (the one
// funnel, call_without_gil) runs and is appended as a step {op, converted arguments, result
// handles}. replay() re-runs the steps in order with no Python and rebinds each recorded
// result handle to the fresh result, so later steps, Python's handles and the outputs see it.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "autograd/tape.h"
#include "core/tensor.h"

namespace nnext::bindings::trace {

using TapePtr = std::shared_ptr<autograd::Tape>;

// One replay's state: the tapes of the trace stand for fresh tapes of the same kind, so
// the replayed ops record a new graph (with this replay's intermediates) for the recorded
// gradient calls to walk, exactly as the eager step does.
class ReplayContext {
 public:
  explicit ReplayContext(bool tracing) : tracing_(tracing) {}
  const TapePtr& tape(const TapePtr& recorded);
  template <class T>
  decltype(auto) substitute(T& value) {
    if constexpr (std::is_same_v<std::decay_t<T>, TapePtr>) {
      return TapePtr(tape(value));
    } else {
      return (value);
    }
  }

 private:
  bool tracing_;  // the trace-time run itself: every tape stands for itself
  std::unordered_map<autograd::Tape*, TapePtr> tapes_;
};

class Trace {
 public:
  Trace();
  void begin();  // starts recording on this thread
  void end();    // stops recording
  bool recording() const { return recording_; }

  // Why this trace cannot be replayed (empty when it can), with the Python line.
  const std::string& failure() const { return failure_; }
  void fail(const std::string& reason);
  bool created_variables() const { return created_variables_; }

  // An input of the traced function: a fresh handle over the same bytes that replay
  // rebinds to each call's data.
  Tensor add_input(const Tensor& t);
  // Tensors converted from Python data while tracing: constants of the trace.
  void note_constant(const Tensor& t) {
    if (t.defined()) constants_.insert(t.id());
  }
  // A tensor the recording depends on must be an input, a Variable, a constant, a step's
  // result or older than the trace; anything else came from an op that did not record.
  void check(const Tensor& t, const char* what);
  // Whether `t`'s value may differ from one replay to the next (reading it in Python
  // would fix it into the trace).
  bool varies(const Tensor& t) const;
  void note_result(const Tensor& t) {
    if (t.defined()) known_.insert(t.id());
  }

  void add_step(std::function<void(ReplayContext&)> step) { steps_.push_back(std::move(step)); }
  // Binds `inputs` to the input handles and runs every step.
  void replay(const std::vector<Tensor>& inputs);
  size_t size() const { return steps_.size(); }

 private:
  bool recording_ = false;
  bool created_variables_ = false;
  uint64_t start_id_ = 0;
  std::string failure_;
  std::vector<Tensor> inputs_;
  std::unordered_set<uint64_t> known_, constants_;
  std::vector<std::function<void(ReplayContext&)>> steps_;
};

// The trace recording on this thread, or nullptr.
Trace* active();

// Makes `recorded` (a step's result handle) show `fresh`: same storage, layout and identity.
void rebind(const Tensor& recorded, const Tensor& fresh);

// A number an op reads when it runs: a Python number, or a one-element tensor (an
// optimizer's learning-rate Variable, its step) read at each replay rather than at trace.
struct LateScalar {
  double value = 0;
  Tensor tensor;
  double get() const;
};

// Calls Fn with every LateScalar argument read now; an empty type, so call_without_gil
// takes it as its op: call_without_gil(n, LateBound<ops::sgd_update>{}, w, g, lr, ...).
template <class T, std::enable_if_t<!std::is_same_v<std::decay_t<T>, LateScalar>, int> = 0>
T&& late_value(T&& v) {
  return std::forward<T>(v);
}
inline double late_value(const LateScalar& s) { return s.get(); }
template <auto Fn>
struct LateBound {
  template <class... A>
  decltype(auto) operator()(A&&... a) const {
    return Fn(late_value(std::forward<A>(a))...);
  }
};

// -- walking the tensors inside argument and result values --------------------------------

template <class T>
struct is_tensor_value : std::false_type {};
template <>
struct is_tensor_value<Tensor> : std::true_type {};
template <class T>
struct is_tensor_value<std::vector<T>> : is_tensor_value<T> {};
template <class... T>
struct is_tensor_value<std::tuple<T...>> : std::conjunction<is_tensor_value<T>...> {};
template <class A, class B>
struct is_tensor_value<std::pair<A, B>> : std::conjunction<is_tensor_value<A>, is_tensor_value<B>> {
};

template <class F>
void each_tensor(const Tensor& t, F&& f) {
  f(t);
}
template <class T, class F>
void each_tensor(const std::vector<T>& v, F&& f) {
  for (const auto& x : v) each_tensor(x, f);
}
template <class T, class F>
void each_tensor(const std::optional<T>& v, F&& f) {
  if (v) each_tensor(*v, f);
}
template <class A, class B, class F>
void each_tensor(const std::pair<A, B>& v, F&& f) {
  each_tensor(v.first, f);
  each_tensor(v.second, f);
}
template <class F>
void each_tensor(const LateScalar& v, F&& f) {
  f(v.tensor);
}
template <class... T, class F>
void each_tensor(const std::tuple<T...>& v, F&& f) {
  std::apply([&](const auto&... x) { (each_tensor(x, f), ...); }, v);
}
template <class T, class F, std::enable_if_t<!std::is_base_of_v<Tensor, T>, int> = 0>
void each_tensor(const T&, F&&) {}  // numbers, shapes, tapes: no tensor inside

template <class R>
void rebind_all(const R& recorded, const R& fresh) {
  std::vector<Tensor> a, b;
  each_tensor(recorded, [&](const Tensor& t) { a.push_back(t); });
  each_tensor(fresh, [&](const Tensor& t) { b.push_back(t); });
  if (a.size() != b.size())
    throw std::runtime_error("internal error: a replayed step changed arity");
  for (size_t i = 0; i < a.size(); ++i) rebind(a[i], b[i]);
}

// Runs op(args...) now and records it as a step of `trace`.
template <class Op, class... Args>
decltype(auto) record(Trace& trace, Op op, Args&&... args) {
  static_assert((!std::is_same_v<std::decay_t<Args>, autograd::Tape> && ...),
                "trace: pass tapes as shared_ptr so that a replay can stand fresh ones in");
  auto stored = std::make_tuple(std::decay_t<Args>(std::forward<Args>(args))...);
  each_tensor(stored, [&](const Tensor& t) { trace.check(t, "an argument"); });
  using R = decltype(std::apply(op, stored));
  auto run = [op](auto& values, ReplayContext& ctx) -> R {
    return std::apply([&](auto&... a) -> R { return op(ctx.substitute(a)...); }, values);
  };
  ReplayContext now(true);
  if constexpr (std::is_void_v<R>) {
    run(stored, now);
    trace.add_step([run, stored](ReplayContext& ctx) mutable { run(stored, ctx); });
  } else {
    R result = run(stored, now);
    if constexpr (is_tensor_value<R>::value) {
      each_tensor(result, [&](const Tensor& t) { trace.note_result(t); });
      trace.add_step([run, stored, result](ReplayContext& ctx) mutable {
        rebind_all(result, run(stored, ctx));
      });
    } else {
      trace.fail("an operation returned a Python value (it would be fixed at its traced value)");
    }
    return result;
  }
}

}  // namespace nnext::bindings::trace
