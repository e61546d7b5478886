// Linear algebra ops: checks, the per-matrix LAPACK loop over the batch, and gradient rules
// (matrix calculus in the comments; X^T is the transpose of the last two axes).
#include "ops/linalg.h"

#include <climits>
#include <cmath>
#include <limits>

#include "autograd/tape.h"
#include "core/error.h"
#include "kernels/lapack.h"
#include "ops/creation.h"
#include "ops/elementwise.h"
#include "ops/gather.h"
#include "ops/matmul.h"
#include "ops/shape.h"

namespace nnext::ops {

using autograd::Grads;

namespace {

// A batch of m x n matrices, packed in a fresh contiguous buffer the op may overwrite.
struct Matrices {
  Tensor data;
  Shape batch;
  int64_t count = 0, m = 0, n = 0;
};

Matrices matrices(const Tensor& a, const char* op, bool square) {
  NNEXT_CHECK(a.ndim() >= 2, ValueError, op, ": expected a tensor of rank >= 2, got shape ",
              shape_str(a.shape()));
  NNEXT_CHECK(is_floating(a.dtype()), TypeError, op, ": expected float32 or float64, got ",
              dtype_name(a.dtype()));
  Matrices mats;
  mats.m = a.dim(a.ndim() - 2);
  mats.n = a.dim(a.ndim() - 1);
  NNEXT_CHECK(!square || mats.m == mats.n, ValueError, op,
              ": expected square matrices in the last two axes, got shape ", shape_str(a.shape()));
  NNEXT_CHECK(mats.m <= INT_MAX / 2 && mats.n <= INT_MAX / 2, ValueError, op,
              ": matrix too large for 32-bit LAPACK: ", shape_str(a.shape()));
  mats.batch = Shape(a.shape().begin(), a.shape().end() - 2);
  mats.count = 1;
  for (int64_t d : mats.batch) mats.count *= d;
  mats.data = packed_copy(a);
  return mats;
}

Shape with_matrix(const Shape& batch, int64_t rows, int64_t cols) {
  Shape s = batch;
  s.push_back(rows);
  s.push_back(cols);
  return s;
}

Shape with_vector(const Shape& batch, int64_t n) {
  Shape s = batch;
  s.push_back(n);
  return s;
}

void check_info(int info, const char* op, const char* failure) {
  NNEXT_CHECK(info >= 0, RuntimeError, "internal error: ", op, ": LAPACK argument ", -info,
              " is invalid");
  NNEXT_CHECK(info == 0, ValueError, op, ": ", failure);
}

// The transpose of the last two axes (a view).
Tensor mT(const Tensor& x) {
  std::vector<int64_t> perm(size_t(x.ndim()));
  for (int64_t d = 0; d < x.ndim(); ++d) perm[size_t(d)] = d;
  std::swap(perm[perm.size() - 1], perm[perm.size() - 2]);
  return transpose(x, perm);
}

// x with everything outside its lower (or upper) triangle set to 0; `halve_diagonal`
// scales the diagonal by 1/2 (the Phi of the Cholesky gradient).
Tensor triangle(const Tensor& x, bool lower, bool halve_diagonal = false) {
  const int64_t m = x.dim(x.ndim() - 2), n = x.dim(x.ndim() - 1);
  Tensor mask = Tensor::empty({m, n}, x.dtype());
  dispatch_floating(x.dtype(), [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    T* p = mask.data<T>();
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j)
        p[i * n + j] = i == j ? T(halve_diagonal ? 0.5 : 1.0) : T((lower ? j < i : j > i) ? 1 : 0);
  });
  return x * mask;
}

Tensor unsqueeze2(const Tensor& x) { return expand_dims(expand_dims(x, -1), -1); }

Tensor symmetric_part(const Tensor& x) { return (x + mT(x)) * 0.5; }

// The n x n identity of `like`'s dtype, broadcastable against a batch.
Tensor identity_like(int64_t n, DType dtype) { return eye(n, n, dtype); }

}  // namespace

Tensor inv(const Tensor& a) {
  Matrices mats = matrices(a, "inv", true);
  Tensor y = mats.data;
  const int n = int(mats.n);
  std::vector<int> ipiv(static_cast<size_t>(n));
  dispatch_floating(y.dtype(), [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    for (int64_t i = 0; i < mats.count && n > 0; ++i) {
      T* p = y.data<T>() + i * n * n;
      check_info(kernels::getrf<T>(n, n, p, ipiv.data()), "inv", "the matrix is singular");
      check_info(kernels::getri<T>(n, p, ipiv.data()), "inv", "the matrix is singular");
    }
  });
  // d(A^-1) = -A^-1 dA A^-1, so dL/dA = -Y^T g Y^T.
  if (autograd::any_tape())
    autograd::record("inv", {a}, {y}, [=](const Grads& g) -> Grads {
      return {negative(matmul(matmul(y, g[0], true, false), y, false, true))};
    });
  return y;
}

std::vector<Tensor> slogdet(const Tensor& a) {
  Matrices mats = matrices(a, "slogdet", true);
  const int n = int(mats.n);
  Tensor sign = Tensor::empty(mats.batch, a.dtype()), logabs = Tensor::empty(mats.batch, a.dtype());
  std::vector<int> ipiv(static_cast<size_t>(n));
  dispatch_floating(a.dtype(), [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    for (int64_t i = 0; i < mats.count; ++i) {
      T* p = mats.data.data<T>() + i * n * n;
      int info = n > 0 ? kernels::getrf<T>(n, n, p, ipiv.data()) : 0;
      check_info(info < 0 ? info : 0, "slogdet", "");
      double s = 1.0, log_abs = 0.0;
      for (int k = 0; k < n; ++k) {
        const double u = double(p[k * n + k]);
        if (ipiv[size_t(k)] != k + 1) s = -s;
        if (u < 0) s = -s;
        log_abs += std::log(std::fabs(u));
      }
      if (info > 0 || s == 0) {  // exactly singular: U has a zero on its diagonal
        s = 0.0;
        log_abs = -std::numeric_limits<double>::infinity();
      }
      sign.data<T>()[i] = T(s);
      logabs.data<T>()[i] = T(log_abs);
    }
  });
  // d log|det A| = tr(A^-1 dA), so dL/dA = g A^-T; the sign is piecewise constant.
  if (autograd::any_tape())
    autograd::record("slogdet", {a}, {sign, logabs},
                     [=](const Grads& g) -> Grads { return {unsqueeze2(g[1]) * mT(inv(a))}; });
  return {sign, logabs};
}

Tensor det(const Tensor& a) {
  Tensor d;
  {
    autograd::NoRecord no_record;
    auto parts = slogdet(a);
    d = parts[0] * exp(parts[1]);
  }
  // d det A = det A tr(A^-1 dA), so dL/dA = g det(A) A^-T.
  if (autograd::any_tape())
    autograd::record("det", {a}, {d},
                     [=](const Grads& g) -> Grads { return {unsqueeze2(g[0] * d) * mT(inv(a))}; });
  return d;
}

Tensor solve(const Tensor& a, const Tensor& b) {
  Matrices lhs = matrices(a, "solve", true);
  NNEXT_CHECK(b.ndim() == a.ndim() && b.dim(b.ndim() - 2) == lhs.n &&
                  Shape(b.shape().begin(), b.shape().end() - 2) == lhs.batch,
              ValueError, "solve: cannot solve with a of shape ", shape_str(a.shape()),
              " and b of shape ", shape_str(b.shape()));
  Tensor x = packed_copy(cast(b, a.dtype()));
  const int n = int(lhs.n), k = int(b.dim(b.ndim() - 1));
  std::vector<int> ipiv(static_cast<size_t>(n));
  dispatch_floating(a.dtype(), [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    for (int64_t i = 0; i < lhs.count && n > 0 && k > 0; ++i)
      check_info(kernels::gesv<T>(n, k, lhs.data.data<T>() + i * n * n, ipiv.data(),
                                  x.data<T>() + i * n * k),
                 "solve", "the matrix is singular");
  });
  // A X = B: dL/dB = A^-T g (a solve with A^T), dL/dA = -(dL/dB) X^T.
  if (autograd::any_tape())
    autograd::record("solve", {a, b}, {x}, [=](const Grads& g) -> Grads {
      Tensor gb = solve(mT(a), g[0]);
      return {negative(matmul(gb, x, false, true)), gb};
    });
  return x;
}

Tensor solve_triangular(const Tensor& a, const Tensor& b, bool lower) {
  Matrices lhs = matrices(a, "solve_triangular", true);
  NNEXT_CHECK(b.ndim() == a.ndim() && b.dim(b.ndim() - 2) == lhs.n &&
                  Shape(b.shape().begin(), b.shape().end() - 2) == lhs.batch,
              ValueError, "solve_triangular: cannot solve with a of shape ", shape_str(a.shape()),
              " and b of shape ", shape_str(b.shape()));
  Tensor x = packed_copy(cast(b, a.dtype()));
  const int n = int(lhs.n), k = int(b.dim(b.ndim() - 1));
  dispatch_floating(a.dtype(), [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    for (int64_t i = 0; i < lhs.count && n > 0 && k > 0; ++i)
      check_info(kernels::trtrs<T>(lower, false, n, k, lhs.data.data<T>() + i * n * n,
                                   x.data<T>() + i * n * k),
                 "solve_triangular", "the matrix is singular");
  });
  // As solve, with dL/dA kept to the triangle that was read.
  if (autograd::any_tape())
    autograd::record("solve_triangular", {a, b}, {x}, [=](const Grads& g) -> Grads {
      Tensor gb = solve_triangular(mT(a), g[0], !lower);
      return {triangle(negative(matmul(gb, x, false, true)), lower), gb};
    });
  return x;
}

Tensor cholesky(const Tensor& a) {
  Matrices mats = matrices(a, "cholesky", true);
  Tensor l = mats.data;
  const int n = int(mats.n);
  dispatch_floating(a.dtype(), [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    for (int64_t i = 0; i < mats.count && n > 0; ++i) {
      T* p = l.data<T>() + i * n * n;
      check_info(kernels::potrf_lower<T>(n, p), "cholesky", "the matrix is not positive definite");
      for (int r = 0; r < n; ++r)
        for (int c = r + 1; c < n; ++c) p[r * n + c] = T(0);
    }
  });
  // A = L L^T: dL/dA = sym(L^-T Phi(L^T gL) L^-1), Phi keeping the lower triangle with its
  // diagonal halved (Murray 2016, "Differentiation of the Cholesky decomposition").
  if (autograd::any_tape())
    autograd::record("cholesky", {a}, {l}, [=](const Grads& g) -> Grads {
      Tensor phi = triangle(matmul(l, triangle(g[0], true), true, false), true, true);
      Tensor left = solve_triangular(mT(l), phi, false);           // L^-T Phi
      Tensor both = mT(solve_triangular(mT(l), mT(left), false));  // L^-T Phi L^-1
      return {symmetric_part(both)};
    });
  return l;
}

std::vector<Tensor> qr(const Tensor& a, bool complete) {
  Matrices mats = matrices(a, "qr", false);
  const int m = int(mats.m), n = int(mats.n), k = std::min(m, n);
  const int q_cols = complete ? m : k;
  Tensor q = Tensor::empty(with_matrix(mats.batch, m, q_cols), a.dtype());
  Tensor r = Tensor::empty(with_matrix(mats.batch, q_cols, n), a.dtype());
  dispatch_floating(a.dtype(), [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    std::vector<T> tau(size_t(std::max(k, 1))), qbuf(size_t(m) * size_t(q_cols));
    for (int64_t i = 0; i < mats.count; ++i) {
      T* work = mats.data.data<T>() + i * m * n;  // A, then R above the diagonal
      T* pr = r.data<T>() + i * q_cols * n;
      T* pq = q.data<T>() + i * m * q_cols;
      if (k > 0) check_info(kernels::geqrf<T>(m, n, work, tau.data()), "qr", "failed");
      for (int row = 0; row < q_cols; ++row)
        for (int col = 0; col < n; ++col)
          pr[row * n + col] = row <= col ? work[row * n + col] : T(0);
      if (q_cols == 0) continue;
      // orgqr builds Q in an m x q_cols buffer from the reflectors below the diagonal.
      std::fill(qbuf.begin(), qbuf.end(), T(0));
      for (int row = 0; row < m; ++row)
        for (int col = 0; col < std::min(q_cols, n); ++col)
          qbuf[size_t(row * q_cols + col)] = work[row * n + col];
      check_info(kernels::orgqr<T>(m, q_cols, k, qbuf.data(), tau.data()), "qr", "failed");
      std::copy(qbuf.begin(), qbuf.end(), pq);
    }
  });
  // A = QR with m >= n: M = R gR^T - gQ^T Q and dL/dA = (gQ + Q copyltu(M)) R^-T, copyltu(M)
  // the symmetric matrix holding M's lower triangle (Walter & Lehmann; PyTorch's rule).
  // NOTE: wide matrices and the complete Q of tall ones are not differentiable here.
  if (autograd::any_tape() && m >= n && (!complete || m == n))
    autograd::record("qr", {a}, {q, r}, [=](const Grads& g) -> Grads {
      Tensor mm = matmul(r, g[1], false, true) - matmul(g[0], q, true, false);
      Tensor low = triangle(mm, true);
      Tensor sym = low + mT(low) - mm * identity_like(n, a.dtype());
      Tensor rhs = g[0] + matmul(q, sym);
      return {mT(solve_triangular(r, mT(rhs), false))};
    });
  return {q, r};
}

namespace {

std::vector<Tensor> svd_factors(const Tensor& a, bool full_matrices, bool compute_uv) {
  Matrices mats = matrices(a, "svd", false);
  const int m = int(mats.m), n = int(mats.n), k = std::min(m, n);
  const int u_cols = full_matrices ? m : k, vt_rows = full_matrices ? n : k;
  Tensor s = Tensor::empty(with_vector(mats.batch, k), a.dtype());
  Tensor u = Tensor::empty(with_matrix(mats.batch, m, compute_uv ? u_cols : 0), a.dtype());
  Tensor vt = Tensor::empty(with_matrix(mats.batch, compute_uv ? vt_rows : 0, n), a.dtype());
  const char jobz = !compute_uv ? 'N' : full_matrices ? 'A' : 'S';
  dispatch_floating(a.dtype(), [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    T dummy[1];
    for (int64_t i = 0; i < mats.count; ++i) {
      T* pu = compute_uv ? u.data<T>() + i * m * u_cols : dummy;
      T* pvt = compute_uv ? vt.data<T>() + i * vt_rows * n : dummy;
      if (k == 0) {  // an empty matrix: identity factors for the full case, nothing else
        if (compute_uv && full_matrices) {
          for (int r = 0; r < m; ++r)
            for (int c = 0; c < m; ++c) pu[r * m + c] = T(r == c);
          for (int r = 0; r < n; ++r)
            for (int c = 0; c < n; ++c) pvt[r * n + c] = T(r == c);
        }
        continue;
      }
      check_info(kernels::gesdd<T>(jobz, m, n, mats.data.data<T>() + i * m * n, s.data<T>() + i * k,
                                   pu, compute_uv ? u_cols : 1, pvt, compute_uv ? n : 1),
                 "svd", "the decomposition did not converge");
    }
  });
  if (!compute_uv) return {s};
  return {u, s, vt};
}

// dL/dA of the reduced SVD A = U S V^T (Townsend 2016, "Differentiating the singular value
// decomposition"), F_ij = 1/(s_j^2 - s_i^2) off the diagonal, 0 on it:
//   U [(F o (U^T gU - gU^T U)) S + diag(gS) + S (F o (V^T gV - gV^T V))] V^T
//   + (I - U U^T) gU S^-1 V^T + U S^-1 gV^T (I - V V^T)
// Distinct, non-zero singular values assumed, as everywhere.
Tensor svd_backward(const Tensor& u, const Tensor& s, const Tensor& vt, const Tensor& gu,
                    const Tensor& gs, const Tensor& gvt) {
  const int64_t k = s.dim(s.ndim() - 1), m = u.dim(u.ndim() - 2), n = vt.dim(vt.ndim() - 1);
  Tensor v = mT(vt), gv = mT(gvt);
  Tensor eye_k = identity_like(k, s.dtype());
  Tensor s2 = s * s;
  Tensor f = (1.0 - eye_k) / (expand_dims(s2, -2) - expand_dims(s2, -1) + eye_k);
  Tensor diag_s = expand_dims(s, -2) * eye_k;
  Tensor j = f * (matmul(u, gu, true, false) - matmul(gu, u, true, false));
  Tensor kv = f * (matmul(v, gv, true, false) - matmul(gv, v, true, false));
  Tensor inner = matmul(j, diag_s) + expand_dims(gs, -2) * eye_k + matmul(diag_s, kv);
  Tensor s_inv = expand_dims(ones_like(s) / s, -2);  // scales columns
  Tensor off_u = identity_like(m, s.dtype()) - matmul(u, u, false, true);
  Tensor off_v = identity_like(n, s.dtype()) - matmul(v, v, false, true);
  return matmul(matmul(u, inner), vt) + matmul(matmul(off_u, gu) * s_inv, vt) +
         matmul(u * s_inv, matmul(gvt, off_v));
}

}  // namespace

std::vector<Tensor> svd(const Tensor& a, bool full_matrices, bool compute_uv) {
  std::vector<Tensor> out = svd_factors(a, full_matrices, compute_uv);
  if (!autograd::any_tape()) return out;
  const int64_t m = a.dim(a.ndim() - 2), n = a.dim(a.ndim() - 1);
  if (!compute_uv) {
    // Singular values alone: dL/dA = U diag(gS) V^T with the reduced factors.
    autograd::record("svd", {a}, out, [=](const Grads& g) -> Grads {
      std::vector<Tensor> f = svd_factors(a, false, true);
      return {matmul(f[0] * expand_dims(g[0], -2), f[2])};
    });
  } else if (!full_matrices || m == n) {
    Tensor u = out[0], s = out[1], vt = out[2];
    autograd::record("svd", {a}, out, [=](const Grads& g) -> Grads {
      return {svd_backward(u, s, vt, g[0], g[1], g[2])};
    });
  }
  // NOTE: full_matrices with m != n is not differentiable: the extra columns of U (or rows
  // of V^T) are any orthonormal completion, so no gradient is recorded (None, not zeros).
  return out;
}

std::vector<Tensor> eigh(const Tensor& a) {
  Matrices mats = matrices(a, "eigh", true);
  const int n = int(mats.n);
  Tensor v = mats.data;
  Tensor w = Tensor::empty(with_vector(mats.batch, n), a.dtype());
  dispatch_floating(a.dtype(), [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    for (int64_t i = 0; i < mats.count && n > 0; ++i)
      check_info(kernels::syevd<T>(n, v.data<T>() + i * n * n, w.data<T>() + i * n), "eigh",
                 "the decomposition did not converge");
  });
  // A = V diag(w) V^T: dL/dA = sym(V (diag(gw) + F o (V^T gV)) V^T), F_ij = 1/(w_j - w_i)
  // off the diagonal and 0 on it (distinct eigenvalues assumed).
  if (autograd::any_tape())
    autograd::record("eigh", {a}, {w, v}, [=](const Grads& g) -> Grads {
      Tensor diff = expand_dims(w, -2) - expand_dims(w, -1);
      Tensor eye_n = identity_like(n, w.dtype());
      Tensor f = (1.0 - eye_n) / (diff + eye_n);  // the diagonal divides 0 by 1
      Tensor inner = f * matmul(v, g[1], true, false) + eye_n * expand_dims(g[0], -2);
      return {symmetric_part(matmul(matmul(v, inner), v, false, true))};
    });
  return {w, v};
}

Tensor lstsq(const Tensor& a, const Tensor& b, double rcond) {
  Matrices lhs = matrices(a, "lstsq", false);
  NNEXT_CHECK(b.ndim() == a.ndim() && b.dim(b.ndim() - 2) == lhs.m &&
                  Shape(b.shape().begin(), b.shape().end() - 2) == lhs.batch,
              ValueError, "lstsq: expected a of shape (..., m, n) and b of shape (..., m, k), got ",
              shape_str(a.shape()), " and ", shape_str(b.shape()));
  const int m = int(lhs.m), n = int(lhs.n), k = int(b.dim(b.ndim() - 1));
  const int rows = std::max(m, n);
  Tensor x = Tensor::empty(with_matrix(lhs.batch, n, k), a.dtype());
  Tensor bb = packed_copy(cast(b, a.dtype()));
  dispatch_floating(a.dtype(), [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    // gelsd reads b from, and writes x into, one max(m, n) x k buffer.
    std::vector<T> rhs(size_t(rows) * size_t(k)), s(size_t(std::max(1, std::min(m, n))));
    const T cond = rcond < 0 ? std::numeric_limits<T>::epsilon() * T(rows) : T(rcond);
    for (int64_t i = 0; i < lhs.count; ++i) {
      std::fill(rhs.begin(), rhs.end(), T(0));
      std::copy(bb.data<T>() + i * m * k, bb.data<T>() + (i + 1) * m * k, rhs.begin());
      if (std::min(m, n) > 0 && k > 0) {
        int rank = 0;
        check_info(kernels::gelsd<T>(m, n, k, lhs.data.data<T>() + i * m * n, rhs.data(), s.data(),
                                     cond, &rank),
                   "lstsq", "the decomposition did not converge");
      } else {
        std::fill(rhs.begin(), rhs.end(), T(0));
      }
      std::copy(rhs.begin(), rhs.begin() + n * k, x.data<T>() + i * n * k);
    }
  });
  return x;
}

std::vector<Tensor> lu(const Tensor& a) {
  Matrices mats = matrices(a, "lu", true);
  const int n = int(mats.n);
  Tensor packed = mats.data;
  Tensor perm = Tensor::empty(with_vector(mats.batch, n), DType::Int32);
  std::vector<int> ipiv(static_cast<size_t>(n));
  dispatch_floating(a.dtype(), [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    for (int64_t i = 0; i < mats.count && n > 0; ++i) {
      // info > 0 (a zero pivot) still leaves valid factors, as TensorFlow's Lu returns them.
      int info = kernels::getrf<T>(n, n, packed.data<T>() + i * n * n, ipiv.data());
      check_info(info < 0 ? info : 0, "lu", "");
      // getrf's pivots are successive row swaps; applied to the identity ordering they give
      // TensorFlow's permutation vector p with A[p] = L U.
      int32_t* p = perm.data<int32_t>() + i * n;
      for (int r = 0; r < n; ++r) p[r] = r;
      for (int r = 0; r < n; ++r) std::swap(p[r], p[ipiv[size_t(r)] - 1]);
    }
  });
  // P A = L U (L unit lower, U upper, packed in one matrix). With X = L^-1 d(PA) U^-1,
  // dL = L tril_-1(X) and dU = triu(X) U, so for the packed gradient g:
  //   g_PA = L^-T (tril_-1(L^T g) + triu(g U^T)) U^-T, and g_A puts row i of g_PA at p[i].
  if (autograd::any_tape())
    autograd::record("lu", {a}, {packed}, [=](const Grads& g) -> Grads {
      Tensor eye_n = identity_like(n, a.dtype());
      Tensor upper = triangle(packed, false);
      Tensor lower = packed - upper + eye_n;
      Tensor g_upper = triangle(g[0], false);
      Tensor g_lower = g[0] - g_upper;
      Tensor l_part = matmul(lower, g_lower, true, false);
      Tensor middle =
          (l_part - triangle(l_part, false)) + triangle(matmul(g_upper, upper, false, true), false);
      Tensor left = solve_triangular(mT(lower), middle, false);
      Tensor g_pa = mT(solve_triangular(upper, mT(left), false));
      return {gather_grad(g_pa, perm, a.ndim() - 2, n, a.ndim() - 2)};
    });
  return {packed, perm};
}

std::vector<Tensor> lu_factor(const Tensor& a) {
  Matrices mats = matrices(a, "lu_factor", false);
  const int m = int(mats.m), n = int(mats.n), k = std::min(m, n);
  Tensor lu = mats.data;
  Tensor pivots = Tensor::empty(with_vector(mats.batch, k), DType::Int32);
  dispatch_floating(a.dtype(), [&](auto tag) {
    using T = tag_type<decltype(tag)>;
    for (int64_t i = 0; i < mats.count && k > 0; ++i) {
      int* piv = pivots.data<int32_t>() + i * k;
      int info = kernels::getrf<T>(m, n, lu.data<T>() + i * m * n, piv);
      check_info(info < 0 ? info : 0, "lu_factor", "");  // info > 0: singular, still factored
      for (int j = 0; j < k; ++j) piv[j] -= 1;
    }
  });
  return {lu, pivots};
}

}  // namespace nnext::ops
