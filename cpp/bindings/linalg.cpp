// Python bindings of the LAPACK-backed linear algebra ops (names prefixed `linalg_` in
// _core; python/nnext/keras/ops/linalg.py gives them Keras's names and arguments).
#include "ops/linalg.h"

#include "bindings/bindings.h"
#include "ops/tridiagonal.h"

namespace nnext::bindings {
namespace {

// Factorizations cost about n^3 per matrix: enough to let other threads run for all but
// the tiniest inputs.
int64_t cubic_work(const Tensor& t) {
  const int64_t n = t.ndim() == 0 ? 1 : t.dim(t.ndim() - 1);
  return t.numel() * n;
}

}  // namespace

void bind_linalg(py::module_& m) {
  auto unary = [](auto op) {
    return [op](py::handle a) {
      Tensor t = to_tensor(a);
      return call_without_gil(cubic_work(t), op, t);
    };
  };
  m.def("linalg_inv", unary(&ops::inv), py::arg("a"));
  m.def("linalg_det", unary(&ops::det), py::arg("a"));
  m.def("linalg_slogdet", unary(&ops::slogdet), py::arg("a"));
  m.def("linalg_cholesky", unary(&ops::cholesky), py::arg("a"));
  m.def("linalg_eigh", unary(&ops::eigh), py::arg("a"));
  m.def("linalg_lu_factor", unary(&ops::lu_factor), py::arg("a"));
  m.def("linalg_lu", unary(&ops::lu), py::arg("a"));
  m.def(
      "linalg_solve",
      [](py::handle a, py::handle b) {
        Tensor x = to_tensor(a), y = to_tensor(b);
        return call_without_gil(cubic_work(x), &ops::solve, x, y);
      },
      py::arg("a"), py::arg("b"));
  m.def(
      "linalg_solve_triangular",
      [](py::handle a, py::handle b, bool lower) {
        Tensor x = to_tensor(a), y = to_tensor(b);
        return call_without_gil(cubic_work(x), &ops::solve_triangular, x, y, lower);
      },
      py::arg("a"), py::arg("b"), py::arg("lower") = false);
  m.def(
      "linalg_qr",
      [](py::handle a, bool complete) {
        Tensor x = to_tensor(a);
        return call_without_gil(cubic_work(x), &ops::qr, x, complete);
      },
      py::arg("a"), py::arg("complete") = false);
  m.def(
      "linalg_svd",
      [](py::handle a, bool full_matrices, bool compute_uv) {
        Tensor x = to_tensor(a);
        return call_without_gil(cubic_work(x), &ops::svd, x, full_matrices, compute_uv);
      },
      py::arg("a"), py::arg("full_matrices") = true, py::arg("compute_uv") = true);
  m.def(
      "linalg_lstsq",
      [](py::handle a, py::handle b, double rcond) {
        Tensor x = to_tensor(a), y = to_tensor(b);
        return call_without_gil(cubic_work(x), &ops::lstsq, x, y, rcond);
      },
      py::arg("a"), py::arg("b"), py::arg("rcond") = -1.0);
  // method: "thomas", "partial_pivoting" or "perturb_singular" (kernels/tridiagonal.h).
  m.def(
      "linalg_tridiagonal_solve",
      [](py::handle diagonals, py::handle rhs, const std::string& method) {
        using kernels::TridiagonalMethod;
        TridiagonalMethod how = method == "thomas"             ? TridiagonalMethod::Thomas
                                : method == "perturb_singular" ? TridiagonalMethod::PerturbSingular
                                                               : TridiagonalMethod::PartialPivoting;
        Tensor d = to_tensor(diagonals), b = to_tensor(rhs);
        return call_without_gil(b.numel() * 8, &ops::tridiagonal_solve, d, b, how);
      },
      py::arg("diagonals"), py::arg("rhs"), py::arg("method") = "partial_pivoting");
}

}  // namespace nnext::bindings
