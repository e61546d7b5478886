"""`tf.experimental`: TensorFlow's experimental namespace. nnext provides its NumPy API,
`tf.experimental.numpy` (see nnext/experimental/numpy).

Left out of TensorFlow's `tf.experimental`, with the reason:

- ExtensionType, BatchableExtensionType, ExtensionTypeSpec, extension_type, dispatch_for_*,
  unregister_dispatch_for, DynamicRaggedShape, RowPartition, StructuredTensor: composite
  and ragged tensor types; nnext tensors are dense and strided.
- dtensor, dlpack, tensorrt, register_filesystem_plugin, async_scope, async_clear_error,
  function_executor_type, enable_op_determinism, Optional: runtime, device and graph
  machinery of TensorFlow's executor; nnext runs eagerly on one CPU device.
"""

from nnext.experimental import numpy

__all__ = ["numpy"]
