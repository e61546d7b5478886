// concat, stack, split, unstack, tile and pad with their gradients (see join.h). Copies go
// through the broadcasting loop (a strided copy into a view of the output) or through
// copy_by_axis_maps below, the one kernel tile and pad share.
#include "ops/join.h"

#include <algorithm>

#include "autograd/tape.h"
#include "core/error.h"
#include "core/parallel.h"
#include "kernels/iter.h"
#include "kernels/scalar_math.h"
#include "ops/elementwise.h"
#include "ops/gather.h"
#include "ops/reduce.h"
#include "ops/shape.h"
#include "ops/storage_dtypes.h"

namespace nnext::ops {

using autograd::Grads;

namespace {

// dst = src elementwise, dst being a (strided) view of the same shape.
void copy_into(const Tensor& dst, const Tensor& src) { copy_into_any(dst, src); }

// The view of `x` holding indices [start, start + length) along `axis`.
Tensor narrow(const Tensor& x, int64_t axis, int64_t start, int64_t length) {
  Shape shape = x.shape();
  shape[size_t(axis)] = length;
  int64_t offset = length > 0 ? x.offset() + start * x.strides()[size_t(axis)] : x.offset();
  return x.view(shape, x.strides(), offset);
}

// out[o_0, ..., o_k] = x[maps[0][o_0], ..., maps[k][o_k]], or `fill` where a map holds -1.
// Each map lists, for every output index along its axis, the input index it reads. Trailing
// axes read whole (identity maps over a contiguous input) merge into longer rows, and each
// row is cut into runs that are one copy or one fill, so padding and tiling move memory at
// memcpy speed; rows go to threads above the grain size.
template <class T>
void copy_by_axis_maps(const Tensor& out, const Tensor& x, std::vector<std::vector<int64_t>> maps,
                       T fill) {
  T* po = out.data<T>();
  const T* px = x.data<T>();
  if (out.ndim() == 0) {
    *po = *px;
    return;
  }
  if (out.numel() == 0) return;
  Shape xshape = x.shape(), xstrides = x.strides();
  while (maps.size() >= 2) {
    const size_t last = maps.size() - 1;
    const int64_t n = xshape[last];
    bool identity = int64_t(maps[last].size()) == n && xstrides[last - 1] == n * xstrides[last];
    for (int64_t j = 0; identity && j < n; ++j) identity = maps[last][size_t(j)] == j;
    if (!identity) break;
    std::vector<int64_t> merged;
    merged.reserve(maps[last - 1].size() * size_t(n));
    for (int64_t m : maps[last - 1])
      for (int64_t j = 0; j < n; ++j) merged.push_back(m < 0 ? -1 : m * n + j);
    maps[last - 1] = std::move(merged);
    xshape[last - 1] *= n;
    xstrides[last - 1] = xstrides[last];
    maps.pop_back();
    xshape.pop_back();
    xstrides.pop_back();
  }
  // Runs of the last axis: {first output index, length, first input index or -1 for fill}.
  struct Run {
    int64_t begin, length, src;
  };
  std::vector<Run> runs;
  const std::vector<int64_t>& last = maps.back();
  for (int64_t j = 0; j < int64_t(last.size()); ++j) {
    const int64_t src = last[size_t(j)];
    if (!runs.empty()) {
      Run& r = runs.back();
      if ((src < 0 && r.src < 0) || (src >= 0 && r.src >= 0 && src == r.src + r.length)) {
        ++r.length;
        continue;
      }
    }
    runs.push_back({j, 1, src});
  }
  const int64_t rank = int64_t(maps.size());
  const int64_t inner = int64_t(last.size());
  const int64_t step = xstrides.back();
  parallel_for(out.numel() / inner, inner, [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; ++row) {
      // The row's input offset over the outer axes (negative for a reversed view), unless
      // one of them is padding.
      int64_t base = 0, rest = row;
      bool padding = false;
      for (int64_t d = rank - 2; d >= 0 && !padding; --d) {
        const auto& map = maps[size_t(d)];
        const int64_t src = map[size_t(rest % int64_t(map.size()))];
        rest /= int64_t(map.size());
        padding = src < 0;
        base += src * xstrides[size_t(d)];
      }
      T* o = po + row * inner;
      if (padding) {
        std::fill(o, o + inner, fill);
        continue;
      }
      for (const Run& r : runs) {
        T* dst = o + r.begin;
        if (r.src < 0) {
          std::fill(dst, dst + r.length, fill);
        } else if (step == 1) {
          std::copy(px + base + r.src, px + base + r.src + r.length, dst);
        } else {
          for (int64_t j = 0; j < r.length; ++j) dst[j] = px[base + (r.src + j) * step];
        }
      }
    }
  });
}

// A new tensor of `shape` written by copy_by_axis_maps from x: tile and pad.
Tensor copy_by_axis_maps(const Tensor& x, const Shape& shape,
                         const std::vector<std::vector<int64_t>>& maps, double fill) {
  if (is_storage_only(x.dtype()))
    return cast(copy_by_axis_maps(to_compute(x), shape, maps, fill), x.dtype());
  Tensor out = Tensor::empty(shape, x.dtype());
  dispatch_with_complex(x.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (std::is_arithmetic_v<T>)
      copy_by_axis_maps<T>(out, x, maps, math::convert<T>(fill));
    else  // complex: the fill is a real number
      copy_by_axis_maps<T>(out, x, maps, T(typename T::value_type(fill)));
  });
  return out;
}

// `axis` of `value` normalised, for the ops that cut a tensor along an axis (a scalar has
// none to cut).
int64_t cut_axis(const Tensor& value, int64_t axis, const char* op) {
  NNEXT_CHECK(value.ndim() > 0, ValueError, op, ": cannot ", op, " a scalar (rank 0)");
  return normalize_axis(axis, value.ndim(), op);
}

// Checks the list shared by concat and stack: non-empty, one dtype.
void check_values(const std::vector<Tensor>& values, const char* op) {
  NNEXT_CHECK(!values.empty(), ValueError, op, ": expected a non-empty list of tensors");
  for (size_t k = 1; k < values.size(); ++k)
    NNEXT_CHECK(values[k].dtype() == values[0].dtype(), TypeError, op,
                ": all tensors must have the same dtype, got ", dtype_name(values[0].dtype()),
                " (values[0]) and ", dtype_name(values[k].dtype()), " (values[", k, "])");
}

// The views `sizes` cut along `axis`, recording concat as their gradient.
std::vector<Tensor> split_views(const Tensor& value, const std::vector<int64_t>& sizes,
                                int64_t axis) {
  std::vector<Tensor> parts;
  parts.reserve(sizes.size());
  int64_t start = 0;
  for (int64_t s : sizes) {
    parts.push_back(narrow(value, axis, start, s));
    start += s;
  }
  if (autograd::any_tape())
    autograd::record("split", {value}, parts,
                     [=](const Grads& g) -> Grads { return {concat(g, axis)}; });
  return parts;
}

}  // namespace

Tensor concat(const std::vector<Tensor>& values, int64_t axis) {
  check_values(values, "concat");
  const Tensor& first = values[0];
  NNEXT_CHECK(first.ndim() > 0, ValueError,
              "concat: cannot concatenate scalars (rank 0); use stack instead");
  axis = normalize_axis(axis, first.ndim(), "concat");
  Shape shape = first.shape();
  std::vector<int64_t> sizes;
  shape[size_t(axis)] = 0;
  for (size_t k = 0; k < values.size(); ++k) {
    const Tensor& v = values[k];
    bool same = v.ndim() == first.ndim();
    for (int64_t d = 0; same && d < v.ndim(); ++d) same = d == axis || v.dim(d) == first.dim(d);
    NNEXT_CHECK(same, ValueError, "concat: shapes ", shape_str(first.shape()), " (values[0]) and ",
                shape_str(v.shape()), " (values[", k, "]) differ outside axis ", axis);
    sizes.push_back(v.dim(axis));
    shape[size_t(axis)] += v.dim(axis);
  }
  Tensor out = Tensor::empty(shape, first.dtype());
  int64_t start = 0;
  for (size_t k = 0; k < values.size(); ++k) {
    copy_into(narrow(out, axis, start, sizes[k]), values[k]);
    start += sizes[k];
  }
  // d concat / d values[k] = the slice of g that values[k] filled.
  if (autograd::any_tape())
    autograd::record("concat", values, {out},
                     [=](const Grads& g) -> Grads { return split(g[0], sizes, axis); });
  return out;
}

Tensor stack(const std::vector<Tensor>& values, int64_t axis) {
  check_values(values, "stack");
  const Tensor& first = values[0];
  axis = normalize_axis(axis, first.ndim() + 1, "stack");
  for (size_t k = 1; k < values.size(); ++k)
    NNEXT_CHECK(values[k].shape() == first.shape(), ValueError, "stack: shapes ",
                shape_str(first.shape()), " (values[0]) and ", shape_str(values[k].shape()),
                " (values[", k, "]) differ; stack needs equal shapes");
  Shape shape = first.shape();
  shape.insert(shape.begin() + axis, int64_t(values.size()));
  Tensor out = Tensor::empty(shape, first.dtype());
  // values[k] lands in the view of `out` at index k of the new axis.
  Shape strides = out.strides();
  const int64_t step = strides[size_t(axis)];
  strides.erase(strides.begin() + axis);
  for (size_t k = 0; k < values.size(); ++k)
    copy_into(out.view(first.shape(), strides, out.offset() + int64_t(k) * step), values[k]);
  if (autograd::any_tape())
    autograd::record("stack", values, {out},
                     [=](const Grads& g) -> Grads { return unstack(g[0], axis); });
  return out;
}

std::vector<Tensor> split(const Tensor& value, int64_t num, int64_t axis) {
  axis = cut_axis(value, axis, "split");
  const int64_t dim = value.dim(axis);
  NNEXT_CHECK(num > 0, ValueError, "split: num_or_size_splits must be positive, got ", num);
  NNEXT_CHECK(dim % num == 0, ValueError, "split: dimension ", dim, " of axis ", axis, " (shape ",
              shape_str(value.shape()), ") is not divisible by ", num);
  return split_views(value, std::vector<int64_t>(size_t(num), dim / num), axis);
}

std::vector<Tensor> split(const Tensor& value, const std::vector<int64_t>& sizes_in, int64_t axis) {
  axis = cut_axis(value, axis, "split");
  const int64_t dim = value.dim(axis);
  std::vector<int64_t> sizes = sizes_in;
  int64_t known = 0, inferred = -1;
  for (size_t k = 0; k < sizes.size(); ++k) {
    if (sizes[k] == -1) {
      NNEXT_CHECK(inferred < 0, ValueError, "split: at most one size may be -1, got ",
                  shape_str(sizes_in));
      inferred = int64_t(k);
      continue;
    }
    NNEXT_CHECK(sizes[k] >= 0, ValueError, "split: sizes must be non-negative or -1, got ",
                shape_str(sizes_in));
    known += sizes[k];
  }
  if (inferred >= 0) {
    NNEXT_CHECK(known <= dim, ValueError, "split: sizes ", shape_str(sizes_in),
                " exceed dimension ", dim, " of axis ", axis);
    sizes[size_t(inferred)] = dim - known;
  } else {
    NNEXT_CHECK(known == dim, ValueError, "split: sizes ", shape_str(sizes_in), " sum to ", known,
                ", not to dimension ", dim, " of axis ", axis, " (shape ", shape_str(value.shape()),
                ")");
  }
  return split_views(value, sizes, axis);
}

std::vector<Tensor> unstack(const Tensor& value, int64_t axis) {
  axis = cut_axis(value, axis, "unstack");
  Shape shape = value.shape(), strides = value.strides();
  const int64_t step = strides[size_t(axis)];
  shape.erase(shape.begin() + axis);
  strides.erase(strides.begin() + axis);
  std::vector<Tensor> parts;
  for (int64_t k = 0; k < value.dim(axis); ++k)
    parts.push_back(value.view(shape, strides, value.offset() + k * step));
  if (autograd::any_tape() && !parts.empty())
    autograd::record("unstack", {value}, parts,
                     [=](const Grads& g) -> Grads { return {stack(g, axis)}; });
  return parts;
}

Tensor tile(const Tensor& x, const Shape& multiples) {
  NNEXT_CHECK(int64_t(multiples.size()) == x.ndim(), ValueError, "tile: multiples ",
              shape_str(multiples), " must have one entry per axis of the input of shape ",
              shape_str(x.shape()));
  Shape shape(x.shape());
  std::vector<std::vector<int64_t>> maps(multiples.size());
  for (size_t d = 0; d < multiples.size(); ++d) {
    NNEXT_CHECK(multiples[d] >= 0, ValueError, "tile: multiples must be non-negative, got ",
                shape_str(multiples));
    shape[d] = x.shape()[d] * multiples[d];
    checked_numel(shape, "tile");
    maps[d].resize(size_t(shape[d]));
    for (int64_t o = 0; o < shape[d]; ++o) maps[d][size_t(o)] = o % x.shape()[d];
  }
  Tensor out = copy_by_axis_maps(x, shape, maps, 0.0);
  // Seen as shape (m0, n0, m1, n1, ...), g sums over the m axes back to x's shape.
  if (autograd::any_tape())
    autograd::record("tile", {x}, {out}, [=](const Grads& g) -> Grads {
      Shape split_shape;
      std::vector<int64_t> repeat_axes;
      for (size_t d = 0; d < multiples.size(); ++d) {
        repeat_axes.push_back(int64_t(split_shape.size()));
        split_shape.push_back(multiples[d]);
        split_shape.push_back(x.shape()[d]);
      }
      return {reduce_sum(reshape(g[0], split_shape), repeat_axes, false)};
    });
  return out;
}

namespace {

const char* mode_name(PadMode mode) {
  switch (mode) {
    case PadMode::Constant:
      return "CONSTANT";
    case PadMode::Reflect:
      return "REFLECT";
    case PadMode::Symmetric:
      return "SYMMETRIC";
  }
  return "?";
}

// For each output index along an axis of size n padded by (before, after): the input index
// it reads, or -1 for a constant fill. REFLECT mirrors about the edge element
// (-1 -> 1, n -> n - 2); SYMMETRIC mirrors about the edge itself (-1 -> 0, n -> n - 1).
std::vector<int64_t> pad_map(int64_t n, int64_t before, int64_t after, PadMode mode) {
  std::vector<int64_t> map(size_t(before + n + after));
  for (int64_t o = 0; o < int64_t(map.size()); ++o) {
    int64_t i = o - before;
    if (i < 0 || i >= n) {
      if (mode == PadMode::Constant)
        i = -1;
      else if (mode == PadMode::Reflect)
        i = i < 0 ? -i : 2 * (n - 1) - i;
      else
        i = i < 0 ? -i - 1 : 2 * n - 1 - i;
    }
    map[size_t(o)] = i;
  }
  return map;
}

// The gradient of pad: crop the border for CONSTANT; for the mirrored modes fold each
// padded axis back with gather_grad (its map read every output slot from one input slot,
// so the adjoint adds every output slot into that input slot).
Tensor pad_backward(const Tensor& g, const Shape& x_shape, const Paddings& paddings, PadMode mode) {
  if (mode == PadMode::Constant) {
    std::vector<IndexItem> crop;
    for (size_t d = 0; d < x_shape.size(); ++d) {
      IndexItem item{IndexItem::Slice};
      item.start = paddings[d].first;
      item.stop = paddings[d].first + x_shape[d];
      item.has_start = item.has_stop = true;
      crop.push_back(item);
    }
    return basic_index(g, crop);
  }
  Tensor out = g;
  for (size_t d = 0; d < x_shape.size(); ++d) {
    if (paddings[d].first == 0 && paddings[d].second == 0) continue;
    std::vector<int64_t> map = pad_map(x_shape[d], paddings[d].first, paddings[d].second, mode);
    Tensor indices = Tensor::empty({int64_t(map.size())}, DType::Int64);
    std::copy(map.begin(), map.end(), indices.data<int64_t>());
    out = gather_grad(out, indices, int64_t(d), x_shape[d]);
  }
  return out;
}

}  // namespace

Tensor pad(const Tensor& x, const Paddings& paddings, PadMode mode, double constant_value) {
  NNEXT_CHECK(int64_t(paddings.size()) == x.ndim(), ValueError, "pad: paddings must have one ",
              "(before, after) pair per axis of the input of shape ", shape_str(x.shape()),
              ", got ", paddings.size(), " pairs");
  Shape shape(x.shape());
  std::vector<std::vector<int64_t>> maps(paddings.size());
  for (size_t d = 0; d < paddings.size(); ++d) {
    auto [before, after] = paddings[d];
    const int64_t n = x.shape()[d];
    NNEXT_CHECK(before >= 0 && after >= 0, ValueError, "pad: paddings must be non-negative, got (",
                before, ", ", after, ") for axis ", d);
    // A mirror reads at most n - 1 (REFLECT) or n (SYMMETRIC) elements beyond each edge.
    const int64_t limit = mode == PadMode::Reflect ? n - 1 : n;
    NNEXT_CHECK(mode == PadMode::Constant || std::max(before, after) <= std::max<int64_t>(limit, 0),
                ValueError, "pad: paddings (", before, ", ", after, ") for axis ", d, " of size ",
                n, " must be at most ", limit, " in ", mode_name(mode), " mode");
    shape[d] = before + n + after;
    maps[d] = pad_map(n, before, after, mode);
  }
  checked_numel(shape, "pad");
  Tensor out = copy_by_axis_maps(x, shape, maps, constant_value);
  if (autograd::any_tape()) {
    Shape x_shape = x.shape();
    autograd::record("pad", {x}, {out}, [=](const Grads& g) -> Grads {
      return {pad_backward(g[0], x_shape, paddings, mode)};
    });
  }
  return out;
}

}  // namespace nnext::ops
