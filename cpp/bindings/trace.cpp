// The recorder behind nnext.function and Keras's compiled steps (see trace.h), and its
// Python face `_Trace`: begin/end around one run of the Python function, replay after.
#include "bindings/trace.h"

#include "bindings/bindings.h"
#include "core/error.h"

namespace nnext::bindings::trace {
namespace {

thread_local Trace* g_active = nullptr;

// "file:line" of the Python code running now: the innermost frame, and the innermost one
// outside the nnext package when that differs (the user's line).
std::string python_location() {
  std::string inner, user;
  PyFrameObject* frame = PyEval_GetFrame();
  if (frame) Py_INCREF(frame);
  while (frame) {
    PyCodeObject* code = PyFrame_GetCode(frame);
    std::string file = py::str(code->co_filename);
    std::string here = file + ":" + std::to_string(PyFrame_GetLineNumber(frame));
    Py_DECREF(code);
    if (inner.empty()) inner = here;
    const bool ours = file.find("/nnext/") != std::string::npos;
    PyFrameObject* back = PyFrame_GetBack(frame);
    Py_DECREF(frame);
    frame = back;
    if (!ours) {
      user = here;
      if (frame) Py_DECREF(frame);
      break;
    }
  }
  if (user.empty() || user == inner) return inner;
  return user + " (in " + inner + ")";
}

}  // namespace

Trace* active() { return g_active; }

double LateScalar::get() const {
  if (!tensor.defined()) return value;
  return dispatch(tensor.dtype(), [&](auto tag) -> double {
    using T = tag_type<decltype(tag)>;
    return double(*tensor.data<T>());
  });
}

const TapePtr& ReplayContext::tape(const TapePtr& recorded) {
  if (tracing_ || !recorded) return recorded;
  auto it = tapes_.find(recorded.get());
  if (it == tapes_.end())
    it = tapes_
             .emplace(recorded.get(),
                      std::make_shared<autograd::Tape>(recorded->persistent(),
                                                       recorded->watches_accessed_variables()))
             .first;
  return it->second;
}

Trace::Trace() = default;

void Trace::begin() {
  NNEXT_CHECK(!g_active, RuntimeError, "trace: a trace is already recording on this thread");
  NNEXT_CHECK(steps_.empty() && !recording_, RuntimeError,
              "trace: this trace was recorded already");
  // Every tensor made from now on is new to the trace; older ones are captured by handle.
  start_id_ = Tensor::empty({}, DType::Bool).id();
  recording_ = true;
  g_active = this;
}

void Trace::end() {
  if (g_active == this) g_active = nullptr;
  recording_ = false;
}

void Trace::fail(const std::string& reason) {
  if (failure_.empty()) failure_ = python_location() + ": " + reason;
}

Tensor Trace::add_input(const Tensor& t) {
  Tensor alias = t.view(t.shape(), t.strides(), t.offset());
  inputs_.push_back(alias);
  known_.insert(alias.id());
  return alias;
}

bool Trace::varies(const Tensor& t) const {
  if (!t.defined()) return false;
  if (t.is_variable()) return true;
  return t.id() >= start_id_ && !constants_.count(t.id());
}

void Trace::check(const Tensor& t, const char* what) {
  if (!t.defined()) return;
  if (t.is_variable()) {
    if (t.id() >= start_id_) created_variables_ = true;
    return;
  }
  if (t.id() < start_id_) return;
  if (known_.count(t.id()) || constants_.count(t.id())) return;
  fail(std::string(what) +
       " comes from an operation that nnext cannot record in a compiled step yet");
}

void rebind(const Tensor& recorded, const Tensor& fresh) {
  TensorImpl* dst = recorded.impl();
  TensorImpl* src = fresh.impl();
  if (!dst || !src || dst == src || dst->variable) return;
  dst->storage = src->storage;
  dst->shape = src->shape;
  dst->strides = src->strides;
  dst->offset = src->offset;
  dst->dtype = src->dtype;
  // The fresh identity: this replay's tapes recorded the fresh result under it.
  dst->id = src->id;
}

void Trace::replay(const std::vector<Tensor>& inputs) {
  NNEXT_CHECK(!recording_, RuntimeError, "trace: cannot replay a trace while it records");
  NNEXT_CHECK(failure_.empty(), ValueError, "trace: this trace cannot be replayed: ", failure_);
  NNEXT_CHECK(inputs.size() == inputs_.size(), ValueError, "trace: expected ", inputs_.size(),
              " inputs, got ", inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    const Tensor& in = inputs[i];
    TensorImpl* dst = inputs_[i].impl();
    NNEXT_CHECK(in.shape() == dst->shape && in.dtype() == dst->dtype, ValueError, "trace: input ",
                i, " has shape ", shape_str(in.shape()), " and dtype ", dtype_name(in.dtype()),
                ", the trace expects ", shape_str(dst->shape), " and ", dtype_name(dst->dtype));
    // The input handle keeps its own identity: the trace's tapes watch it under that id.
    dst->storage = in.storage();
    dst->strides = in.strides();
    dst->offset = in.offset();
  }
  ReplayContext ctx(false);
  for (auto& step : steps_) step(ctx);
}

}  // namespace nnext::bindings::trace

namespace nnext::bindings {

void bind_trace(py::module_& m) {
  using trace::active;
  using trace::Trace;
  py::class_<Trace, std::shared_ptr<Trace>>(m, "_Trace")
      .def(py::init<>())
      .def("begin", &Trace::begin)
      .def("end", &Trace::end)
      .def("fail", &Trace::fail)
      .def("input", &Trace::add_input)
      .def_property_readonly("failure",
                             [](const Trace& t) -> py::object {
                               if (t.failure().empty()) return py::none();
                               return py::str(t.failure());
                             })
      .def_property_readonly("created_variables", &Trace::created_variables)
      .def_property_readonly("num_steps", &Trace::size)
      .def("check_output", [](Trace& t, const Tensor& out) { t.check(out, "an output"); })
      .def("replay",
           [](Trace& t, const std::vector<Tensor>& inputs, const std::vector<Tensor>& outputs) {
             {
               py::gil_scoped_release release;
               t.replay(inputs);
             }
             // Fresh handles on the outputs: a caller keeping last step's outputs keeps their
             // values when the next replay rebinds the recorded handles.
             py::list out;
             for (const Tensor& o : outputs)
               out.append(o.is_variable() ? py::cast(Variable(o))
                                          : py::cast(o.view(o.shape(), o.strides(), o.offset())));
             return out;
           });
  // While a trace records, reading a tensor's value in Python fixes it into the trace:
  // python/nnext/function.py reports it through this.
  m.def("_trace_note_read", [](const Tensor& t, const std::string& how) {
    Trace* trace = active();
    if (trace && trace->varies(t)) trace->fail(how);
  });
  m.def("_trace_active", [] { return active() != nullptr; });
  m.def("_any_tape", [] { return autograd::any_tape(); });
}

}  // namespace nnext::bindings
