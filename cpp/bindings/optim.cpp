// Python bindings of the in-place optimizer updates (called by nnext.keras.optimizers).
#include "ops/optim.h"

#include "bindings/bindings.h"
#include "core/error.h"

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

// The learning rate and step: a Python number, or a one-element tensor (the optimizer's
// Variable) that the update reads when it runs, so that a replayed step sees its new value.
trace::LateScalar late(py::handle value) {
  if (py::isinstance<Tensor>(value)) {
    Tensor t = value.cast<Tensor>();
    NNEXT_CHECK(t.numel() == 1, ValueError,
                "optimizer update: a tensor learning rate or step "
                "must have one element, got shape ",
                shape_str(t.shape()));
    return {0.0, t};
  }
  return {value.cast<double>(), Tensor()};
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
  m.def(
      "sgd_update",
      [](py::handle var, py::handle grad, py::handle momentum_slot, py::handle learning_rate,
         double momentum, bool nesterov) {
        const char* op = "sgd_update";
        Tensor w = state(var, op, "var"), g = to_tensor(grad);
        Tensor slot = optional_state(momentum_slot, op, "momentum");
        call_without_gil(w.numel(), trace::LateBound<ops::sgd_update>{}, w, g, slot,
                         late(learning_rate), momentum, nesterov);
      },
      py::arg("var"), py::arg("grad"), py::arg("momentum_slot"), py::arg("learning_rate"),
      py::arg("momentum"), py::arg("nesterov"));

  m.def(
      "rmsprop_update",
      [](py::handle var, py::handle grad, py::handle velocity, py::handle momentum_slot,
         py::handle average_grad, py::handle learning_rate, double rho, double momentum,
         double epsilon, bool centered) {
        const char* op = "rmsprop_update";
        Tensor w = state(var, op, "var"), g = to_tensor(grad);
        Tensor v = state(velocity, op, "velocity");
        Tensor mom = optional_state(momentum_slot, op, "momentum");
        Tensor avg = optional_state(average_grad, op, "average_grad");
        call_without_gil(w.numel(), trace::LateBound<ops::rmsprop_update>{}, w, g, v, mom, avg,
                         late(learning_rate), rho, momentum, epsilon, centered);
      },
      py::arg("var"), py::arg("grad"), py::arg("velocity"), py::arg("momentum_slot"),
      py::arg("average_grad"), py::arg("learning_rate"), py::arg("rho"), py::arg("momentum"),
      py::arg("epsilon"), py::arg("centered"));

  m.def(
      "adam_update",
      [](py::handle var, py::handle grad, py::handle m_slot, py::handle v_slot, py::handle vhat,
         py::handle learning_rate, double beta_1, double beta_2, double epsilon, py::handle step) {
        const AdamTensors t = adam_tensors("adam_update", var, grad, m_slot, v_slot, vhat);
        call_without_gil(t.var.numel(), trace::LateBound<ops::adam_update>{}, t.var, t.grad, t.m,
                         t.v, t.vhat, late(learning_rate), beta_1, beta_2, epsilon, late(step));
      },
      py::arg("var"), py::arg("grad"), py::arg("m"), py::arg("v"), py::arg("vhat"),
      py::arg("learning_rate"), py::arg("beta_1"), py::arg("beta_2"), py::arg("epsilon"),
      py::arg("step"));

  m.def(
      "adamw_update",
      [](py::handle var, py::handle grad, py::handle m_slot, py::handle v_slot, py::handle vhat,
         py::handle learning_rate, double beta_1, double beta_2, double epsilon, py::handle step,
         double weight_decay) {
        const AdamTensors t = adam_tensors("adamw_update", var, grad, m_slot, v_slot, vhat);
        call_without_gil(t.var.numel(), trace::LateBound<ops::adamw_update>{}, t.var, t.grad, t.m,
                         t.v, t.vhat, late(learning_rate), beta_1, beta_2, epsilon, late(step),
                         weight_decay);
      },
      py::arg("var"), py::arg("grad"), py::arg("m"), py::arg("v"), py::arg("vhat"),
      py::arg("learning_rate"), py::arg("beta_1"), py::arg("beta_2"), py::arg("epsilon"),
      py::arg("step"), py::arg("weight_decay"));

  m.def(
      "adamax_update",
      [](py::handle var, py::handle grad, py::handle m_slot, py::handle u_slot,
         py::handle learning_rate, double beta_1, double beta_2, double epsilon, py::handle step) {
        const char* op = "adamax_update";
        Tensor w = state(var, op, "var"), g = to_tensor(grad);
        Tensor pm = state(m_slot, op, "m"), pu = state(u_slot, op, "u");
        call_without_gil(w.numel(), trace::LateBound<ops::adamax_update>{}, w, g, pm, pu,
                         late(learning_rate), beta_1, beta_2, epsilon, late(step));
      },
      py::arg("var"), py::arg("grad"), py::arg("m"), py::arg("u"), py::arg("learning_rate"),
      py::arg("beta_1"), py::arg("beta_2"), py::arg("epsilon"), py::arg("step"));

  m.def(
      "nadam_update",
      [](py::handle var, py::handle grad, py::handle m_slot, py::handle v_slot,
         py::handle learning_rate, double beta_2, double epsilon, double mu_t, double mu_next,
         double prod_t, double prod_next, double beta_1, py::handle step) {
        const char* op = "nadam_update";
        Tensor w = state(var, op, "var"), g = to_tensor(grad);
        Tensor pm = state(m_slot, op, "m"), pv = state(v_slot, op, "v");
        call_without_gil(w.numel(), trace::LateBound<ops::nadam_update>{}, w, g, pm, pv,
                         late(learning_rate), beta_2, epsilon, mu_t, mu_next, prod_t, prod_next,
                         beta_1, late(step));
      },
      py::arg("var"), py::arg("grad"), py::arg("m"), py::arg("v"), py::arg("learning_rate"),
      py::arg("beta_2"), py::arg("epsilon"), py::arg("mu_t"), py::arg("mu_next"), py::arg("prod_t"),
      py::arg("prod_next"), py::arg("beta_1"), py::arg("step"));

  m.def(
      "lion_update",
      [](py::handle var, py::handle grad, py::handle m_slot, py::handle learning_rate,
         double beta_1, double beta_2) {
        const char* op = "lion_update";
        Tensor w = state(var, op, "var"), g = to_tensor(grad);
        Tensor pm = state(m_slot, op, "momentum");
        call_without_gil(w.numel(), trace::LateBound<ops::lion_update>{}, w, g, pm,
                         late(learning_rate), beta_1, beta_2);
      },
      py::arg("var"), py::arg("grad"), py::arg("m"), py::arg("learning_rate"), py::arg("beta_1"),
      py::arg("beta_2"));

  m.def(
      "adadelta_update",
      [](py::handle var, py::handle grad, py::handle accumulated_grad, py::handle accumulated_delta,
         py::handle learning_rate, double rho, double epsilon) {
        const char* op = "adadelta_update";
        Tensor w = state(var, op, "var"), g = to_tensor(grad);
        Tensor pa = state(accumulated_grad, op, "accumulated_grad");
        Tensor pd = state(accumulated_delta, op, "accumulated_delta");
        call_without_gil(w.numel(), trace::LateBound<ops::adadelta_update>{}, w, g, pa, pd,
                         late(learning_rate), rho, epsilon);
      },
      py::arg("var"), py::arg("grad"), py::arg("accumulated_grad"), py::arg("accumulated_delta"),
      py::arg("learning_rate"), py::arg("rho"), py::arg("epsilon"));

  m.def(
      "ftrl_update",
      [](py::handle var, py::handle grad, py::handle accumulator, py::handle linear,
         py::handle learning_rate, double power, double l1, double l2, double l2_shrinkage) {
        const char* op = "ftrl_update";
        Tensor w = state(var, op, "var"), g = to_tensor(grad);
        Tensor pn = state(accumulator, op, "accumulator"), pz = state(linear, op, "linear");
        call_without_gil(w.numel(), trace::LateBound<ops::ftrl_update>{}, w, g, pn, pz,
                         late(learning_rate), power, l1, l2, l2_shrinkage);
      },
      py::arg("var"), py::arg("grad"), py::arg("accumulator"), py::arg("linear"),
      py::arg("learning_rate"), py::arg("power"), py::arg("l1"), py::arg("l2"),
      py::arg("l2_shrinkage"));

  m.def(
      "schedule_free_adamw_update",
      [](py::handle var, py::handle grad, py::handle z_slot, py::handle v_slot,
         py::handle learning_rate, double beta_1, double beta_2, double epsilon, py::handle step) {
        const char* op = "schedule_free_adamw_update";
        Tensor w = state(var, op, "var"), g = to_tensor(grad);
        Tensor pz = state(z_slot, op, "z"), pv = state(v_slot, op, "v");
        call_without_gil(w.numel(), trace::LateBound<ops::schedule_free_adamw_update>{}, w, g, pz,
                         pv, late(learning_rate), beta_1, beta_2, epsilon, late(step));
      },
      py::arg("var"), py::arg("grad"), py::arg("z"), py::arg("v"), py::arg("learning_rate"),
      py::arg("beta_1"), py::arg("beta_2"), py::arg("epsilon"), py::arg("step"));

  m.def(
      "lamb_update",
      [](py::handle var, py::handle grad, py::handle m_slot, py::handle v_slot,
         py::handle learning_rate, double beta_1, double beta_2, double epsilon, py::handle step) {
        const char* op = "lamb_update";
        Tensor w = state(var, op, "var"), g = to_tensor(grad);
        Tensor pm = state(m_slot, op, "m"), pv = state(v_slot, op, "v");
        call_without_gil(w.numel(), trace::LateBound<ops::lamb_update>{}, w, g, pm, pv,
                         late(learning_rate), beta_1, beta_2, epsilon, late(step));
      },
      py::arg("var"), py::arg("grad"), py::arg("m"), py::arg("v"), py::arg("learning_rate"),
      py::arg("beta_1"), py::arg("beta_2"), py::arg("epsilon"), py::arg("step"));

  m.def(
      "adagrad_update",
      [](py::handle var, py::handle grad, py::handle accumulator, py::handle learning_rate,
         double epsilon) {
        const char* op = "adagrad_update";
        Tensor w = state(var, op, "var"), g = to_tensor(grad);
        Tensor acc = state(accumulator, op, "accumulator");
        call_without_gil(w.numel(), trace::LateBound<ops::adagrad_update>{}, w, g, acc,
                         late(learning_rate), epsilon);
      },
      py::arg("var"), py::arg("grad"), py::arg("accumulator"), py::arg("learning_rate"),
      py::arg("epsilon"));
}

}  // namespace nnext::bindings
