// The docstrings of the raw bindings (see op_docs.h): for a table op one summary line, its
// kind adding the Args and Returns that every op of the kind shares; for a reduction the
// summary and its Returns; for any other binding the whole docstring.
#include "bindings/op_docs.h"

#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

namespace nnext::bindings {
namespace {

enum Kind {
  UnaryFloat,   // float result: bool computes in float32, integers in float64
  UnarySame,    // the input's dtype
  UnaryTest,    // bool result
  Binary,       // NumPy 2 promotion, broadcasting
  BinaryFloat,  // float result, broadcasting
  Compare,      // bool result, broadcasting
  Bitwise,      // integers and bools
  Reduction,    // input_tensor, axis, keepdims
  Custom,       // the text is the whole docstring
};

struct Entry {
  const char* name;
  Kind kind;
  const char* text;
  const char* returns = nullptr;  // Reduction only
};

const Entry kEntries[] = {
    // elementwise.def
    {"exp", UnaryFloat, "Computes e raised to the power x, elementwise."},
    {"log", UnaryFloat,
     "Computes the natural logarithm of x, elementwise (-inf at 0, NaN "
     "below)."},
    {"log1p", UnaryFloat, "Computes log(1 + x) elementwise, accurate for small x."},
    {"sqrt", UnaryFloat, "Computes the square root of x, elementwise (NaN for negative x)."},
    {"sin", UnaryFloat, "Computes the sine of x (radians), elementwise."},
    {"cos", UnaryFloat, "Computes the cosine of x (radians), elementwise."},
    {"tanh", UnaryFloat, "Computes the hyperbolic tangent of x, elementwise."},
    {"sigmoid", UnaryFloat, "Computes the logistic sigmoid 1 / (1 + exp(-x)), elementwise."},
    {"negative", UnarySame, "Computes -x elementwise (integers wrap around, as NumPy)."},
    {"abs", UnarySame, "Computes the absolute value of x, elementwise."},
    {"sign", UnarySame, "Returns -1, 0 or 1 by the sign of x, elementwise (NaN stays NaN)."},
    {"square", UnarySame, "Computes x * x elementwise."},
    {"relu", UnarySame, "Computes the rectified linear unit max(x, 0), elementwise."},
    {"is_nan", UnaryTest, "Returns which elements of x are NaN."},
    {"is_inf", UnaryTest, "Returns which elements of x are +inf or -inf."},
    {"is_finite", UnaryTest, "Returns which elements of x are neither infinite nor NaN."},
    {"logical_not", UnaryTest, "Computes the logical NOT of a bool tensor, elementwise."},
    {"add", Binary, "Returns x + y elementwise (integers wrap around, as NumPy)."},
    {"subtract", Binary, "Returns x - y elementwise (integers wrap around, as NumPy)."},
    {"multiply", Binary, "Returns x * y elementwise (integers wrap around, as NumPy)."},
    {"floordiv", Binary, "Returns floor(x / y) elementwise, as Python's //."},
    {"mod", Binary,
     "Returns the remainder of floor division, elementwise: its sign follows y, "
     "as Python's %."},
    {"pow", Binary, "Computes x to the power y, elementwise."},
    {"maximum", Binary, "Returns the larger of x and y, elementwise (NaN if either is NaN)."},
    {"minimum", Binary, "Returns the smaller of x and y, elementwise (NaN if either is NaN)."},
    {"divide", BinaryFloat, "Returns x / y elementwise, in a float type (true division)."},
    {"equal", Compare, "Returns the truth value of x == y, elementwise."},
    {"not_equal", Compare, "Returns the truth value of x != y, elementwise."},
    {"greater", Compare, "Returns the truth value of x > y, elementwise."},
    {"greater_equal", Compare, "Returns the truth value of x >= y, elementwise."},
    {"less", Compare, "Returns the truth value of x < y, elementwise."},
    {"less_equal", Compare, "Returns the truth value of x <= y, elementwise."},
    {"logical_and", Compare, "Returns the truth value of x AND y, elementwise."},
    {"logical_or", Compare, "Returns the truth value of x OR y, elementwise."},
    {"relu_grad", Binary, "Internal: the gradient of relu, x where y > 0, else 0."},
    // special.def
    {"tan", UnaryFloat, "Computes the tangent of x (radians), elementwise."},
    {"arcsin", UnaryFloat, "Computes the inverse sine of x, elementwise (NaN outside [-1, 1])."},
    {"arccos", UnaryFloat,
     "Computes the inverse cosine of x, elementwise (NaN outside "
     "[-1, 1])."},
    {"arctan", UnaryFloat, "Computes the inverse tangent of x, elementwise."},
    {"sinh", UnaryFloat, "Computes the hyperbolic sine of x, elementwise."},
    {"cosh", UnaryFloat, "Computes the hyperbolic cosine of x, elementwise."},
    {"arcsinh", UnaryFloat, "Computes the inverse hyperbolic sine of x, elementwise."},
    {"arccosh", UnaryFloat,
     "Computes the inverse hyperbolic cosine of x, elementwise (NaN "
     "below 1)."},
    {"arctanh", UnaryFloat, "Computes the inverse hyperbolic tangent of x, elementwise."},
    {"expm1", UnaryFloat, "Computes exp(x) - 1 elementwise, accurate for small x."},
    {"cbrt", UnaryFloat, "Computes the cube root of x, elementwise."},
    {"erf", UnaryFloat, "Computes the Gauss error function of x, elementwise."},
    {"erfc", UnaryFloat, "Computes the complementary error function 1 - erf(x), elementwise."},
    {"erfinv", UnaryFloat, "Computes the inverse error function of x, elementwise."},
    {"floor", UnarySame,
     "Rounds x down to an integral value, elementwise (integers pass "
     "through)."},
    {"ceil", UnarySame, "Rounds x up to an integral value, elementwise (integers pass through)."},
    {"trunc", UnarySame, "Rounds x toward zero, elementwise (integers pass through)."},
    {"round_half_even", UnarySame,
     "Rounds x to the nearest integral value, halves to even, "
     "elementwise (as numpy.round)."},
    {"signbit", UnaryTest,
     "Returns which elements of x have their sign bit set (-0.0 "
     "included)."},
    {"arctan2", BinaryFloat,
     "Computes atan2(x, y) elementwise: the angle in radians, in "
     "[-pi, pi], of the point with ordinate x and abscissa y."},
    {"hypot", BinaryFloat,
     "Computes sqrt(x^2 + y^2) elementwise, without intermediate "
     "overflow."},
    {"fmod", BinaryFloat,
     "Returns the remainder of truncated division, elementwise: its "
     "sign follows x, as C's fmod."},
    {"nextafter", BinaryFloat,
     "Returns the next representable float after x in the "
     "direction of y, elementwise."},
    {"bitwise_and", Bitwise, "Computes the bitwise AND of x and y, elementwise."},
    {"bitwise_or", Bitwise, "Computes the bitwise OR of x and y, elementwise."},
    {"bitwise_xor", Bitwise, "Computes the bitwise XOR of x and y, elementwise."},
    {"bitwise_left_shift", Bitwise, "Shifts the bits of x left by y places, elementwise."},
    {"bitwise_right_shift", Bitwise,
     "Shifts the bits of x right by y places (arithmetic "
     "for signed integers), elementwise."},
    {"gcd", Bitwise, "Computes the greatest common divisor of |x| and |y|, elementwise."},
    {"lcm", Bitwise, "Computes the least common multiple of |x| and |y|, elementwise."},
    // reduce.cpp
    {"reduce_sum", Reduction, "Computes the sum of elements across the axes of a tensor.",
     "The reduced tensor, in the input's dtype as TensorFlow's (integers wrap around;\n"
     "  float32 accumulates in float64); bool, which TensorFlow refuses, counts in int64."},
    {"reduce_mean", Reduction, "Computes the mean of elements across the axes of a tensor.",
     "The reduced tensor in the input's dtype: an integer mean is TensorFlow's integer\n"
     "  division, truncated (0 of no elements); a float mean of no elements is NaN; bool\n"
     "  gives float64."},
    {"reduce_max", Reduction,
     "Computes the maximum of elements across the axes of a "
     "tensor.",
     "The reduced tensor in the input's dtype (NaN where a reduced element is NaN). An\n"
     "  empty reduced axis raises ValueError unless the result is empty too."},
    {"reduce_min", Reduction, "Computes the minimum of elements across the axes of a tensor.",
     "The reduced tensor in the input's dtype (NaN where a reduced element is NaN). An\n"
     "  empty reduced axis raises ValueError unless the result is empty too."},
    {"reduce_prod", Reduction,
     "Computes the product of elements across the axes of a "
     "tensor.",
     "The reduced tensor, in the input's dtype as TensorFlow's (integers wrap around;\n"
     "  float32 accumulates in float64); bool multiplies into int64."},
    {"reduce_any", Reduction,
     "Computes the logical OR of elements across the axes of a "
     "tensor.",
     "A bool tensor (False over no elements)."},
    {"reduce_all", Reduction,
     "Computes the logical AND of elements across the axes of a "
     "tensor.",
     "A bool tensor (True over no elements)."},
    {"argmax", Custom, R"(Returns the index of the largest value along an axis (first of ties).

Args:
  input: A tensor, or anything convert_to_tensor accepts.
  axis: An int; None means 0, as TensorFlow.
  output_type: int64 (the default) or int32.
  name: Ignored (TensorFlow's op name).

Returns:
  An integer tensor of input's shape without `axis`.

Raises:
  ValueError: if the axis is out of range or has size 0.)"},
    {"argmin", Custom, R"(Returns the index of the smallest value along an axis (first of ties).

Args:
  input: A tensor, or anything convert_to_tensor accepts.
  axis: An int; None means 0, as TensorFlow.
  output_type: int64 (the default) or int32.
  name: Ignored (TensorFlow's op name).

Returns:
  An integer tensor of input's shape without `axis`.

Raises:
  ValueError: if the axis is out of range or has size 0.)"},
    // elementwise.cpp (beyond the table)
    {"cast", Custom, R"(Casts a tensor to a dtype, as NumPy's astype.

Floats to integers truncate toward zero; NaN and out-of-range values become the integer
minimum (as NumPy on x86); integers wrap around.

Args:
  x: A tensor, or anything convert_to_tensor accepts.
  dtype: The target dtype: an nnext dtype, a NumPy dtype or a name such as "int32".
  name: Ignored (TensorFlow's op name).

Returns:
  A tensor of x's shape in `dtype`.

Raises:
  TypeError: for an unknown dtype.)"},
    {"clip_by_value", Custom, R"(Clips values to the range [clip_value_min, clip_value_max].

Args:
  t: A tensor, or anything convert_to_tensor accepts.
  clip_value_min: The lower bound: a number, or a tensor that broadcasts to t's shape.
  clip_value_max: The upper bound, likewise.
  name: Ignored (TensorFlow's op name).

Returns:
  A tensor of t's shape and dtype.

Raises:
  ValueError: if a bound does not broadcast to t's shape.)"},
    // shape.cpp
    {"reshape", Custom, R"(Gives a tensor a new shape, same elements (a view where it can).

Args:
  tensor: A tensor, or anything convert_to_tensor accepts.
  shape: A list of ints; one of them may be -1, inferred from the size.
  name: Ignored (TensorFlow's op name).

Returns:
  A tensor of `shape` holding tensor's elements in row-major order.

Raises:
  ValueError: if the sizes differ or more than one dimension is -1.

Example:
  >>> nnext.reshape(nnext.range(6), [2, -1]).shape
  TensorShape([2, 3]))"},
    {"transpose", Custom, R"(Permutes the axes of a tensor (a view, no copy).

Args:
  a: A tensor, or anything convert_to_tensor accepts.
  perm: The new order of the axes; None reverses them.
  conjugate: Ignored (nnext has no complex dtypes).
  name: Ignored (TensorFlow's op name).

Returns:
  A tensor whose axis i is a's axis perm[i].

Raises:
  ValueError: if perm is not a permutation of a's axes.)"},
    {"expand_dims", Custom, R"(Inserts an axis of size 1 (a view).

Args:
  input: A tensor, or anything convert_to_tensor accepts.
  axis: Where the new axis goes, in [-rank - 1, rank].
  name: Ignored (TensorFlow's op name).

Returns:
  A tensor of rank one more than input's.

Raises:
  ValueError: if axis is out of range.)"},
    {"squeeze", Custom, R"(Removes axes of size 1 (a view).

Args:
  input: A tensor, or anything convert_to_tensor accepts.
  axis: None (every axis of size 1), an int or a list of ints.
  name: Ignored (TensorFlow's op name).

Returns:
  The tensor without those axes.

Raises:
  ValueError: if a named axis is out of range or its size is not 1.)"},
    {"broadcast_to", Custom, R"(Broadcasts a tensor to a shape, as NumPy (a view with stride 0).

Args:
  input: A tensor, or anything convert_to_tensor accepts.
  shape: The target shape, a list of ints.
  name: Ignored (TensorFlow's op name).

Returns:
  A tensor of `shape`.

Raises:
  ValueError: if input's shape does not broadcast to `shape`.)"},
    // creation.cpp
    {"convert_to_tensor", Custom, R"(Converts a value to a Tensor.

Tensors pass through; C-contiguous NumPy arrays of a supported dtype are wrapped without a
copy; Python floats give float32 and ints int32, as TensorFlow.

Args:
  value: A Tensor, NumPy array, Python number or nested list.
  dtype: The dtype to convert to; None keeps the value's.
  name: Ignored (TensorFlow's op name).

Returns:
  A Tensor.

Raises:
  TypeError: for a value of an unsupported type or dtype.
  ValueError: for a ragged nested list.)"},
    {"zeros", Custom, R"(Creates a tensor of zeros.

Args:
  shape: A list of ints.
  dtype: The dtype (float32 by default).
  name: Ignored (TensorFlow's op name).

Returns:
  A tensor of `shape` filled with 0.

Raises:
  ValueError: for a negative dimension.)"},
    {"ones", Custom, R"(Creates a tensor of ones.

Args:
  shape: A list of ints.
  dtype: The dtype (float32 by default).
  name: Ignored (TensorFlow's op name).

Returns:
  A tensor of `shape` filled with 1.

Raises:
  ValueError: for a negative dimension.)"},
    {"zeros_like", Custom, R"(Creates a tensor of zeros with the shape of another.

Args:
  input: A tensor, or anything convert_to_tensor accepts.
  dtype: The dtype; None keeps input's.
  name: Ignored (TensorFlow's op name).

Returns:
  A tensor of input's shape filled with 0.)"},
    {"ones_like", Custom, R"(Creates a tensor of ones with the shape of another.

Args:
  input: A tensor, or anything convert_to_tensor accepts.
  dtype: The dtype; None keeps input's.
  name: Ignored (TensorFlow's op name).

Returns:
  A tensor of input's shape filled with 1.)"},
    {"eye", Custom, R"(Creates an identity matrix: ones on the diagonal, zeros elsewhere.

Args:
  num_rows: The number of rows.
  num_columns: The number of columns (num_rows when None).
  dtype: The dtype (float32 by default).
  name: Ignored (TensorFlow's op name).

Returns:
  A (num_rows, num_columns) tensor.)"},
    // library.cpp
    {"get_num_threads", Custom, R"(Returns the number of threads of nnext's loops and of OpenBLAS.

The default honours OMP_NUM_THREADS; set_num_threads changes both.

Returns:
  An int.)"},
    {"empty_cache", Custom, R"(Frees the blocks nnext's allocator keeps cached for reuse.

A training loop reuses its buffers through this cache; freeing it returns the memory to
the system (memory_stats()["cached"] is 0 afterwards).)"},
};

const char* kind_text(Kind kind) {
  switch (kind) {
    case UnaryFloat:
      return "Args:\n  x: A tensor, or anything convert_to_tensor accepts; bool computes in "
             "float32,\n    integers in float64.\n  name: Ignored (TensorFlow's op name).\n\n"
             "Returns:\n  A float tensor of x's shape.";
    case UnarySame:
      return "Args:\n  x: A tensor, or anything convert_to_tensor accepts.\n  name: Ignored "
             "(TensorFlow's op name).\n\nReturns:\n  A tensor of x's shape and dtype.";
    case UnaryTest:
      return "Args:\n  x: A tensor, or anything convert_to_tensor accepts.\n  name: Ignored "
             "(TensorFlow's op name).\n\nReturns:\n  A bool tensor of x's shape.";
    case Binary:
      return "Args:\n  x: A tensor, array or Python number.\n  y: Likewise; x and y broadcast "
             "as in NumPy.\n  name: Ignored (TensorFlow's op name).\n\nReturns:\n  A tensor of "
             "the broadcast shape in the promoted dtype (NumPy 2 rules: Python\n  numbers are "
             "weak).\n\nRaises:\n  ValueError: if the shapes do not broadcast.";
    case BinaryFloat:
      return "Args:\n  x: A tensor, array or Python number.\n  y: Likewise; x and y broadcast "
             "as in NumPy.\n  name: Ignored (TensorFlow's op name).\n\nReturns:\n  A float "
             "tensor of the broadcast shape (bool and integers promote to a float\n  type)."
             "\n\nRaises:\n  ValueError: if the shapes do not broadcast.";
    case Compare:
      return "Args:\n  x: A tensor, array or Python number.\n  y: Likewise; x and y broadcast "
             "as in NumPy.\n  name: Ignored (TensorFlow's op name).\n\nReturns:\n  A bool "
             "tensor of the broadcast shape.\n\nRaises:\n  ValueError: if the shapes do not "
             "broadcast.";
    case Bitwise:
      return "Args:\n  x: An integer or bool tensor, array or Python int.\n  y: Likewise; x "
             "and y broadcast as in NumPy.\n  name: Ignored (TensorFlow's op name).\n\n"
             "Returns:\n  A tensor of the broadcast shape in the promoted integer dtype.\n\n"
             "Raises:\n  TypeError: for float operands.";
    case Reduction:
      return "Args:\n  input_tensor: A tensor, or anything convert_to_tensor accepts.\n  axis: "
             "None (every axis), an int or a list of ints; negative counts from\n    the end."
             "\n  keepdims: Keep each reduced axis, with size 1.\n  name: Ignored "
             "(TensorFlow's op name).\n\nReturns:\n  ";
    case Custom:
      break;
  }
  return "";
}

}  // namespace

const char* doc(const char* name) {
  // Built once; pybind11 keeps the pointers for the life of the module.
  static const std::unordered_map<std::string_view, std::string> docs = [] {
    std::unordered_map<std::string_view, std::string> built;
    for (const Entry& e : kEntries) {
      std::string text = e.text;
      if (e.kind != Custom) text += std::string("\n\n") + kind_text(e.kind);
      if (e.returns)
        text += std::string(e.returns) +
                "\n\nRaises:\n  ValueError: if an axis is out of range or repeated.";
      built.emplace(e.name, std::move(text));
    }
    return built;
  }();
  auto found = docs.find(name);
  return found == docs.end() ? "" : found->second.c_str();
}

}  // namespace nnext::bindings
