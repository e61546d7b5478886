// Translates nnext::Error into the Python exception its kind names.
#include "bindings/bindings.h"
#include "core/error.h"

namespace nnext::bindings {

namespace {

// tf.errors' classes for ValueError, TypeError, IndexError and MemoryError (each subclasses
// the builtin it replaces), from nnext.errors._CORE_ERROR_TYPES; looked up once, builtins if
// that module cannot be imported.
PyObject* core_error_type(ErrorKind kind) {
  static PyObject* types[4] = {PyExc_ValueError, PyExc_TypeError, PyExc_IndexError,
                               PyExc_MemoryError};
  static bool looked_up = false;
  if (!looked_up) {
    looked_up = true;
    try {
      py::tuple found = py::module_::import("nnext.errors").attr("_CORE_ERROR_TYPES");
      for (size_t i = 0; i < 4 && i < found.size(); ++i)
        types[i] = py::object(found[i]).release().ptr();
    } catch (py::error_already_set&) {
    }
  }
  switch (kind) {
    case ErrorKind::ValueError:
      return types[0];
    case ErrorKind::TypeError:
      return types[1];
    case ErrorKind::IndexError:
      return types[2];
    case ErrorKind::MemoryError:
      return types[3];
    case ErrorKind::RuntimeError:
      break;
  }
  return PyExc_RuntimeError;
}

}  // namespace

void bind_errors(py::module_& m) {
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const Error& e) {
      PyErr_SetString(core_error_type(e.kind()), e.what());
    }
  });
}

}  // namespace nnext::bindings
