// The docstrings of the raw bindings that have no Python wrapper, written in op_docs.cpp:
// one line per row of the op tables (ops/elementwise.def, ops/special.def), whole texts for
// the others. Adding a binding without a wrapper: add its entry there (tests/test_docstrings.py
// fails on a public name without a docstring).
#pragma once

namespace nnext::bindings {

// The docstring of binding `name`, or "" when op_docs.cpp has none.
const char* doc(const char* name);

}  // namespace nnext::bindings
