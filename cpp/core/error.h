// Typed errors: C++ throws nnext::Error carrying the Python exception kind; the bindings
// translate it. Messages read `<op>: <what is wrong>: <values>`, shapes as Python tuples.
#pragma once
#include <cstdint>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace nnext {

enum class ErrorKind { ValueError, TypeError, IndexError, MemoryError, RuntimeError };

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

// Formats a shape the way Python prints a tuple: (), (4,), (3, 4).
inline std::string shape_str(const std::vector<int64_t>& shape) {
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(shape[i]);
  }
  if (shape.size() == 1) s += ",";
  return s + ")";
}

template <class... Parts>
std::string concat_message(const Parts&... parts) {
  std::ostringstream out;
  (out << ... << parts);
  return out.str();
}

}  // namespace nnext

#define NNEXT_CHECK(cond, kind, ...)                                                        \
  do {                                                                                      \
    if (!(cond))                                                                            \
      throw ::nnext::Error(::nnext::ErrorKind::kind, ::nnext::concat_message(__VA_ARGS__)); \
  } while (0)

#define NNEXT_FAIL(kind, ...) \
  throw ::nnext::Error(::nnext::ErrorKind::kind, ::nnext::concat_message(__VA_ARGS__))
