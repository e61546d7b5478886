// The complex ops: complex tensors built from parts and taken apart, and the complex
// arithmetic that elementwise.def's rows hand over to when an operand is complex. A row
// with no complex kernel here refuses complex operands with a TypeError naming the op.
#pragma once
#include "core/tensor.h"

namespace nnext::ops {

// real + imag * 1j, broadcast; both float32 (complex64) or both float64 (complex128).
Tensor complex(const Tensor& real, const Tensor& imag);
// The parts of a complex tensor (new tensors of its real dtype); for a real tensor, the
// tensor itself and zeros, as TensorFlow.
Tensor real(const Tensor& x);
Tensor imag(const Tensor& x);
// The complex conjugate; a real tensor unchanged.
Tensor conj(const Tensor& x);
// The argument atan2(imag, real) in the real dtype; for a real tensor, pi where x < 0, else 0.
Tensor angle(const Tensor& x);

// An elementwise.def row `op` on complex operands: unary ops keep the dtype except abs
// (|z| in the real dtype); binary ops compute in `dt`, the promoted complex dtype;
// comparisons give bool. TypeError for rows without a complex kernel.
Tensor complex_unary(const char* op, const Tensor& x);
Tensor complex_binary(const char* op, const Tensor& a, const Tensor& b, DType dt);
Tensor complex_compare(const char* op, const Tensor& a, const Tensor& b, DType dt);

// TypeError "<op>: not supported for <dtype> tensors" when `dt` is complex.
void check_not_complex(const char* op, DType dt);

}  // namespace nnext::ops
