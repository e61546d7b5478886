// The C++ tape as python/nnext/_tape.py drives it: push/pop around the `with` block, watch,
// gradient over a flat list of sources (the Python side restores nesting). Each goes through
// call_without_gil with the tape as a shared_ptr, so that a compiled step records it and a
// replay stands a fresh tape in (bindings/trace.h).
#include <limits>

#include "autograd/tape.h"
#include "bindings/bindings.h"

namespace nnext::bindings {

using trace::TapePtr;

void bind_autograd(py::module_& m) {
  py::class_<autograd::Tape, std::shared_ptr<autograd::Tape>>(m, "_Tape")
      .def(py::init<bool, bool>(), py::arg("persistent"), py::arg("watch_accessed_variables"))
      .def("push",
           [](const TapePtr& tape) {
             call_without_gil(0, [](const TapePtr& t) { t->push(); }, tape);
           })
      .def("pop",
           [](const TapePtr& tape) {
             call_without_gil(0, [](const TapePtr& t) { t->pop(); }, tape);
           })
      .def_property_readonly("recording", &autograd::Tape::is_recording)
      .def_property("persistent", &autograd::Tape::persistent, &autograd::Tape::set_persistent)
      .def("watch",
           [](const TapePtr& tape, const Tensor& x) {
             call_without_gil(0, [](const TapePtr& t, const Tensor& x_) { t->watch(x_); }, tape, x);
           })
      .def("watched_variables",
           [](const autograd::Tape& t) {
             py::list out;
             for (const Tensor& v : t.watched_variables()) out.append(py::cast(Variable(v)));
             return out;
           })
      .def("gradient", [](const TapePtr& tape, const std::vector<Tensor>& targets,
                          const std::vector<Tensor>& sources, const py::list& output_gradients) {
        std::vector<Tensor> seeds;
        for (py::handle g : output_gradients)
          seeds.push_back(g.is_none() ? Tensor() : to_tensor(g));
        // The backward pass always runs without the GIL: its size is unknown up front.
        const int64_t any_size = std::numeric_limits<int64_t>::max();
        std::vector<Tensor> grads = call_without_gil(
            any_size,
            [](const TapePtr& t, const std::vector<Tensor>& targets_,
               const std::vector<Tensor>& sources_, const std::vector<Tensor>& seeds_) {
              return t->gradient(targets_, sources_, seeds_);
            },
            tape, targets, sources, seeds);
        py::list out;
        for (const Tensor& g : grads) out.append(g.defined() ? py::cast(g) : py::none());
        return out;
      });
}

}  // namespace nnext::bindings
