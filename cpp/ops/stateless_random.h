// Counter-based random numbers for tf.random.stateless_* and tf.random.Generator: every
// element is a pure function of (key, element index), so a draw depends on its seed alone
// (never on the global generator) and is the same at any thread count.
#pragma once
#include <cstdint>

#include "core/tensor.h"

namespace nnext::ops {

enum class StatelessKind { Uniform, Normal, TruncatedNormal };

// Floats: uniform in [a, b), or normal with mean a and stddev b (truncated: redrawn
// beyond 2 stddev). Integer dtypes (Uniform only): uniform integers in [a, b).
Tensor stateless_random(const Shape& shape, uint64_t key0, uint64_t key1, StatelessKind kind,
                        double a, double b, DType dtype);

}  // namespace nnext::ops
