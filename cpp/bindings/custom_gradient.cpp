// keras.ops.custom_gradient: a Python function whose gradient is another Python function.
// The forward runs with every tape paused; one node is recorded whose backward calls the
// Python gradient function (taking the GIL: the reverse walk runs without it).
#include "autograd/tape.h"
#include "bindings/bindings.h"
#include "core/error.h"

namespace nnext::bindings {
namespace {

// The Python gradient function outlives the call: the tape owns it and may drop it on a
// thread without the GIL, so releasing it takes the GIL.
std::shared_ptr<py::object> keep_alive(py::object fn) {
  return std::shared_ptr<py::object>(new py::object(std::move(fn)), [](py::object* p) {
    py::gil_scoped_acquire gil;
    delete p;
  });
}

// A Python error raised inside the reverse walk, as an nnext error of the same kind (the
// walk is C++; the message survives, the Python traceback does not).
[[noreturn]] void rethrow_as_nnext_error(py::error_already_set& e) {
  ErrorKind kind = e.matches(PyExc_ValueError)   ? ErrorKind::ValueError
                   : e.matches(PyExc_TypeError)  ? ErrorKind::TypeError
                   : e.matches(PyExc_IndexError) ? ErrorKind::IndexError
                                                 : ErrorKind::RuntimeError;
  throw Error(kind, std::string("custom_gradient: the gradient function raised: ") + e.what());
}

}  // namespace

void bind_custom_gradient(py::module_& m) {
  m.def(
      "_call_with_custom_gradient",
      [](const std::vector<Tensor>& inputs, py::function forward) {
        py::object result;
        {
          autograd::NoRecord pause;
          result = forward();
        }
        py::tuple pair = result.cast<py::tuple>();
        NNEXT_CHECK(pair.size() == 2, ValueError,
                    "custom_gradient: the function must return (outputs, gradient_function)");
        std::vector<Tensor> outputs = pair[0].cast<std::vector<Tensor>>();
        if (autograd::any_tape()) {
          auto grad_fn = keep_alive(py::reinterpret_borrow<py::object>(pair[1]));
          const size_t n_inputs = inputs.size();
          autograd::record("custom_gradient", inputs, outputs,
                           [grad_fn, n_inputs](const autograd::Grads& grads) -> autograd::Grads {
                             py::gil_scoped_acquire gil;
                             autograd::Grads out;
                             try {
                               py::list upstream;
                               for (const Tensor& g : grads) upstream.append(py::cast(g));
                               py::object returned = (*grad_fn)(upstream);
                               for (py::handle h : returned)
                                 out.push_back(h.is_none() ? Tensor() : to_tensor(h));
                             } catch (py::error_already_set& e) {
                               rethrow_as_nnext_error(e);
                             }
                             NNEXT_CHECK(out.size() == n_inputs, ValueError,
                                         "custom_gradient: the gradient function "
                                         "returned ",
                                         out.size(), " gradients for ", n_inputs, " inputs");
                             return out;
                           });
        }
        return outputs;
      },
      py::arg("inputs"), py::arg("forward"));
}

}  // namespace nnext::bindings
