// Tensor: shape + strides (in elements, 0 on broadcast axes) + offset over a shared
// Storage. A Tensor is a cheap handle; copying it shares the same TensorImpl, whose `id`
// is the identity the gradient tape tracks. Views make a new TensorImpl on the same storage.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/dtype.h"
#include "core/storage.h"

namespace nnext {

using Shape = std::vector<int64_t>;

struct VariableInfo {
  bool trainable = true;
  std::string name;
};

struct TensorImpl {
  std::shared_ptr<Storage> storage;
  Shape shape;
  Shape strides;
  int64_t offset = 0;
  DType dtype = DType::Float32;
  uint64_t id = 0;
  std::unique_ptr<VariableInfo> variable;  // set for Variables only
};

class Tensor {
 public:
  Tensor() = default;
  explicit Tensor(std::shared_ptr<TensorImpl> impl) : impl_(std::move(impl)) {}

  // A new contiguous tensor; its contents are uninitialised. `op` names the caller in the
  // errors of an invalid or impossible shape.
  static Tensor empty(const Shape& shape, DType dtype, const char* op = "empty");
  // A tensor over existing storage (a view, or foreign memory).
  static Tensor from_storage(std::shared_ptr<Storage> storage, Shape shape, Shape strides,
                             int64_t offset, DType dtype);

  bool defined() const { return impl_ != nullptr; }
  const Shape& shape() const { return impl_->shape; }
  const Shape& strides() const { return impl_->strides; }
  int64_t offset() const { return impl_->offset; }
  DType dtype() const { return impl_->dtype; }
  int64_t ndim() const { return int64_t(impl_->shape.size()); }
  int64_t dim(int64_t axis) const { return impl_->shape[size_t(axis)]; }
  int64_t numel() const;
  uint64_t id() const { return impl_->id; }
  const std::shared_ptr<Storage>& storage() const { return impl_->storage; }
  TensorImpl* impl() const { return impl_.get(); }

  void* raw_data() const {
    return static_cast<char*>(impl_->storage->data()) +
           impl_->offset * int64_t(dtype_size(dtype()));
  }
  template <class T>
  T* data() const {
    return static_cast<T*>(impl_->storage->data()) + impl_->offset;
  }

  // True when elements are laid out row-major with no gaps (size-1 axes ignored).
  bool is_contiguous() const;
  // A view over the same storage: new identity, same bytes.
  Tensor view(Shape shape, Shape strides, int64_t offset) const;

  bool is_variable() const { return impl_->variable != nullptr; }
  VariableInfo* variable_info() const { return impl_->variable.get(); }

 private:
  std::shared_ptr<TensorImpl> impl_;
};

// Row-major strides of a shape.
Shape contiguous_strides(const Shape& shape);
// Product of dims; raises ValueError for negative dims and MemoryError on overflow.
int64_t checked_numel(const Shape& shape, const char* op);
// Wraps a possibly negative axis into [0, ndim); IndexError naming `op` when out of range.
int64_t normalize_axis(int64_t axis, int64_t ndim, const char* op);

}  // namespace nnext
