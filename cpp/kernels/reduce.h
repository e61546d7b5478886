// Reduction loops. The input is viewed as [kept axes..., reduced axes...], each group
// coalesced; three layouts then cover every case:
//   inner run  - the reduced elements of one output are contiguous (reduce over the last
//                axes): a vectorised run per output, or one run split over threads;
//   columns    - the kept elements are contiguous (reduce over leading axes): whole rows
//                are folded into a vector of accumulators, threads split the columns;
//   general    - anything else: an odometer over the reduced axes per output.
// A Reducer supplies identity(), step(acc, x), merge(a, b) over an accumulator type; integer
// sums and products use an unsigned accumulator, whose overflow wraps instead of being
// undefined.
#pragma once
#include <algorithm>
#include <complex>
#include <cstdint>
#include <limits>
#include <memory>
#include <type_traits>
#include <vector>

#include "core/parallel.h"
#include "core/tensor.h"
#include "kernels/iter.h"

namespace nnext::kernels {

struct AxisGroup {
  std::vector<int64_t> shape, strides;  // coalesced, outermost first
  int64_t numel = 1;
};

inline AxisGroup coalesce(const std::vector<int64_t>& shape, const std::vector<int64_t>& strides) {
  AxisGroup g;
  for (size_t i = 0; i < shape.size(); ++i) {
    g.numel *= shape[i];
    if (shape[i] == 1) continue;
    if (!g.shape.empty() && g.strides.back() == strides[i] * shape[i]) {
      g.shape.back() *= shape[i];
      g.strides.back() = strides[i];
    } else {
      g.shape.push_back(shape[i]);
      g.strides.push_back(strides[i]);
    }
  }
  return g;
}

// Element offset of the i-th element (row-major) of an axis group.
inline int64_t group_offset(const AxisGroup& g, int64_t i) {
  int64_t off = 0;
  for (size_t d = g.shape.size(); d-- > 0;) {
    off += (i % g.shape[d]) * g.strides[d];
    i /= g.shape[d];
  }
  return off;
}

template <class R, class T>
typename R::Acc reduce_run(const T* p, int64_t n, int64_t stride) {
  if (stride == 1) return R::contiguous(p, n);
  typename R::Acc acc = R::identity();
  for (int64_t i = 0; i < n; ++i) acc = R::step(acc, typename R::Acc(p[i * stride]));
  return acc;
}

// The maximum (kMax) or minimum of a contiguous run in one vectorised pass. `nan` reports
// whether any element is NaN (the extremum is then meaningless: NaN wins, as in NumPy).
template <bool kMax, class T>
T extremum_contiguous(const T* p, int64_t n, bool* nan) {
  T best = p[0];
  int any_nan = 0;
  if constexpr (kMax) {
#pragma omp simd reduction(max : best) reduction(| : any_nan)
    for (int64_t i = 0; i < n; ++i) {
      best = p[i] > best ? p[i] : best;
      any_nan |= p[i] != p[i];
    }
  } else {
#pragma omp simd reduction(min : best) reduction(| : any_nan)
    for (int64_t i = 0; i < n; ++i) {
      best = p[i] < best ? p[i] : best;
      any_nan |= p[i] != p[i];
    }
  }
  *nan = any_nan != 0;
  return best;
}

// Reduces `x` (kept/reduced axis groups given) into the contiguous `out` of kept.numel
// elements; finish(acc) turns an accumulator into the output value.
template <class R, class T, class Out, class Finish>
void reduce_groups(const T* x, const AxisGroup& kept, const AxisGroup& reduced, Out* out,
                   Finish finish) {
  using Acc = typename R::Acc;
  const int64_t n_out = kept.numel, n_red = reduced.numel;
  const bool inner_run =
      reduced.shape.size() <= 1 && (reduced.shape.empty() || reduced.strides[0] == 1);
  const bool columns = kept.shape.size() == 1 && kept.strides[0] == 1 && !inner_run;

  if (inner_run && n_out == 1) {
    // One long run, cut into slices of a fixed size whatever the team: the slices' partials
    // are merged in order, so the result does not depend on how many threads ran (a team
    // shrinks under load, and runs must repeat bit for bit: enable_op_determinism).
    const int64_t slices = std::max<int64_t>(1, (n_red + kGrainSize - 1) / kGrainSize);
    // Not std::vector: vector<bool> packs bits, which threads cannot write independently.
    std::unique_ptr<Acc[]> partial(new Acc[size_t(slices)]);
    parallel_for(slices, kGrainSize, [&](int64_t b, int64_t e) {
      for (int64_t s = b; s < e; ++s) {
        const int64_t begin = s * kGrainSize;
        partial[size_t(s)] = reduce_run<R>(x + begin, std::min(kGrainSize, n_red - begin), 1);
      }
    });
    Acc acc = R::identity();
    for (int64_t s = 0; s < slices; ++s) acc = R::merge(acc, partial[size_t(s)]);
    out[0] = finish(acc);
  } else if (inner_run) {
    parallel_for(n_out, std::max<int64_t>(n_red, 1), [&](int64_t b, int64_t e) {
      for (int64_t o = b; o < e; ++o)
        out[o] = finish(reduce_run<R>(x + group_offset(kept, o), n_red, 1));
    });
  } else if (columns) {
    parallel_for(n_out, std::max<int64_t>(n_red, 1), [&](int64_t b, int64_t e) {
      std::unique_ptr<Acc[]> acc(new Acc[size_t(e - b)]);
      Acc* __restrict a = acc.get();
      std::fill_n(a, e - b, R::identity());
      if constexpr (R::kAdditive) {
        // Sums fold four rows per pass over the accumulators: a quarter of the accumulator
        // loads and stores, still every element added in the accumulator's precision.
        int64_t r = 0;
        for (; r + 4 <= n_red; r += 4) {
          const T* __restrict r0 = x + group_offset(reduced, r) + b;
          const T* __restrict r1 = x + group_offset(reduced, r + 1) + b;
          const T* __restrict r2 = x + group_offset(reduced, r + 2) + b;
          const T* __restrict r3 = x + group_offset(reduced, r + 3) + b;
          for (int64_t j = 0; j < e - b; ++j)
            a[j] += (Acc(r0[j]) + Acc(r1[j])) + (Acc(r2[j]) + Acc(r3[j]));
        }
        for (; r < n_red; ++r) {
          const T* __restrict row = x + group_offset(reduced, r) + b;
          for (int64_t j = 0; j < e - b; ++j) a[j] += Acc(row[j]);
        }
      } else {
        for (int64_t r = 0; r < n_red; ++r) {
          const T* __restrict row = x + group_offset(reduced, r) + b;
          for (int64_t j = 0; j < e - b; ++j) a[j] = R::step(a[j], Acc(row[j]));
        }
      }
      for (int64_t j = 0; j < e - b; ++j) out[b + j] = finish(a[j]);
    });
  } else {
    const int64_t inner_n = reduced.shape.empty() ? 1 : reduced.shape.back();
    const int64_t inner_s = reduced.shape.empty() ? 0 : reduced.strides.back();
    const int64_t outer_n = n_red / std::max<int64_t>(inner_n, 1);
    AxisGroup outer_red = reduced;
    if (!outer_red.shape.empty()) {
      outer_red.shape.pop_back();
      outer_red.strides.pop_back();
    }
    parallel_for(n_out, std::max<int64_t>(n_red, 1), [&](int64_t b, int64_t e) {
      for (int64_t o = b; o < e; ++o) {
        const T* base = x + group_offset(kept, o);
        Acc acc = R::identity();
        for (int64_t r = 0; r < outer_n && n_red > 0; ++r)
          acc = R::merge(acc, reduce_run<R>(base + group_offset(outer_red, r), inner_n, inner_s));
        out[o] = finish(acc);
      }
    });
  }
}

// Index of the first element of p[0, n) that equals `v` (or is NaN when `nan`), testing
// blocks with a vectorised compare and scanning only the block that holds it.
template <class T>
int64_t find_first(const T* p, int64_t n, T v, bool nan) {
  constexpr int64_t kBlock = 64;
  int64_t start = 0;
  for (; start + kBlock <= n; start += kBlock) {
    const T* q = p + start;
    int hit = 0;
    if (nan) {
#pragma omp simd reduction(| : hit)
      for (int64_t j = 0; j < kBlock; ++j) hit |= q[j] != q[j];
    } else {
#pragma omp simd reduction(| : hit)
      for (int64_t j = 0; j < kBlock; ++j) hit |= q[j] == v;
    }
    if (hit) break;
  }
  for (int64_t i = start; i < n; ++i)
    if (nan ? p[i] != p[i] : p[i] == v) return i;
  return 0;
}

// Index of the first maximum (kMax) or minimum of n elements at `stride`; the first NaN
// wins, as NumPy. Contiguous runs take two vectorised passes: the extremum, then its index.
template <class T, bool kMax>
int64_t arg_extremum(const T* p, int64_t n, int64_t stride) {
  if constexpr (!std::is_same_v<T, bool>) {
    if (stride == 1) {
      bool nan = false;
      const T best = extremum_contiguous<kMax>(p, n, &nan);
      return find_first(p, n, best, nan);
    }
  }
  int64_t best_i = 0;
  T best = p[0];
  for (int64_t i = 1; i < n; ++i) {
    const T v = p[i * stride];
    if constexpr (std::is_floating_point_v<T>) {
      if (best != best) break;
      if (v != v) return i;
    }
    if (kMax ? v > best : v < best) {
      best = v;
      best_i = i;
    }
  }
  return best_i;
}

template <class A>
struct SumReducer {
  using Acc = A;
  static constexpr bool kAdditive = true;
  static Acc identity() { return Acc(0); }
  template <class T>
  static Acc contiguous(const T* p, int64_t n) {
    Acc acc = 0;
#pragma omp simd reduction(+ : acc)
    for (int64_t i = 0; i < n; ++i) acc += Acc(p[i]);
    return acc;
  }
  static Acc step(Acc a, Acc x) { return a + x; }
  static Acc merge(Acc a, Acc b) { return a + b; }
};

template <class A>
struct ProdReducer {
  using Acc = A;
  static constexpr bool kAdditive = false;
  static Acc identity() { return Acc(1); }
  template <class T>
  static Acc contiguous(const T* p, int64_t n) {
    Acc acc = 1;
#pragma omp simd reduction(* : acc)
    for (int64_t i = 0; i < n; ++i) acc *= Acc(p[i]);
    return acc;
  }
  static Acc step(Acc a, Acc x) { return a * x; }
  static Acc merge(Acc a, Acc b) { return a * b; }
};

// Products of complex values, accumulated in complex<double> (no OpenMP reduction exists
// for class types, so the loop is plain).
struct ComplexProdReducer {
  using Acc = std::complex<double>;
  static constexpr bool kAdditive = false;
  static Acc identity() { return Acc(1); }
  template <class T>
  static Acc contiguous(const T* p, int64_t n) {
    Acc acc = 1;
    for (int64_t i = 0; i < n; ++i) acc *= Acc(p[i]);
    return acc;
  }
  static Acc step(Acc a, Acc x) { return a * x; }
  static Acc merge(Acc a, Acc b) { return a * b; }
};

// max (kMax) and min, propagating NaN as NumPy does.
template <class A, bool kMax>
struct ExtremumReducer {
  using Acc = A;
  static constexpr bool kAdditive = false;
  template <class T>
  static Acc contiguous(const T* p, int64_t n) {
    if (n == 0) return identity();
    bool nan = false;
    const Acc best = extremum_contiguous<kMax>(p, n, &nan);
    return nan ? std::numeric_limits<A>::quiet_NaN() : best;
  }
  // The value every element beats: -inf / +inf, or the extreme finite value for integers.
  static Acc identity() {
    using L = std::numeric_limits<A>;
    if constexpr (L::has_infinity)
      return kMax ? -L::infinity() : L::infinity();
    else
      return kMax ? L::lowest() : L::max();
  }
  static Acc step(Acc a, Acc x) { return ((kMax ? x > a : x < a) || x != x) ? x : a; }
  static Acc merge(Acc a, Acc b) { return (a != a) ? a : step(a, b); }
};

template <class A>
using MaxReducer = ExtremumReducer<A, true>;
template <class A>
using MinReducer = ExtremumReducer<A, false>;

struct AnyReducer {
  using Acc = bool;
  static constexpr bool kAdditive = false;
  template <class T>
  static Acc contiguous(const T* p, int64_t n) {
    int any = 0;
#pragma omp simd reduction(| : any)
    for (int64_t i = 0; i < n; ++i) any |= p[i] != T(0);
    return any != 0;
  }
  static Acc identity() { return false; }
  static Acc step(Acc a, Acc x) { return a || x; }
  static Acc merge(Acc a, Acc b) { return a || b; }
};

struct AllReducer {
  using Acc = bool;
  static constexpr bool kAdditive = false;
  template <class T>
  static Acc contiguous(const T* p, int64_t n) {
    int all = 1;
#pragma omp simd reduction(& : all)
    for (int64_t i = 0; i < n; ++i) all &= p[i] != T(0);
    return all != 0;
  }
  static Acc identity() { return true; }
  static Acc step(Acc a, Acc x) { return a && x; }
  static Acc merge(Acc a, Acc b) { return a && b; }
};

}  // namespace nnext::kernels
