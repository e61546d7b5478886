// Python values -> Tensors (zero-copy for suitable NumPy arrays), Tensors -> NumPy views,
// and parsing of dtypes, shapes and axes.
#include <array>
#include <climits>
#include <cmath>
#include <complex>
#include <utility>

#include "bindings/bindings.h"
#include "core/error.h"
#include "core/parallel.h"
#include "ops/elementwise.h"
#include "ops/reduce.h"

namespace nnext::bindings {
namespace {

py::module_& numpy() {
  static py::module_* np = new py::module_(py::module_::import("numpy"));
  return *np;
}

// Leaked on purpose: Python objects must not be destroyed after the interpreter shuts down.
std::array<py::object, kNumDTypes>& dtype_objects() {
  static auto* objects = new std::array<py::object, kNumDTypes>();
  return *objects;
}

std::optional<DType> dtype_from_name(const std::string& name) {
  for (size_t i = 0; i < kNumDTypes; ++i)
    if (name == dtype_name(DType(i))) return DType(i);
  return std::nullopt;
}

// Every NumPy bool, integer, float and complex dtype has its twin (float128, complex256 and
// the rest do not).
std::optional<DType> dtype_from_numpy(const py::dtype& dt) {
  const char kind = dt.kind();
  const ssize_t size = dt.itemsize();
  if (kind == 'b') return DType::Bool;
  if (kind == 'c' && size == 8) return DType::Complex64;
  if (kind == 'c' && size == 16) return DType::Complex128;
  if (kind == 'f' && size == 2) return DType::Float16;
  if (kind == 'f' && size == 4) return DType::Float32;
  if (kind == 'f' && size == 8) return DType::Float64;
  const bool u = kind == 'u';
  if (kind == 'i' || u) {
    switch (size) {
      case 1:
        return u ? DType::UInt8 : DType::Int8;
      case 2:
        return u ? DType::UInt16 : DType::Int16;
      case 4:
        return u ? DType::UInt32 : DType::Int32;
      case 8:
        return u ? DType::UInt64 : DType::Int64;
      default:
        break;
    }
  }
  return std::nullopt;
}

// The range of an integer dtype, clipped to int64's (uint64 above 2^63 - 1 is left out).
std::pair<long long, long long> integer_range(DType dt) {
  switch (dt) {
    case DType::UInt8:
      return {0, 255};
    case DType::Int8:
      return {-128, 127};
    case DType::Int16:
      return {-32768, 32767};
    case DType::UInt16:
      return {0, 65535};
    case DType::Int32:
      return {INT_MIN, INT_MAX};
    case DType::UInt32:
      return {0, 4294967295LL};
    case DType::UInt64:
      return {0, LLONG_MAX};
    default:
      return {LLONG_MIN, LLONG_MAX};
  }
}

py::dtype numpy_dtype(DType dt) { return py::dtype(dtype_name(dt)); }

bool exact_numpy_match(const py::dtype& dt, DType ours) {
  return dt.is(numpy_dtype(ours)) ||
         (dt.kind() == numpy_dtype(ours).kind() && dt.itemsize() == ssize_t(dtype_size(ours)) &&
          dt.attr("isnative").cast<bool>());
}

Tensor wrap_array(py::array arr) {
  py::dtype dt = arr.dtype();
  std::optional<DType> ours = dtype_from_numpy(dt);
  NNEXT_CHECK(ours.has_value(), TypeError, "convert_to_tensor: unsupported NumPy dtype ",
              std::string(py::str(dt)));
  const bool c_contiguous = arr.flags() & py::array::c_style;
  const bool aligned = arr.flags() & py::detail::npy_api::NPY_ARRAY_ALIGNED_;
  // Read-only arrays (np.broadcast_to results, read-only memory maps) are copied too: the
  // tensor's numpy() view is writeable, so wrapping them would open them to writes.
  const bool writeable = arr.writeable();
  if (!(c_contiguous && aligned && writeable && exact_numpy_match(dt, *ours)))
    arr = numpy().attr("array")(arr, numpy_dtype(*ours), py::arg("order") = "C");
  Shape shape(arr.shape(), arr.shape() + arr.ndim());
  void* data = arr.mutable_data();
  size_t nbytes = size_t(arr.nbytes());
  // The storage keeps the array alive; its release runs under the GIL.
  auto* keep = new py::object(arr);
  auto storage = std::make_shared<Storage>(data, nbytes, [keep]() {
    py::gil_scoped_acquire gil;
    delete keep;
  });
  return Tensor::from_storage(std::move(storage), shape, contiguous_strides(shape), 0, *ours);
}

// Exact Python bool/int/float/complex only: NumPy scalars such as np.float64 subclass float
// but are strong under NEP 50 (float32 tensor * np.float64(2) is float64).
bool is_python_scalar(py::handle v) {
  return PyBool_Check(v.ptr()) || PyLong_CheckExact(v.ptr()) || PyFloat_CheckExact(v.ptr()) ||
         PyComplex_CheckExact(v.ptr());
}

// The dtype TensorFlow gives a Python scalar: bool, int32 (int64 when it does not fit),
// float32, complex128.
DType default_scalar_dtype(py::handle v) {
  if (PyBool_Check(v.ptr())) return DType::Bool;
  if (PyComplex_Check(v.ptr())) return DType::Complex128;
  if (PyLong_Check(v.ptr())) {
    int overflow = 0;
    long long x = PyLong_AsLongLongAndOverflow(v.ptr(), &overflow);
    NNEXT_CHECK(!overflow, ValueError, "convert_to_tensor: integer ", std::string(py::str(v)),
                " does not fit in int64");
    return (x >= INT_MIN && x <= INT_MAX) ? DType::Int32 : DType::Int64;
  }
  return DType::Float32;
}

Tensor scalar_tensor(py::handle v, DType dt) {
  if (is_storage_only(dt)) return ops::cast(scalar_tensor(v, compute_dtype(dt)), dt);
  if (is_complex(dt)) {
    // PyComplex_AsCComplex takes ints and floats too.
    const Py_complex z = PyComplex_AsCComplex(v.ptr());
    if (PyErr_Occurred()) throw py::error_already_set();
    Tensor t = Tensor::empty({}, DType::Complex128);
    *t.data<std::complex<double>>() = {z.real, z.imag};
    return ops::cast(t, dt);
  }
  NNEXT_CHECK(!PyComplex_Check(v.ptr()), TypeError, "convert_to_tensor: cannot convert ",
              std::string(py::repr(v)), " to a tensor of dtype ", dtype_name(dt));
  Tensor t = Tensor::empty({}, dt);
  dispatch(dt, [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (std::is_floating_point_v<T>)
      *t.data<T>() = T(PyFloat_AsDouble(v.ptr()));
    else if constexpr (std::is_same_v<T, bool>)
      *t.data<T>() = PyObject_IsTrue(v.ptr()) == 1;
    else
      *t.data<T>() =
          PyFloat_Check(v.ptr()) ? T(PyFloat_AsDouble(v.ptr())) : T(PyLong_AsLongLong(v.ptr()));
  });
  if (PyErr_Occurred()) throw py::error_already_set();
  return t;
}

// operator.index semantics: Python and NumPy integers, never floats or strings. A Python
// error (TypeError) propagates for the caller to rephrase with its op's name.
int64_t index_value(py::handle h, const char* op) {
  py::object i = py::reinterpret_steal<py::object>(PyNumber_Index(h.ptr()));
  if (!i) throw py::error_already_set();
  int overflow = 0;
  long long v = PyLong_AsLongLongAndOverflow(i.ptr(), &overflow);
  NNEXT_CHECK(!overflow, ValueError, op, ": integer ", std::string(py::str(i)),
              " does not fit in int64");
  return v;
}

// NEP 50's kinds: bool 0 < integer 1 < float 2 < complex 3.
int scalar_kind(DType dt) {
  return dt == DType::Bool ? 0 : is_integer_kind(dt) ? 1 : is_complex(dt) ? 3 : 2;
}
int scalar_kind(py::handle v) {
  return PyBool_Check(v.ptr()) ? 0 : PyLong_Check(v.ptr()) ? 1 : PyComplex_Check(v.ptr()) ? 3 : 2;
}

}  // namespace

py::object dtype_object(DType dtype) {
  py::object& obj = dtype_objects()[size_t(dtype)];
  if (!obj) return py::str(dtype_name(dtype));
  return obj;
}

DType to_dtype(py::handle value) {
  for (size_t i = 0; i < dtype_objects().size(); ++i)
    if (dtype_objects()[i] && value.is(dtype_objects()[i])) return DType(i);
  if (py::isinstance<py::str>(value)) {
    auto dt = dtype_from_name(value.cast<std::string>());
    NNEXT_CHECK(dt.has_value(), TypeError, "unsupported dtype '", value.cast<std::string>(),
                "': expected one of float16, float32, float64, int8, int16, int32, int64, "
                "uint8, uint16, uint32, uint64, bool, complex64, complex128");
    return *dt;
  }
  if (py::hasattr(value, "_nnext_dtype_name")) return to_dtype(value.attr("_nnext_dtype_name"));
  if (value.is(py::type::of(py::float_(0.0)))) return DType::Float32;
  if (value.is(py::type::of(py::int_(0)))) return DType::Int32;
  if (value.is(py::type::of(py::bool_(false)))) return DType::Bool;
  py::dtype dt;
  try {
    dt = py::dtype::from_args(py::reinterpret_borrow<py::object>(value));
  } catch (py::error_already_set&) {
    NNEXT_FAIL(TypeError, "unsupported dtype ", std::string(py::repr(value)));
  }
  auto name = dtype_from_name(std::string(py::str(dt)));
  NNEXT_CHECK(name.has_value(), TypeError, "unsupported dtype ", std::string(py::str(dt)),
              ": expected one of float16, float32, float64, int8, int16, int32, int64, uint8, "
              "uint16, uint32, uint64, bool, complex64, complex128");
  return *name;
}

std::optional<DType> to_optional_dtype(py::handle value) {
  if (value.is_none()) return std::nullopt;
  return to_dtype(value);
}

Tensor to_tensor(py::handle value, std::optional<DType> dtype) {
  Tensor t;
  if (py::isinstance<Tensor>(value)) {
    t = value.cast<Tensor>();
  } else if (is_python_scalar(value)) {
    t = scalar_tensor(value, dtype ? *dtype : default_scalar_dtype(value));
  } else if (py::isinstance<py::array>(value)) {
    t = wrap_array(py::reinterpret_borrow<py::array>(value));
  } else {
    NNEXT_CHECK(!py::isinstance<py::str>(value) && !value.is_none(), TypeError,
                "convert_to_tensor: cannot convert ", std::string(py::repr(value)).substr(0, 80),
                " to a tensor");
    py::object arr;
    try {
      arr = numpy().attr("asarray")(value);
    } catch (py::error_already_set& e) {
      NNEXT_FAIL(ValueError, "convert_to_tensor: cannot convert the value to a tensor: ", e.what());
    }
    py::dtype dt = py::reinterpret_borrow<py::array>(arr).dtype();
    // Nested Python lists get TensorFlow's defaults: float32 for floats, int32 for ints.
    const bool from_python = py::isinstance<py::list>(value) || py::isinstance<py::tuple>(value);
    if (from_python && !dtype && dt.kind() == 'f') arr = arr.attr("astype")("float32");
    if (from_python && !dtype && dt.kind() == 'i') {
      py::object lo = arr.attr("min")(), hi = arr.attr("max")();
      if (py::reinterpret_borrow<py::array>(arr).size() == 0 ||
          (lo.cast<int64_t>() >= INT_MIN && hi.cast<int64_t>() <= INT_MAX))
        arr = arr.attr("astype")("int32");
    }
    // NumPy holds Python ints beyond int64 as uint64; TensorFlow converts Python ints to
    // int32 or int64 only.
    NNEXT_CHECK(!(from_python && !dtype && dt.kind() == 'u'), ValueError,
                "convert_to_tensor: unsigned values above 2**63 - 1 do not fit in int64");
    NNEXT_CHECK(dt.kind() != 'O' && dt.kind() != 'U' && dt.kind() != 'S', TypeError,
                "convert_to_tensor: cannot convert a value of NumPy dtype ",
                std::string(py::str(dt)), " to a tensor");
    t = wrap_array(py::reinterpret_borrow<py::array>(arr));
  }
  if (dtype && t.dtype() != *dtype) t = ops::cast(t, *dtype);
  // Made from Python data: a constant of a trace recording now (a converted Tensor is not).
  if (trace::Trace* recording = trace::active(); recording && !py::isinstance<Tensor>(value))
    recording->note_constant(t);
  return t;
}

namespace {

// Lists, tuples and NumPy arrays: the operands TensorFlow converts to the dtype of the tensor
// beside them.
bool adopts_tensor_dtype(py::handle v) {
  return PyList_Check(v.ptr()) || PyTuple_Check(v.ptr()) || py::isinstance<py::array>(v);
}

// A list, tuple or array operand beside a tensor: TensorFlow converts it to the tensor's
// dtype (tf.constant(0.) + [1, -1] and tf.constant(0.) * np.ones(2) are float32) where its
// values are of no higher kind and fit; otherwise the two promote as tensors do ([2**40]
// beside int32 gives int64, a float array beside an int tensor a float).
Tensor sequence_operand(py::handle sequence, const Tensor& tensor) {
  py::array values = numpy().attr("asarray")(sequence);
  const char kind = values.dtype().kind();
  const DType dt = tensor.dtype();
  const int value_kind = kind == 'b' ? 0 : kind == 'i' ? 1 : kind == 'f' ? 2 : kind == 'c' ? 3 : 4;
  bool adopt = value_kind <= scalar_kind(dt);
  if (adopt && value_kind == 1 && is_integer_kind(dt) && values.size() > 0) {
    const auto [lo, hi] = integer_range(dt);
    adopt = values.attr("min")().cast<long long>() >= lo &&
            values.attr("max")().cast<long long>() <= hi;
  }
  // Adopted: from the array already made. Otherwise from the sequence itself, which gets
  // TensorFlow's defaults for Python lists (int32, float32).
  return adopt ? to_tensor(values, dt) : to_tensor(sequence);
}

}  // namespace

std::pair<Tensor, Tensor> to_operands(py::handle a, py::handle b, bool comparison) {
  const bool weak_a = is_python_scalar(a), weak_b = is_python_scalar(b);
  const bool tensor_a = py::isinstance<Tensor>(a), tensor_b = py::isinstance<Tensor>(b);
  if (tensor_a && adopts_tensor_dtype(b)) {
    Tensor ta = to_tensor(a);
    return {ta, sequence_operand(b, ta)};
  }
  if (tensor_b && adopts_tensor_dtype(a)) {
    Tensor tb = to_tensor(b);
    return {sequence_operand(a, tb), tb};
  }
  if (!tensor_a && !tensor_b) {
    // Neither is a tensor: TensorFlow converts the first alone, with its defaults (float32,
    // int32), and the second beside it: tf.maximum(0., [1, -1]) and tf.multiply(2., 3) are
    // float32.
    py::object first = py::cast(to_tensor(a));
    return to_operands(first, b, comparison);
  }
  if (weak_a == weak_b) return {to_tensor(a), to_tensor(b)};
  py::handle weak = weak_a ? a : b;
  Tensor strong = to_tensor(weak_a ? b : a);
  // NEP 50: a Python scalar adopts the tensor's dtype unless its kind is higher; then it
  // takes NumPy's default for its kind (int64, float64), or for a complex scalar the complex
  // dtype holding the float tensor (float32 * 1j is complex64; int32 * 1j complex128).
  DType dt = strong.dtype();
  int kind = scalar_kind(weak);
  if (kind > scalar_kind(dt))
    dt = kind == 1   ? DType::Int64
         : kind == 2 ? DType::Float64
                     : complex_of(is_float_kind(dt) ? dt : DType::Float64);
  // NEP 50: a weak int that the integer dtype cannot hold is an error, not a wrap-around;
  // comparisons instead see its exact value (int32 tensor < 2**40 is all true, as NumPy 2).
  if (is_integer_kind(dt) && kind == 1) {
    int overflow = 0;
    long long v = PyLong_AsLongLongAndOverflow(weak.ptr(), &overflow);
    const auto [lo, hi] = integer_range(dt);
    if (overflow || v < lo || v > hi) {
      if (comparison && overflow) {
        // Beyond int64, +-inf orders against every integer exactly as the value does.
        Tensor w = ops::scalar(overflow > 0 ? HUGE_VAL : -HUGE_VAL, DType::Float64);
        return weak_a ? std::make_pair(w, strong) : std::make_pair(strong, w);
      }
      if (comparison) {
        dt = DType::Int64;
      } else {
        std::string msg =
            "Python integer " + std::string(py::str(weak)) + " out of bounds for " + dtype_name(dt);
        PyErr_SetString(PyExc_OverflowError, msg.c_str());
        throw py::error_already_set();
      }
    }
  }
  Tensor w = scalar_tensor(weak, dt);
  if (trace::Trace* recording = trace::active()) recording->note_constant(w);
  return weak_a ? std::make_pair(w, strong) : std::make_pair(strong, w);
}

Shape to_shape(py::handle value_in, const char* op) {
  // `value` owns any converted object: a handle to a temporary would dangle.
  py::object value = py::reinterpret_borrow<py::object>(value_in);
  if (py::isinstance<Tensor>(value)) value = to_numpy(value.cast<Tensor>(), false);
  if (py::isinstance<py::array>(value)) value = value.attr("tolist")();
  if (PyLong_Check(value.ptr())) return {index_value(value, op)};
  NNEXT_CHECK(py::isinstance<py::sequence>(value) && !py::isinstance<py::str>(value), TypeError, op,
              ": expected a shape (an int or a sequence of ints), got ",
              std::string(py::repr(value)));
  Shape shape;
  for (py::handle d : value) {
    NNEXT_CHECK(!d.is_none(), ValueError, op, ": shape ", std::string(py::repr(value)),
                " has an unknown (None) dimension");
    try {
      shape.push_back(index_value(d, op));
    } catch (py::error_already_set&) {
      NNEXT_FAIL(TypeError, op, ": shape entries must be integers, got ", std::string(py::repr(d)));
    }
  }
  return shape;
}

std::vector<int64_t> to_axes(py::handle axis_in, int64_t ndim, const char* op) {
  std::vector<int64_t> axes;
  py::object axis = py::reinterpret_borrow<py::object>(axis_in);  // owns a converted Tensor
  if (axis.is_none()) {
    for (int64_t d = 0; d < ndim; ++d) axes.push_back(d);
    return axes;
  }
  if (py::isinstance<Tensor>(axis)) axis = to_numpy(axis.cast<Tensor>(), false).attr("tolist")();
  auto fail = [&]() {
    NNEXT_FAIL(TypeError, op, ": axis must be None, an int or a sequence of ints, got ",
               std::string(py::repr(axis)).substr(0, 80));
  };
  try {
    if (py::hasattr(axis, "__index__") && !py::isinstance<py::sequence>(axis))
      return {index_value(axis, op)};
    if (!py::isinstance<py::sequence>(axis) || py::isinstance<py::str>(axis)) fail();
    for (py::handle a : axis) axes.push_back(index_value(a, op));
  } catch (py::error_already_set&) {
    fail();
  }
  return axes;
}

py::array to_numpy(const Tensor& t, bool writeable) {
  const size_t item = dtype_size(t.dtype());
  std::vector<ssize_t> shape(t.shape().begin(), t.shape().end()), strides;
  for (int64_t s : t.strides()) strides.push_back(ssize_t(s * int64_t(item)));
  // A broadcast view repeats elements (stride 0): read-only, as NumPy's broadcast_to, since
  // one write would show up in every repeat and in the tensor it was broadcast from.
  for (size_t d = 0; d < shape.size(); ++d)
    if (strides[d] == 0 && shape[d] > 1) writeable = false;
  auto* keep = new std::shared_ptr<Storage>(t.storage());
  py::capsule base(keep, [](void* p) { delete static_cast<std::shared_ptr<Storage>*>(p); });
  py::array arr(numpy_dtype(t.dtype()), shape, strides, t.raw_data(), base);
  if (!writeable) arr.attr("flags").attr("writeable") = false;
  return arr;
}

ReleaseGilIfLarge::ReleaseGilIfLarge(int64_t work) {
  if (work >= kGrainSize) release_.emplace();
}

void register_dtypes(py::list objects) {
  NNEXT_CHECK(objects.size() == kNumDTypes, ValueError, "internal error: expected ", kNumDTypes,
              " dtype objects");
  for (size_t i = 0; i < kNumDTypes; ++i)
    dtype_objects()[i] = py::reinterpret_borrow<py::object>(objects[i]);
}

}  // namespace nnext::bindings
