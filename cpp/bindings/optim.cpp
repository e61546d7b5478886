// Python bindings of the in-place optimizer updates (called by nnext.keras.optimizers).
#include "bindings/bindings.h"
#include "core/error.h"
#include "ops/optim.h"

namespace nnext::bindings {
namespace {

// A tensor the update writes: it must already be an nnext Tensor, since a converted copy
// would take the update and be thrown away.
Tensor state(py::handle value, const char* op, const char* name) {
  NNEXT_CHECK(py::isinstance<Tensor>(value), TypeError, op, ": ", name,
              " must be an nnext Tensor or Variable (it is updated in place), got ",
              py::str(py::type::of(value).attr("__name__")).cast<std::string>());
  return value.cast<Tensor>();
}

Tensor optional_state(py::handle value, const char* op, const char* name) {
  return value.is_none() ? Tensor() : state(value, op, name);
}

// The tensors adam_update and adamw_update share: the variable, its gradient and the m, v
// and optional vhat slots, converted in argument order.
struct AdamTensors {
  Tensor var, grad, m, v, vhat;
};

AdamTensors adam_tensors(const char* op, py::handle var, py::handle grad, py::handle m_slot,
                         py::handle v_slot, py::handle vhat) {
  return {state(var, op, "var"), to_tensor(grad), state(m_slot, op, "m"), state(v_slot, op, "v"),
          optional_state(vhat, op, "vhat")};
}

}  // namespace

void bind_optim(py::module_& m) {
  m.def("sgd_update", [](py::handle var, py::handle grad, py::handle momentum_slot,
                         double learning_rate, double momentum, bool nesterov) {
    const char* op = "sgd_update";
    Tensor w = state(var, op, "var"), g = to_tensor(grad);
    Tensor slot = optional_state(momentum_slot, op, "momentum");
    call_without_gil(w.numel(), ops::sgd_update, w, g, slot, learning_rate, momentum, nesterov);
  }, py::arg("var"), py::arg("grad"), py::arg("momentum_slot"), py::arg("learning_rate"),
     py::arg("momentum"), py::arg("nesterov"));

  m.def("rmsprop_update", [](py::handle var, py::handle grad, py::handle velocity,
                             py::handle momentum_slot, py::handle average_grad,
                             double learning_rate, double rho, double momentum, double epsilon,
                             bool centered) {
    const char* op = "rmsprop_update";
    Tensor w = state(var, op, "var"), g = to_tensor(grad);
    Tensor v = state(velocity, op, "velocity");
    Tensor mom = optional_state(momentum_slot, op, "momentum");
    Tensor avg = optional_state(average_grad, op, "average_grad");
    call_without_gil(w.numel(), ops::rmsprop_update, w, g, v, mom, avg, learning_rate, rho,
                     momentum, epsilon, centered);
  }, py::arg("var"), py::arg("grad"), py::arg("velocity"), py::arg("momentum_slot"),
     py::arg("average_grad"), py::arg("learning_rate"), py::arg("rho"), py::arg("momentum"),
     py::arg("epsilon"), py::arg("centered"));

  m.def("adam_update", [](py::handle var, py::handle grad, py::handle m_slot, py::handle v_slot,
                          py::handle vhat, double learning_rate, double beta_1, double beta_2,
                          double epsilon, int64_t step) {
    const AdamTensors t = adam_tensors("adam_update", var, grad, m_slot, v_slot, vhat);
    call_without_gil(t.var.numel(), ops::adam_update, t.var, t.grad, t.m, t.v, t.vhat,
                     learning_rate, beta_1, beta_2, epsilon, step);
  }, py::arg("var"), py::arg("grad"), py::arg("m"), py::arg("v"), py::arg("vhat"),
     py::arg("learning_rate"), py::arg("beta_1"), py::arg("beta_2"), py::arg("epsilon"),
     py::arg("step"));

  m.def("adamw_update", [](py::handle var, py::handle grad, py::handle m_slot, py::handle v_slot,
                           py::handle vhat, double learning_rate, double beta_1, double beta_2,
                           double epsilon, int64_t step, double weight_decay) {
    const AdamTensors t = adam_tensors("adamw_update", var, grad, m_slot, v_slot, vhat);
    call_without_gil(t.var.numel(), ops::adamw_update, t.var, t.grad, t.m, t.v, t.vhat,
                     learning_rate, beta_1, beta_2, epsilon, step, weight_decay);
  }, py::arg("var"), py::arg("grad"), py::arg("m"), py::arg("v"), py::arg("vhat"),
     py::arg("learning_rate"), py::arg("beta_1"), py::arg("beta_2"), py::arg("epsilon"),
     py::arg("step"), py::arg("weight_decay"));

  m.def("adamax_update", [](py::handle var, py::handle grad, py::handle m_slot,
                            py::handle u_slot, double learning_rate, double beta_1,
                            double beta_2, double epsilon, int64_t step) {
    const char* op = "adamax_update";
    Tensor w = state(var, op, "var"), g = to_tensor(grad);
    Tensor pm = state(m_slot, op, "m"), pu = state(u_slot, op, "u");
    call_without_gil(w.numel(), ops::adamax_update, w, g, pm, pu, learning_rate, beta_1, beta_2,
                     epsilon, step);
  }, py::arg("var"), py::arg("grad"), py::arg("m"), py::arg("u"), py::arg("learning_rate"),
     py::arg("beta_1"), py::arg("beta_2"), py::arg("epsilon"), py::arg("step"));

  m.def("nadam_update", [](py::handle var, py::handle grad, py::handle m_slot,
                           py::handle v_slot, double learning_rate, double beta_2,
                           double epsilon, double mu_t, double mu_next, double prod_t,
                           double prod_next, double beta_1, int64_t step) {
    const char* op = "nadam_update";
    Tensor w = state(var, op, "var"), g = to_tensor(grad);
    Tensor pm = state(m_slot, op, "m"), pv = state(v_slot, op, "v");
    call_without_gil(w.numel(), ops::nadam_update, w, g, pm, pv, learning_rate, beta_2, epsilon,
                     mu_t, mu_next, prod_t, prod_next, beta_1, step);
  }, py::arg("var"), py::arg("grad"), py::arg("m"), py::arg("v"), py::arg("learning_rate"),
     py::arg("beta_2"), py::arg("epsilon"), py::arg("mu_t"), py::arg("mu_next"),
     py::arg("prod_t"), py::arg("prod_next"), py::arg("beta_1"), py::arg("step"));

  m.def("lion_update", [](py::handle var, py::handle grad, py::handle m_slot,
                          double learning_rate, double beta_1, double beta_2) {
    const char* op = "lion_update";
    Tensor w = state(var, op, "var"), g = to_tensor(grad);
    Tensor pm = state(m_slot, op, "momentum");
    call_without_gil(w.numel(), ops::lion_update, w, g, pm, learning_rate, beta_1, beta_2);
  }, py::arg("var"), py::arg("grad"), py::arg("m"), py::arg("learning_rate"), py::arg("beta_1"),
     py::arg("beta_2"));

  m.def("adadelta_update", [](py::handle var, py::handle grad, py::handle accumulated_grad,
                              py::handle accumulated_delta, double learning_rate, double rho,
                              double epsilon) {
    const char* op = "adadelta_update";
    Tensor w = state(var, op, "var"), g = to_tensor(grad);
    Tensor pa = state(accumulated_grad, op, "accumulated_grad");
    Tensor pd = state(accumulated_delta, op, "accumulated_delta");
    call_without_gil(w.numel(), ops::adadelta_update, w, g, pa, pd, learning_rate, rho, epsilon);
  }, py::arg("var"), py::arg("grad"), py::arg("accumulated_grad"), py::arg("accumulated_delta"),
     py::arg("learning_rate"), py::arg("rho"), py::arg("epsilon"));

  m.def("ftrl_update", [](py::handle var, py::handle grad, py::handle accumulator,
                          py::handle linear, double learning_rate, double power, double l1,
                          double l2, double l2_shrinkage) {
    const char* op = "ftrl_update";
    Tensor w = state(var, op, "var"), g = to_tensor(grad);
    Tensor pn = state(accumulator, op, "accumulator"), pz = state(linear, op, "linear");
    call_without_gil(w.numel(), ops::ftrl_update, w, g, pn, pz, learning_rate, power, l1, l2,
                     l2_shrinkage);
  }, py::arg("var"), py::arg("grad"), py::arg("accumulator"), py::arg("linear"),
     py::arg("learning_rate"), py::arg("power"), py::arg("l1"), py::arg("l2"),
     py::arg("l2_shrinkage"));

  m.def("schedule_free_adamw_update", [](py::handle var, py::handle grad, py::handle z_slot,
                                         py::handle v_slot, double learning_rate, double beta_1,
                                         double beta_2, double epsilon, int64_t step) {
    const char* op = "schedule_free_adamw_update";
    Tensor w = state(var, op, "var"), g = to_tensor(grad);
    Tensor pz = state(z_slot, op, "z"), pv = state(v_slot, op, "v");
    call_without_gil(w.numel(), ops::schedule_free_adamw_update, w, g, pz, pv, learning_rate,
                     beta_1, beta_2, epsilon, step);
  }, py::arg("var"), py::arg("grad"), py::arg("z"), py::arg("v"), py::arg("learning_rate"),
     py::arg("beta_1"), py::arg("beta_2"), py::arg("epsilon"), py::arg("step"));

  m.def("lamb_update", [](py::handle var, py::handle grad, py::handle m_slot, py::handle v_slot,
                          double learning_rate, double beta_1, double beta_2, double epsilon,
                          int64_t step) {
    const char* op = "lamb_update";
    Tensor w = state(var, op, "var"), g = to_tensor(grad);
    Tensor pm = state(m_slot, op, "m"), pv = state(v_slot, op, "v");
    call_without_gil(w.numel(), ops::lamb_update, w, g, pm, pv, learning_rate, beta_1, beta_2,
                     epsilon, step);
  }, py::arg("var"), py::arg("grad"), py::arg("m"), py::arg("v"), py::arg("learning_rate"),
     py::arg("beta_1"), py::arg("beta_2"), py::arg("epsilon"), py::arg("step"));

  m.def("adagrad_update", [](py::handle var, py::handle grad, py::handle accumulator,
                             double learning_rate, double epsilon) {
    const char* op = "adagrad_update";
    Tensor w = state(var, op, "var"), g = to_tensor(grad);
    Tensor acc = state(accumulator, op, "accumulator");
    call_without_gil(w.numel(), ops::adagrad_update, w, g, acc, learning_rate, epsilon);
  }, py::arg("var"), py::arg("grad"), py::arg("accumulator"), py::arg("learning_rate"),
     py::arg("epsilon"));
}

}  // namespace nnext::bindings
