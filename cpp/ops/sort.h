// Sorting along an axis: argsort (stable, NaN last as NumPy) and the indices of the k
// largest entries (top_k). Only indices come from here; the sorted values are a gather of
// them (take_along_axis), whose gradient scatters back.
#pragma once
#include "core/tensor.h"

namespace nnext::ops {

// The int32 permutation that sorts `x` along `axis`; ties keep their order. With
// `descending` the order is reversed, ties still in input order (NaN first, then).
Tensor argsort(const Tensor& x, int64_t axis, bool descending);
// The int32 indices of the k largest entries along the last axis, largest first when
// `sorted` (else in index order); ties prefer the lower index, as TensorFlow's top_k.
Tensor top_k_indices(const Tensor& x, int64_t k, bool sorted);

}  // namespace nnext::ops
