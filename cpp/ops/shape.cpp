// View ops: each computes a new shape/strides/offset over the same storage, and records a
// gradient that maps the output gradient back to the input's shape.
#include "ops/shape.h"

#include <algorithm>

#include "autograd/tape.h"
#include "core/error.h"
#include "ops/creation.h"
#include "ops/elementwise.h"
#include "ops/reduce.h"
#include "ops/storage_dtypes.h"

namespace nnext::ops {

using autograd::Grads;

namespace {

// NumPy's no-copy reshape: groups of old axes that multiply to groups of new axes must be
// contiguous among themselves; the new strides are then derived inside each group.
bool view_strides(const Shape& old_shape_in, const Shape& old_strides_in, const Shape& new_shape,
                  Shape& new_strides) {
  Shape old_shape, old_strides;
  for (size_t i = 0; i < old_shape_in.size(); ++i)
    if (old_shape_in[i] != 1) {
      old_shape.push_back(old_shape_in[i]);
      old_strides.push_back(old_strides_in[i]);
    }
  new_strides.assign(new_shape.size(), 1);
  size_t oi = 0, ni = 0;
  while (oi < old_shape.size() && ni < new_shape.size()) {
    int64_t np = new_shape[ni], op = old_shape[oi];
    size_t nj = ni + 1, oj = oi + 1;
    while (np != op) {
      if (np < op)
        np *= new_shape[nj++];
      else
        op *= old_shape[oj++];
    }
    for (size_t k = oi; k + 1 < oj; ++k)
      if (old_strides[k] != old_shape[k + 1] * old_strides[k + 1]) return false;
    new_strides[nj - 1] = old_strides[oj - 1];
    for (size_t k = nj - 1; k > ni; --k) new_strides[k - 1] = new_strides[k] * new_shape[k];
    ni = nj;
    oi = oj;
  }
  return true;
}

Tensor record_view(const char* op, const Tensor& x, Tensor y) {
  if (autograd::any_tape())
    autograd::record(op, {x}, {y}, [shape = x.shape()](const Grads& g) -> Grads {
      return {reshape(g[0], shape)};
    });
  return y;
}

}  // namespace

Tensor reshape(const Tensor& x, const Shape& shape_in) {
  Shape shape = shape_in;
  int64_t infer = -1, known = 1;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == -1) {
      NNEXT_CHECK(infer < 0, ValueError, "reshape: only one dimension can be -1, got shape ",
                  shape_str(shape_in));
      infer = int64_t(i);
    } else {
      NNEXT_CHECK(shape[i] >= 0, ValueError, "reshape: invalid dimension ", shape[i], " in shape ",
                  shape_str(shape_in));
      known *= shape[i];
    }
  }
  const int64_t n = x.numel();
  if (infer >= 0) {
    NNEXT_CHECK(known != 0 && n % known == 0, ValueError,
                "reshape: cannot reshape a tensor of shape ", shape_str(x.shape()), " (", n,
                " elements) into shape ", shape_str(shape_in));
    shape[size_t(infer)] = n / known;
  }
  NNEXT_CHECK(checked_numel(shape, "reshape") == n, ValueError,
              "reshape: cannot reshape a tensor of shape ", shape_str(x.shape()), " (", n,
              " elements) into shape ", shape_str(shape_in));
  if (shape == x.shape()) return x;
  Shape strides;
  if (n == 0 || x.is_contiguous())
    strides = contiguous_strides(shape);
  else if (!view_strides(x.shape(), x.strides(), shape, strides))
    return reshape(contiguous(x), shape);
  return record_view("reshape", x, x.view(shape, strides, x.offset()));
}

Tensor transpose(const Tensor& x, const std::vector<int64_t>& perm_in) {
  const int64_t nd = x.ndim();
  std::vector<int64_t> perm = perm_in;
  if (perm.empty())
    for (int64_t d = nd - 1; d >= 0; --d) perm.push_back(d);
  NNEXT_CHECK(int64_t(perm.size()) == nd, ValueError, "transpose: perm has ", perm.size(),
              " entries for a tensor of rank ", nd);
  std::vector<bool> seen(size_t(nd), false);
  Shape shape(static_cast<size_t>(nd)), strides(static_cast<size_t>(nd));
  std::vector<int64_t> inverse(static_cast<size_t>(nd));
  for (int64_t i = 0; i < nd; ++i) {
    int64_t p = normalize_axis(perm[size_t(i)], nd, "transpose");
    NNEXT_CHECK(!seen[size_t(p)], ValueError, "transpose: perm repeats axis ", p);
    seen[size_t(p)] = true;
    shape[size_t(i)] = x.dim(p);
    strides[size_t(i)] = x.strides()[size_t(p)];
    inverse[size_t(p)] = i;
  }
  Tensor y = x.view(shape, strides, x.offset());
  if (autograd::any_tape())
    autograd::record("transpose", {x}, {y},
                     [inverse](const Grads& g) -> Grads { return {transpose(g[0], inverse)}; });
  return y;
}

Tensor expand_dims(const Tensor& x, int64_t axis) {
  int64_t ax = normalize_axis(axis, x.ndim() + 1, "expand_dims");
  Shape shape = x.shape(), strides = x.strides();
  int64_t stride = ax < x.ndim() ? x.strides()[size_t(ax)] * x.dim(ax) : 1;
  shape.insert(shape.begin() + ax, 1);
  strides.insert(strides.begin() + ax, stride);
  return record_view("expand_dims", x, x.view(shape, strides, x.offset()));
}

Tensor squeeze(const Tensor& x, const std::vector<int64_t>& axes) {
  std::vector<bool> drop(size_t(x.ndim()), false);
  if (axes.empty()) {
    for (int64_t d = 0; d < x.ndim(); ++d) drop[size_t(d)] = x.dim(d) == 1;
  } else {
    for (int64_t a : axes) {
      int64_t ax = normalize_axis(a, x.ndim(), "squeeze");
      NNEXT_CHECK(x.dim(ax) == 1, ValueError, "squeeze: cannot squeeze axis ", a, " of size ",
                  x.dim(ax), " in shape ", shape_str(x.shape()));
      drop[size_t(ax)] = true;
    }
  }
  Shape shape, strides;
  for (int64_t d = 0; d < x.ndim(); ++d)
    if (!drop[size_t(d)]) {
      shape.push_back(x.dim(d));
      strides.push_back(x.strides()[size_t(d)]);
    }
  return record_view("squeeze", x, x.view(shape, strides, x.offset()));
}

Tensor broadcast_to(const Tensor& x, const Shape& shape) {
  if (shape == x.shape()) return x;
  const int64_t lead = int64_t(shape.size()) - x.ndim();
  bool ok = lead >= 0;
  Shape strides(shape.size(), 0);
  for (int64_t d = 0; ok && d < x.ndim(); ++d) {
    int64_t have = x.dim(d), want = shape[size_t(d + lead)];
    if (have == want)
      strides[size_t(d + lead)] = x.strides()[size_t(d)];
    else
      ok = have == 1;
  }
  NNEXT_CHECK(ok, ValueError, "broadcast_to: cannot broadcast shape ", shape_str(x.shape()), " to ",
              shape_str(shape));
  checked_numel(shape, "broadcast_to");
  Tensor y = x.view(shape, strides, x.offset());
  if (autograd::any_tape())
    autograd::record("broadcast_to", {x}, {y},
                     [in = x.shape()](const Grads& g) -> Grads { return {sum_to(g[0], in)}; });
  return y;
}

namespace {

Tensor index_view(const Tensor& x, const std::vector<IndexItem>& items) {
  int64_t consumed = 0;
  size_t ellipses = 0;
  for (const IndexItem& it : items) {
    if (it.kind == IndexItem::Int || it.kind == IndexItem::Slice) ++consumed;
    if (it.kind == IndexItem::Ellipsis) ++ellipses;
  }
  NNEXT_CHECK(ellipses <= 1, IndexError,
              "__getitem__: an index can only have a single ellipsis ('...')");
  NNEXT_CHECK(consumed <= x.ndim(), IndexError,
              "__getitem__: too many indices for tensor: tensor is ", x.ndim(),
              "-dimensional, but ", consumed, " were indexed");
  Shape shape, strides;
  int64_t offset = x.offset(), d = 0;
  auto take_full = [&](int64_t count) {
    for (int64_t k = 0; k < count; ++k, ++d) {
      shape.push_back(x.dim(d));
      strides.push_back(x.strides()[size_t(d)]);
    }
  };
  for (const IndexItem& it : items) {
    switch (it.kind) {
      case IndexItem::Ellipsis:
        take_full(x.ndim() - consumed);
        break;
      case IndexItem::NewAxis:
        shape.push_back(1);
        strides.push_back(0);
        break;
      case IndexItem::Int: {
        int64_t size = x.dim(d), i = it.start;
        NNEXT_CHECK(i >= -size && i < size, IndexError, "__getitem__: index ", i,
                    " is out of bounds for axis ", d, " with size ", size);
        offset += (i < 0 ? i + size : i) * x.strides()[size_t(d)];
        ++d;
        break;
      }
      case IndexItem::Slice: {
        NNEXT_CHECK(it.step != 0, ValueError, "__getitem__: slice step cannot be zero");
        const int64_t size = x.dim(d), step = it.step;
        // Python's slice.indices(size).
        auto clamp = [&](int64_t v, bool given, int64_t dflt) {
          if (!given) return dflt;
          if (v < 0) v += size;
          if (step > 0) return std::clamp<int64_t>(v, 0, size);
          return std::clamp<int64_t>(v, -1, size - 1);
        };
        int64_t start = clamp(it.start, it.has_start, step > 0 ? 0 : size - 1);
        int64_t stop = clamp(it.stop, it.has_stop, step > 0 ? size : -1);
        int64_t len = step > 0 ? (stop > start ? (stop - start + step - 1) / step : 0)
                               : (start > stop ? (start - stop - step - 1) / -step : 0);
        if (len > 0) offset += start * x.strides()[size_t(d)];
        shape.push_back(len);
        strides.push_back(x.strides()[size_t(d)] * step);
        ++d;
        break;
      }
    }
  }
  take_full(x.ndim() - d);
  return x.view(shape, strides, offset);
}

// The gradient of an indexed view: the output gradient written into zeros of the input
// shape through the same index (a view of the zeros buffer).
Tensor index_grad(const Tensor& g, const Shape& shape, DType dtype,
                  const std::vector<IndexItem>& items) {
  Tensor z = zeros(shape, dtype);
  Tensor region = index_view(z, items);
  copy_into_any(region, cast(g, dtype));  // any dtype: float16's gradient is float16
  if (autograd::any_tape())
    autograd::record("index_grad", {g}, {z},
                     [items](const Grads& gg) -> Grads { return {basic_index(gg[0], items)}; });
  return z;
}

}  // namespace

Tensor basic_index(const Tensor& x, const std::vector<IndexItem>& items) {
  Tensor y = index_view(x, items);
  if (autograd::any_tape())
    autograd::record("basic_index", {x}, {y},
                     [items, shape = x.shape(), dt = x.dtype()](const Grads& g) -> Grads {
                       return {index_grad(g[0], shape, dt, items)};
                     });
  return y;
}

}  // namespace nnext::ops
