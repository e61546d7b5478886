// Elementwise functions beyond elementwise.def that keras.ops (NumPy's API) needs: inverse
// trigonometry and hyperbolics, erf and its inverse, rounding, IEEE helpers and the integer
// bit operations. Declared by the table in special.def; adding one is a row there.
#pragma once
#include "core/tensor.h"

namespace nnext::ops {

#define SPECIAL_FLOAT(name, ...) Tensor name(const Tensor& x);
#define SPECIAL_ROUND(name, ...) Tensor name(const Tensor& x);
#define SPECIAL_TEST(name, ...) Tensor name(const Tensor& x);
#define SPECIAL_BINARY_FLOAT(name, ...) Tensor name(const Tensor& a, const Tensor& b);
#define SPECIAL_BITWISE(name, ...) Tensor name(const Tensor& a, const Tensor& b);
#include "ops/special.def"
#undef SPECIAL_FLOAT
#undef SPECIAL_ROUND
#undef SPECIAL_TEST
#undef SPECIAL_BINARY_FLOAT
#undef SPECIAL_BITWISE

// ~x for integers, logical not for bool.
Tensor bitwise_invert(const Tensor& x);

}  // namespace nnext::ops
