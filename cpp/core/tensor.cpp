// Tensor construction, views and the shape arithmetic every op shares.
#include "core/tensor.h"

#include <atomic>
#include <limits>

#include "core/error.h"

namespace nnext {
namespace {
std::atomic<uint64_t> g_next_id{1};
}

int64_t checked_numel(const Shape& shape, const char* op) {
  int64_t n = 1;
  bool zero = false;
  for (int64_t d : shape) {
    NNEXT_CHECK(d >= 0, ValueError, op, ": negative dimension ", d, " in shape ", shape_str(shape));
    if (d == 0) zero = true;
  }
  if (zero) return 0;
  for (int64_t d : shape) {
    NNEXT_CHECK(n <= std::numeric_limits<int64_t>::max() / d, MemoryError, op, ": shape ",
                shape_str(shape), " has too many elements");
    n *= d;
  }
  return n;
}

int64_t normalize_axis(int64_t axis, int64_t ndim, const char* op) {
  NNEXT_CHECK(axis >= -ndim && axis < ndim, IndexError, op, ": axis ", axis,
              " is out of range for a tensor of rank ", ndim);
  return axis < 0 ? axis + ndim : axis;
}

Shape contiguous_strides(const Shape& shape) {
  Shape strides(shape.size());
  int64_t s = 1;
  for (size_t i = shape.size(); i-- > 0;) {
    strides[i] = s;
    s *= shape[i] > 0 ? shape[i] : 1;
  }
  return strides;
}

int64_t Tensor::numel() const {
  int64_t n = 1;
  for (int64_t d : impl_->shape) n *= d;
  return n;
}

Tensor Tensor::empty(const Shape& shape, DType dtype, const char* op) {
  int64_t n = checked_numel(shape, op);
  size_t itemsize = dtype_size(dtype);
  NNEXT_CHECK(uint64_t(n) <= std::numeric_limits<uint64_t>::max() / 2 / itemsize, MemoryError, op,
              ": cannot allocate a tensor of shape ", shape_str(shape));
  auto storage = std::make_shared<Storage>(size_t(n) * itemsize);
  return from_storage(std::move(storage), shape, contiguous_strides(shape), 0, dtype);
}

Tensor Tensor::from_storage(std::shared_ptr<Storage> storage, Shape shape, Shape strides,
                            int64_t offset, DType dtype) {
  auto impl = std::make_shared<TensorImpl>();
  impl->storage = std::move(storage);
  impl->shape = std::move(shape);
  impl->strides = std::move(strides);
  impl->offset = offset;
  impl->dtype = dtype;
  impl->id = g_next_id.fetch_add(1, std::memory_order_relaxed);
  return Tensor(std::move(impl));
}

bool Tensor::is_contiguous() const {
  int64_t expected = 1;
  for (size_t i = impl_->shape.size(); i-- > 0;) {
    if (impl_->shape[i] == 1) continue;
    if (impl_->strides[i] != expected) return false;
    expected *= impl_->shape[i];
  }
  return true;
}

Tensor Tensor::view(Shape shape, Shape strides, int64_t offset) const {
  return from_storage(impl_->storage, std::move(shape), std::move(strides), offset, dtype());
}

}  // namespace nnext
