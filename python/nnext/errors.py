"""``tf.errors``: TensorFlow's exception classes, which are also the Python exceptions nnext
has always raised, so that ``except ValueError`` and ``except tf.errors.InvalidArgumentError``
both catch a bad argument.

The C++ core raises these classes (cpp/bindings/errors.cpp looks them up here): a shape or
value problem is an ``InvalidArgumentError`` (a ValueError), a dtype problem an
``InvalidArgumentError`` that is also a TypeError, a bad index one that is also an
IndexError, a failed allocation a ``ResourceExhaustedError`` (a MemoryError).
"""

__all__ = [
    "ABORTED",
    "ALREADY_EXISTS",
    "CANCELLED",
    "DATA_LOSS",
    "DEADLINE_EXCEEDED",
    "FAILED_PRECONDITION",
    "INTERNAL",
    "INVALID_ARGUMENT",
    "NOT_FOUND",
    "OK",
    "OUT_OF_RANGE",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "UNAUTHENTICATED",
    "UNAVAILABLE",
    "UNIMPLEMENTED",
    "UNKNOWN",
    "AbortedError",
    "AlreadyExistsError",
    "CancelledError",
    "DataLossError",
    "DeadlineExceededError",
    "FailedPreconditionError",
    "InternalError",
    "InvalidArgumentError",
    "NotFoundError",
    "OpError",
    "OutOfRangeError",
    "PermissionDeniedError",
    "ResourceExhaustedError",
    "UnauthenticatedError",
    "UnavailableError",
    "UnimplementedError",
    "UnknownError",
]

OK, CANCELLED, UNKNOWN, INVALID_ARGUMENT, DEADLINE_EXCEEDED, NOT_FOUND = 0, 1, 2, 3, 4, 5
ALREADY_EXISTS, PERMISSION_DENIED, RESOURCE_EXHAUSTED, FAILED_PRECONDITION = 6, 7, 8, 9
ABORTED, OUT_OF_RANGE, UNIMPLEMENTED, INTERNAL, UNAVAILABLE, DATA_LOSS = 10, 11, 12, 13, 14, 15
UNAUTHENTICATED = 16


class OpError(Exception):
    """The base class of TensorFlow's runtime errors.

    Constructed as TensorFlow's (``node_def, op, message[, error_code]``) or, as the C++ core
    raises it, from the message alone.

    Attributes:
        message: the error message.
        op: the operation that failed (None: nnext runs eagerly, with no graph nodes).
        node_def: None likewise.
        error_code: the canonical error code (``tf.errors.INVALID_ARGUMENT``, ...).
    """

    _code = UNKNOWN

    def __init__(self, *args):
        if len(args) == 1:
            node_def, op, message, code = None, None, args[0], None
        elif len(args) >= 3:
            node_def, op, message = args[:3]
            code = args[3] if len(args) > 3 else None
        else:
            raise TypeError(
                f"{type(self).__name__}() takes (node_def, op, message) or "
                f"(message), got {len(args)} arguments"
            )
        super().__init__(message)
        self._message = message
        self._op = op
        self._node_def = node_def
        self._error_code = self._code if code is None else code

    @property
    def message(self):
        return self._message

    @property
    def op(self):
        return self._op

    @property
    def node_def(self):
        return self._node_def

    @property
    def error_code(self):
        return self._error_code

    def __str__(self):
        return str(self._message)

    def __reduce__(self):
        return type(self), (self._node_def, self._op, self._message, self._error_code)


def _error(name, code, base, doc):
    return type(name, (OpError, *base), {"_code": code, "__doc__": doc, "__module__": __name__})


CancelledError = _error("CancelledError", CANCELLED, (), "An operation was cancelled.")
UnknownError = _error("UnknownError", UNKNOWN, (RuntimeError,), "An unknown error.")
InvalidArgumentError = _error(
    "InvalidArgumentError",
    INVALID_ARGUMENT,
    (ValueError,),
    "An operation received an invalid argument (also a ValueError).",
)
DeadlineExceededError = _error(
    "DeadlineExceededError",
    DEADLINE_EXCEEDED,
    (TimeoutError,),
    "A deadline expired before the operation could complete.",
)
NotFoundError = _error(
    "NotFoundError",
    NOT_FOUND,
    (FileNotFoundError,),
    "A requested entity (a file) was not found (also a FileNotFoundError).",
)
AlreadyExistsError = _error(
    "AlreadyExistsError",
    ALREADY_EXISTS,
    (FileExistsError,),
    "An entity that an operation tried to create already exists.",
)
PermissionDeniedError = _error(
    "PermissionDeniedError",
    PERMISSION_DENIED,
    (PermissionError,),
    "The caller may not run the operation.",
)
UnauthenticatedError = _error(
    "UnauthenticatedError",
    UNAUTHENTICATED,
    (),
    "The request lacks valid authentication credentials.",
)
ResourceExhaustedError = _error(
    "ResourceExhaustedError",
    RESOURCE_EXHAUSTED,
    (MemoryError,),
    "Some resource (memory) is exhausted (also a MemoryError).",
)
FailedPreconditionError = _error(
    "FailedPreconditionError",
    FAILED_PRECONDITION,
    (RuntimeError,),
    "The system is not in a state to run the operation.",
)
AbortedError = _error("AbortedError", ABORTED, (RuntimeError,), "The operation was aborted.")
OutOfRangeError = _error(
    "OutOfRangeError",
    OUT_OF_RANGE,
    (IndexError,),
    "An operation iterated past the valid range (also an IndexError).",
)
UnimplementedError = _error(
    "UnimplementedError", UNIMPLEMENTED, (NotImplementedError,), "The operation is not implemented."
)
InternalError = _error(
    "InternalError", INTERNAL, (RuntimeError,), "An invariant of the runtime was broken."
)
UnavailableError = _error(
    "UnavailableError", UNAVAILABLE, (RuntimeError,), "The runtime is currently unavailable."
)
DataLossError = _error(
    "DataLossError", DATA_LOSS, (RuntimeError,), "Unrecoverable data loss or corruption."
)

# What the C++ core raises for its error kinds (cpp/bindings/errors.cpp, in its order:
# ValueError, TypeError, IndexError, MemoryError). A wrong dtype or index is an invalid
# argument to TensorFlow and a TypeError or IndexError to Python: these classes are both.
_InvalidTypeArgument = type(
    "InvalidArgumentError",
    (InvalidArgumentError, TypeError),
    {
        "__module__": __name__,
        "__doc__": InvalidArgumentError.__doc__,
        "__qualname__": "_InvalidTypeArgument",
    },
)
_InvalidIndexArgument = type(
    "InvalidArgumentError",
    (InvalidArgumentError, IndexError),
    {
        "__module__": __name__,
        "__doc__": InvalidArgumentError.__doc__,
        "__qualname__": "_InvalidIndexArgument",
    },
)
_CORE_ERROR_TYPES = (
    InvalidArgumentError,
    _InvalidTypeArgument,
    _InvalidIndexArgument,
    ResourceExhaustedError,
)
