// The Tensor and Variable classes as Python sees them: properties, NumPy interop,
// conversions to Python numbers, indexing and the arithmetic operators.
#include "autograd/tape.h"
#include "bindings/bindings.h"
#include "core/error.h"
#include "ops/elementwise.h"
#include "ops/gather.h"
#include "ops/shape.h"
#include "ops/storage_dtypes.h"

namespace nnext::bindings {
namespace {

py::tuple shape_tuple(const Tensor& t) {
  py::tuple out(t.shape().size());
  for (size_t i = 0; i < t.shape().size(); ++i) out[i] = py::int_(t.shape()[i]);
  return out;
}

// `t.shape`: a nnext.tensor_shape.TensorShape, a tuple subclass built by tuple.__new__ (its
// dims are known ints, so TensorShape's validating constructor is skipped: training loops
// read .shape often). The class is looked up once; without it the shape stays a tuple.
py::object shape_object(const Tensor& t) {
  static PyObject* shape_type = nullptr;
  static bool looked_up = false;
  if (!looked_up) {
    looked_up = true;
    try {
      shape_type =
          py::object(py::module_::import("nnext.tensor_shape").attr("TensorShape")).release().ptr();
    } catch (py::error_already_set&) {
      shape_type = nullptr;
    }
  }
  py::tuple dims = shape_tuple(t);
  if (!shape_type) return std::move(dims);
  py::tuple args = py::make_tuple(dims);
  PyObject* out =
      PyTuple_Type.tp_new(reinterpret_cast<PyTypeObject*>(shape_type), args.ptr(), nullptr);
  if (!out) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(out);
}

// The value of a one-element tensor as a Python number.
py::object item(const Tensor& t, const char* what) {
  NNEXT_CHECK(t.numel() == 1, TypeError, "only tensors with one element can be converted to ", what,
              ", got shape ", shape_str(t.shape()));
  // A one-element tensor's element sits at its offset whatever its strides.
  if (is_complex(t.dtype()))
    return dispatch_complex(t.dtype(), [&](auto tag) -> py::object {
      using C = tag_type<decltype(tag)>;
      const C v = *t.data<C>();
      return py::reinterpret_steal<py::object>(PyComplex_FromDoubles(v.real(), v.imag()));
    });
  const Tensor c = ops::to_compute(t);
  return dispatch(c.dtype(), [&](auto tag) -> py::object {
    using T = tag_type<decltype(tag)>;
    const T v = *c.data<T>();
    if constexpr (std::is_same_v<T, bool>)
      return py::bool_(v);
    else if constexpr (std::is_floating_point_v<T>)
      return py::float_(double(v));
    else
      return py::int_(int64_t(v));
  });
}

// Integer-array, boolean-mask and tensor indices: t[[0, 2]], t[mask], t[:, idx].
// One such index may stand among basic ones: the basic ones apply first (full slices hold
// the advanced position), then gather or boolean_mask works along the axis that position
// maps to, which is where NumPy puts the advanced index's dimensions.
bool is_advanced(py::handle item);
ops::IndexItem to_index_item(py::handle item);

Tensor advanced_index(const Tensor& t, py::handle index) {
  py::tuple items = py::isinstance<py::tuple>(index) ? py::reinterpret_borrow<py::tuple>(index)
                                                     : py::make_tuple(index);
  size_t adv = items.size();
  for (size_t k = 0; k < items.size(); ++k) {
    if (!is_advanced(items[k])) continue;
    NNEXT_CHECK(adv == items.size(), IndexError,
                "__getitem__: only one integer-array or "
                "boolean-mask index is supported, got ",
                std::string(py::repr(index)).substr(0, 80));
    adv = k;
  }
  Tensor key = to_tensor(items[adv]);
  const bool mask = key.dtype() == DType::Bool;
  NNEXT_CHECK(mask || is_integer(key.dtype()), IndexError,
              "__getitem__: arrays used as indices "
              "must be of integer or boolean type, got ",
              dtype_name(key.dtype()));
  const int64_t key_axes = mask ? key.ndim() : 1;
  ops::IndexItem full{ops::IndexItem::Slice};
  std::vector<ops::IndexItem> parsed;
  std::vector<ops::IndexItem::Kind> kinds;  // per item of `items`; the array counts as Int
  int64_t consumed = key_axes;
  for (size_t k = 0; k < items.size(); ++k) {
    if (k == adv) {
      parsed.insert(parsed.end(), size_t(key_axes), full);
      kinds.push_back(ops::IndexItem::Int);
      continue;
    }
    parsed.push_back(to_index_item(items[k]));
    kinds.push_back(parsed.back().kind);
    if (kinds.back() == ops::IndexItem::Int || kinds.back() == ops::IndexItem::Slice) ++consumed;
  }
  // The array's dimensions replace the axis its position maps to after the basic items:
  // slices and None before it each leave one axis, an ellipsis every axis nobody consumes.
  int64_t axis = 0;
  for (size_t k = 0; k < adv; ++k) {
    if (kinds[k] == ops::IndexItem::Slice || kinds[k] == ops::IndexItem::NewAxis) ++axis;
    if (kinds[k] == ops::IndexItem::Ellipsis) axis += t.ndim() - consumed;
  }
  // NumPy counts integers as advanced indices too: when one is separated from the array by
  // a slice, None or ellipsis, the array's dimensions go first instead.
  size_t lo = adv, hi = adv;
  bool first = false;
  for (size_t k = 0; k < kinds.size(); ++k)
    if (kinds[k] == ops::IndexItem::Int) lo = std::min(lo, k), hi = std::max(hi, k);
  for (size_t k = lo; k <= hi; ++k) first |= kinds[k] != ops::IndexItem::Int;
  Tensor base = ops::basic_index(t, parsed);
  Tensor out = mask ? ops::boolean_mask(base, key, axis) : ops::gather(base, key, axis, true);
  if (!first || axis == 0) return out;
  std::vector<int64_t> perm;
  const int64_t key_dims = mask ? 1 : key.ndim();
  for (int64_t d = axis; d < axis + key_dims; ++d) perm.push_back(d);
  for (int64_t d = 0; d < out.ndim(); ++d)
    if (d < axis || d >= axis + key_dims) perm.push_back(d);
  return ops::transpose(out, perm);
}

bool is_advanced(py::handle item) {
  return py::isinstance<Tensor>(item) || py::isinstance<py::array>(item) ||
         py::isinstance<py::list>(item);
}

ops::IndexItem to_index_item(py::handle item) {
  ops::IndexItem it{ops::IndexItem::Int};
  if (item.is_none()) {
    it.kind = ops::IndexItem::NewAxis;
  } else if (item.is(py::ellipsis())) {
    it.kind = ops::IndexItem::Ellipsis;
  } else if (PySlice_Check(item.ptr())) {
    it.kind = ops::IndexItem::Slice;
    // Python's own parsing: integers only (TypeError for floats), values beyond the
    // index range clipped, ValueError for a zero step.
    Py_ssize_t start = 0, stop = 0, step = 1;
    if (PySlice_Unpack(item.ptr(), &start, &stop, &step) < 0) throw py::error_already_set();
    it.has_start = !item.attr("start").is_none();
    it.has_stop = !item.attr("stop").is_none();
    it.start = start;
    it.stop = stop;
    it.step = step;
  } else if (PyBool_Check(item.ptr())) {
    NNEXT_FAIL(IndexError, "__getitem__: a bool scalar is not a valid index");
  } else {
    // operator.index semantics: Python and NumPy integers, never floats or strings.
    py::object i = py::reinterpret_steal<py::object>(PyNumber_Index(item.ptr()));
    if (!i) {
      PyErr_Clear();
      NNEXT_FAIL(IndexError,
                 "only integers, slices (`:`), ellipsis (`...`), None and integer or "
                 "boolean arrays are valid indices, got ",
                 std::string(py::repr(item)).substr(0, 80));
    }
    int overflow = 0;
    it.start = PyLong_AsLongLongAndOverflow(i.ptr(), &overflow);
    NNEXT_CHECK(!overflow, IndexError, "index ", std::string(py::str(i)), " is out of bounds");
  }
  return it;
}

Tensor get_item(const Tensor& t, py::handle index) {
  py::tuple items = py::isinstance<py::tuple>(index) ? py::reinterpret_borrow<py::tuple>(index)
                                                     : py::make_tuple(index);
  for (py::handle it : items)
    if (is_advanced(it)) return advanced_index(t, index);
  std::vector<ops::IndexItem> parsed;
  for (py::handle it : items) parsed.push_back(to_index_item(it));
  return call_without_gil(0, ops::basic_index, t, parsed);
}

// var = v elementwise, in place; same dtype, v broadcasting to var's shape.
void copy_values(const Tensor& var, const Tensor& v) { ops::copy_into_any(var, v); }

// Writes `value` into the variable's storage, in place (shape and dtype checked).
// NOTE: unlike TensorFlow, which copies on write, a tape that saved the variable for its
// backward pass sees the new values: assign after tape.gradient, not between.
void assign_into(const Tensor& var, py::handle value, const char* op) {
  Tensor v;
  if (py::isinstance<Tensor>(value)) {
    v = value.cast<Tensor>();
    NNEXT_CHECK(v.dtype() == var.dtype(), TypeError, op, ": cannot assign a ",
                dtype_name(v.dtype()), " tensor to a ", dtype_name(var.dtype()), " variable");
  } else {
    v = to_tensor(value, var.dtype());
  }
  NNEXT_CHECK(v.shape() == var.shape(), ValueError, op, ": cannot assign a value of shape ",
              shape_str(v.shape()), " to a variable of shape ", shape_str(var.shape()));
  // A view of the variable itself (v.assign(v[::-1]), v.assign(transpose(v))) would be read
  // while it is overwritten: copy it first.
  if (v.storage() == var.storage()) {
    autograd::NoRecord no_record;
    v = ops::copy(v);
  }
  call_without_gil(var.numel(), copy_values, var, v);
}

// f(var, delta) for assign_add/assign_sub, unrecorded; delta has the variable's dtype (or is
// a Python value converted to it) and a shape that broadcasts to the variable's.
Tensor updated(const Tensor& var, py::handle delta, Tensor (*f)(const Tensor&, const Tensor&),
               const char* op) {
  Tensor d = py::isinstance<Tensor>(delta) ? delta.cast<Tensor>() : to_tensor(delta, var.dtype());
  NNEXT_CHECK(d.dtype() == var.dtype(), TypeError, op, ": cannot apply a ", dtype_name(d.dtype()),
              " tensor to a ", dtype_name(var.dtype()), " variable");
  NNEXT_CHECK(ops::broadcast_shapes(var.shape(), d.shape(), op) == var.shape(), ValueError, op,
              ": cannot apply a value of shape ", shape_str(d.shape()), " to a variable of shape ",
              shape_str(var.shape()));
  // Through call_without_gil, so that a compiled step records the update.
  return call_without_gil(
      var.numel(),
      [](Tensor (*fn)(const Tensor&, const Tensor&), const Tensor& a, const Tensor& b) {
        autograd::NoRecord no_record;
        return fn(a, b);
      },
      f, var, d);
}

// The enclosing nnext.name_scope ('outer/inner/', or ''): Variables created inside a scope
// carry it in their name, as TensorFlow's.
std::string name_scope_prefix() {
  static PyObject* prefix_fn = nullptr;
  if (!prefix_fn)
    prefix_fn =
        py::object(py::module_::import("nnext.module").attr("_name_scope_prefix")).release().ptr();
  return py::reinterpret_borrow<py::object>(prefix_fn)().cast<std::string>();
}

Tensor make_variable(py::handle init_arg, bool trainable, py::handle name, py::handle dtype) {
  NNEXT_CHECK(!init_arg.is_none(), ValueError, "Variable: initial_value must be provided");
  // An object, not a handle: the result of calling an initializer must stay alive.
  py::object initial_value = py::reinterpret_borrow<py::object>(init_arg);
  if (PyCallable_Check(initial_value.ptr()) && !py::isinstance<Tensor>(initial_value))
    initial_value = initial_value();
  Tensor init = to_tensor(initial_value, to_optional_dtype(dtype));
  autograd::NoRecord no_record;
  Tensor fresh = ops::copy(init);
  fresh.impl()->variable = std::make_unique<VariableInfo>();
  fresh.impl()->variable->trainable = trainable;
  fresh.impl()->variable->name =
      name_scope_prefix() + (name.is_none() ? "Variable" : py::str(name).cast<std::string>());
  return fresh;
}

// `comparison`: Python ints beyond the tensor's integer range compare exactly (to_operands).
template <class Op>
void def_binary(py::class_<Tensor>& cls, const char* name, const char* rname, Op op,
                bool comparison = false) {
  cls.def(name, [op, comparison](py::handle self, py::handle other) {
    auto [a, b] = to_operands(self, other, comparison);
    return call_without_gil(std::max(a.numel(), b.numel()), op, a, b);
  });
  if (rname)
    cls.def(rname, [op](py::handle self, py::handle other) {
      auto [b, a] = to_operands(self, other);
      return call_without_gil(std::max(a.numel(), b.numel()), op, a, b);
    });
}

// `&` and `|` (kSymbol): f(a, b) for two bool tensors, TypeError for any other dtype.
template <char kSymbol, Tensor (*f)(const Tensor&, const Tensor&)>
Tensor bool_only(const Tensor& a, const Tensor& b) {
  NNEXT_CHECK(a.dtype() == DType::Bool && b.dtype() == DType::Bool, TypeError, kSymbol,
              " is only supported between bool tensors, got ", dtype_name(a.dtype()), " and ",
              dtype_name(b.dtype()));
  return f(a, b);
}

// The values as TensorFlow's printed forms show them: NumPy's repr (or str), starting on a
// line of its own when it spans several lines.
std::string numpy_text(const Tensor& t, bool is_repr) {
  py::array values = to_numpy(t, false);
  std::string text = (is_repr ? py::repr(values) : py::str(values)).cast<std::string>();
  return text.find('\n') == std::string::npos ? text : "\n" + text;
}

std::string variable_repr(const Variable& v) {
  return "<nnext.Variable '" + v.variable_info()->name + "' shape=" + shape_str(v.shape()) +
         " dtype=" + dtype_name(v.dtype()) + ", numpy=" + numpy_text(v, true) + ">";
}

}  // namespace

void bind_tensor(py::module_& m) {
  m.def("_register_dtypes", &register_dtypes);
  py::class_<Tensor> cls(m, "Tensor", "An n-dimensional array: shape, dtype and values.");
  cls.def_property_readonly("shape", &shape_object)
      // Every tensor lives in host memory, on TensorFlow's name for the first CPU.
      .def_property_readonly(
          "device", [](const Tensor&) { return "/job:localhost/replica:0/task:0/device:CPU:0"; })
      // f"{t:.4f}" formats the element of a scalar; an empty spec is str(t) (as TensorFlow).
      .def("__format__",
           [](py::object self, const std::string& spec) -> py::object {
             if (spec.empty()) return py::str(self);
             return to_numpy(self.cast<Tensor>(), false).attr("__format__")(spec);
           })
      .def_property_readonly("ndim", &Tensor::ndim)
      .def_property_readonly("dtype", [](const Tensor& t) { return dtype_object(t.dtype()); })
      .def_property_readonly("size", &Tensor::numel)
      .def_property_readonly("_id", &Tensor::id)
      .def_property_readonly("T",
                             [](const Tensor& t) {
                               return call_without_gil(0, ops::transpose, t,
                                                       std::vector<int64_t>{});
                             })
      .def("numpy",
           [](const Tensor& t) -> py::object {
             // Variables change in place, so they hand out a snapshot, as TensorFlow.
             py::array arr = t.is_variable() ? to_numpy(t, true).attr("copy")().cast<py::array>()
                                             : to_numpy(t, true);
             // A 0-d tensor gives a NumPy scalar (np.float32(1.0)), as TensorFlow's.
             if (t.ndim() == 0) return arr[py::tuple()];
             return std::move(arr);
           })
      .def(
          "__array__",
          [](const Tensor& t, py::handle dtype, py::handle copy) {
            py::array arr = t.is_variable() ? to_numpy(t, true).attr("copy")().cast<py::array>()
                                            : to_numpy(t, true);
            if (!dtype.is_none()) return arr.attr("astype")(dtype).cast<py::array>();
            if (!copy.is_none() && copy.cast<bool>()) return arr.attr("copy")().cast<py::array>();
            return arr;
          },
          py::arg("dtype") = py::none(), py::arg("copy") = py::none())
      .def("__len__",
           [](const Tensor& t) {
             NNEXT_CHECK(t.ndim() > 0, TypeError, "len() of a 0-d tensor");
             return t.dim(0);
           })
      .def("__float__", [](const Tensor& t) { return py::float_(item(t, "Python scalars")); })
      .def("__complex__",
           [](const Tensor& t) {
             py::object v = item(t, "Python scalars");
             PyObject* z = PyComplex_FromCComplex(PyComplex_AsCComplex(v.ptr()));
             if (!z) throw py::error_already_set();
             return py::reinterpret_steal<py::object>(z);
           })
      .def("__int__",
           [](const Tensor& t) {
             // int(), not py::int_, so that a bool tensor gives 1 rather than True.
             py::object v = item(t, "Python scalars");
             PyObject* i = PyNumber_Long(v.ptr());
             if (!i) throw py::error_already_set();
             return py::reinterpret_steal<py::int_>(i);
           })
      .def("__index__",
           [](const Tensor& t) {
             NNEXT_CHECK(is_integer(t.dtype()), TypeError,
                         "only integer tensors can be used as an index");
             return py::int_(item(t, "an index"));
           })
      .def("__bool__",
           [](const Tensor& t) {
             NNEXT_CHECK(t.numel() != 0, ValueError,
                         "The truth value of an empty tensor is ambiguous "
                         "(shape ",
                         shape_str(t.shape()), "); use reduce_any or reduce_all");
             NNEXT_CHECK(t.numel() == 1, ValueError,
                         "The truth value of a tensor with more than one "
                         "element is ambiguous (shape ",
                         shape_str(t.shape()), "); use reduce_any or reduce_all");
             return item(t, "bool").cast<bool>();
           })
      .def("__hash__", [](const Tensor& t) { return py::hash(py::int_(t.id())); })
      // DLPack through NumPy's exporter: the capsule owns a NumPy view of our storage.
      .def("__dlpack__",
           [](const Tensor& t, py::kwargs kwargs) {
             return to_numpy(t, true).attr("__dlpack__")(**kwargs);
           })
      .def("__dlpack_device__", [](const Tensor&) { return py::make_tuple(1, 0); })
      .def("__getitem__", &get_item)
      .def("__iter__",
           [](const Tensor& t) {
             NNEXT_CHECK(t.ndim() > 0, TypeError, "iteration over a 0-d tensor");
             py::list rows;
             for (int64_t i = 0; i < t.dim(0); ++i) {
               ops::IndexItem row{ops::IndexItem::Int};
               row.start = i;
               rows.append(py::cast(ops::basic_index(t, {row})));
             }
             return py::iter(rows);
           })
      .def("__repr__",
           [](const Tensor& t) {
             return "<nnext.Tensor: shape=" + shape_str(t.shape()) +
                    ", dtype=" + dtype_name(t.dtype()) + ", numpy=" + numpy_text(t, true) + ">";
           })
      .def("__str__",
           [](const Tensor& t) {
             return "nnext.Tensor(" + numpy_text(t, false) + ", shape=" + shape_str(t.shape()) +
                    ", dtype=" + dtype_name(t.dtype()) + ")";
           })
      .def("__neg__", [](const Tensor& t) { return call_without_gil(t.numel(), ops::negative, t); })
      .def("__abs__", [](const Tensor& t) { return call_without_gil(t.numel(), ops::abs, t); })
      .def("__invert__", [](const Tensor& t) {
        NNEXT_CHECK(t.dtype() == DType::Bool, TypeError,
                    "~ is only supported on bool tensors, got ", dtype_name(t.dtype()));
        return ops::logical_not(t);
      });
  cls.attr("__array_priority__") = 1000;
  // Tensors are immutable: copy.copy gives the tensor itself, deepcopy and pickle its values
  // (as TensorFlow's eager tensors).
  cls.def("__copy__", [](py::object self) { return self; })
      .def("__deepcopy__",
           [](const Tensor& t, py::handle /*memo*/) {
             autograd::NoRecord no_record;
             return ops::copy(t);
           })
      .def("__reduce__", [m](const Tensor& t) {
        return py::make_tuple(m.attr("convert_to_tensor"),
                              py::make_tuple(to_numpy(t, false).attr("copy")()));
      });
  def_binary(cls, "__add__", "__radd__", ops::add);
  def_binary(cls, "__sub__", "__rsub__", ops::subtract);
  def_binary(cls, "__mul__", "__rmul__", ops::multiply);
  def_binary(cls, "__truediv__", "__rtruediv__", ops::divide);
  def_binary(cls, "__floordiv__", "__rfloordiv__", ops::floordiv);
  def_binary(cls, "__mod__", "__rmod__", ops::mod);
  def_binary(cls, "__pow__", "__rpow__", ops::pow);
  // `t == None` is False and `t != None` True, as TensorFlow, so that `x in (None, t)` and
  // `if t == None` do not try to convert None; anything else compares elementwise.
  auto def_equality = [&cls](const char* name, Tensor (*op)(const Tensor&, const Tensor&),
                             bool none_result) {
    cls.def(name, [op, none_result](py::handle self, py::handle other) -> py::object {
      if (other.is_none()) return py::bool_(none_result);
      auto [a, b] = to_operands(self, other, true);
      return py::cast(call_without_gil(std::max(a.numel(), b.numel()), op, a, b));
    });
  };
  def_equality("__eq__", ops::equal, false);
  def_equality("__ne__", ops::not_equal, true);
  def_binary(cls, "__lt__", nullptr, ops::less, true);
  def_binary(cls, "__le__", nullptr, ops::less_equal, true);
  def_binary(cls, "__gt__", nullptr, ops::greater, true);
  def_binary(cls, "__ge__", nullptr, ops::greater_equal, true);
  def_binary(cls, "__and__", "__rand__", bool_only<'&', ops::logical_and>);
  def_binary(cls, "__or__", "__ror__", bool_only<'|', ops::logical_or>);

  // dynamic_attr: Keras attaches a `constraint` (and users their own notes) to a variable.
  py::class_<Variable, Tensor>(m, "Variable", py::dynamic_attr(),
                               "A mutable tensor: model weights and optimizer state.")
      .def(
          py::init([](py::handle initial_value, bool trainable, py::handle name, py::handle dtype) {
            return Variable(make_variable(initial_value, trainable, name, dtype));
          }),
          py::arg("initial_value") = py::none(), py::arg("trainable") = true,
          py::arg("name") = py::none(), py::arg("dtype") = py::none())
      .def_property(
          "trainable", [](const Variable& v) { return v.variable_info()->trainable; },
          [](Variable& v, bool t) { v.variable_info()->trainable = t; })
      .def_property(
          "name", [](const Variable& v) { return v.variable_info()->name; },
          [](Variable& v, const std::string& n) { v.variable_info()->name = n; })
      .def(
          "assign",
          [](py::object self, py::handle value) {
            assign_into(self.cast<Tensor>(), value, "Variable.assign");
            return self;
          },
          py::arg("value"))
      .def(
          "assign_add",
          [](py::object self, py::handle delta) {
            Tensor v = self.cast<Tensor>();
            assign_into(v, py::cast(updated(v, delta, ops::add, "Variable.assign_add")),
                        "Variable.assign_add");
            return self;
          },
          py::arg("delta"))
      .def(
          "assign_sub",
          [](py::object self, py::handle delta) {
            Tensor v = self.cast<Tensor>();
            assign_into(v, py::cast(updated(v, delta, ops::subtract, "Variable.assign_sub")),
                        "Variable.assign_sub");
            return self;
          },
          py::arg("delta"))
      .def("read_value",
           [](const Variable& v) { return call_without_gil(v.numel(), ops::copy, Tensor(v)); })
      // A copy is a new variable holding the same values, trainable flag and name.
      .def("__copy__",
           [](py::object self) {
             Tensor v = self.cast<Tensor>();
             return py::type::of(self)(v, v.variable_info()->trainable, v.variable_info()->name);
           })
      .def("__deepcopy__",
           [](py::object self, py::handle /*memo*/) {
             Tensor v = self.cast<Tensor>();
             return py::type::of(self)(v, v.variable_info()->trainable, v.variable_info()->name);
           })
      .def("__reduce__",
           [](py::object self) {
             Tensor v = self.cast<Tensor>();
             return py::make_tuple(
                 py::type::of(self),
                 py::make_tuple(to_numpy(v, false).attr("copy")(), v.variable_info()->trainable,
                                v.variable_info()->name));
           })
      .def("value",
           [](const Variable& v) { return call_without_gil(v.numel(), ops::copy, Tensor(v)); })
      .def("__repr__", &variable_repr)
      // print(variable) shows the repr, as TensorFlow's variables do.
      .def("__str__", &variable_repr);
}

}  // namespace nnext::bindings
