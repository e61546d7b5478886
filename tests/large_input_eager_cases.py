"""Large-input cases (see test_large_inputs.py) for eager_compat.py, partition_ops.py,
cast_ops.py, space_batch_utils.py, space_batch_ops.py and conv_backprop_ops.py: each runs the
function on an (n, n) input above the grain size."""

import numpy as np


def eager_partition_cast_cases(tf, x, n):
    parts = np.arange(n) % 3
    halves = [np.arange(0, n * n, 2), np.arange(1, n * n, 2)]

    def with_control():
        with tf.control_dependencies([x()]):
            return x() + 1.0

    def in_init_scope():
        with tf.init_scope():
            return x() * 2.0

    return {
        "no_op": tf.no_op,
        "group": lambda: tf.group(x(), x()),
        "tuple": lambda: tf.tuple([x(), x()]),
        "control_dependencies": with_control,
        "init_scope": in_init_scope,
        "inside_function": tf.inside_function,
        "is_symbolic_tensor": lambda: tf.is_symbolic_tensor(x()),
        "get_static_value": lambda: tf.get_static_value(x()),
        "guarantee_const": lambda: tf.guarantee_const(x()),
        "get_logger": tf.get_logger,
        "get_current_name_scope": tf.get_current_name_scope,
        "timestamp": tf.timestamp,
        "py_function": lambda: tf.py_function(lambda t: t * 2.0, [x()], tf.float32),
        "numpy_function": lambda: tf.numpy_function(lambda a: a * 2.0, [x()], tf.float32),
        "dynamic_partition": lambda: tf.dynamic_partition(x(), parts, 3),
        "dynamic_stitch": lambda: tf.dynamic_stitch(
            halves, [tf.reshape(x(), [-1])[::2], tf.reshape(x(), [-1])[1::2]]
        ),
        "parallel_stack": lambda: tf.parallel_stack([x(), x()]),
        "saturate_cast": lambda: tf.saturate_cast(x() * 1000.0, tf.int8),
        "bitcast": lambda: tf.bitcast(x(), tf.uint8),
        "required_space_to_batch_paddings": lambda: tf.required_space_to_batch_paddings(
            x().shape, [7, 7]
        ),
        **space_batch_conv_cases(tf, x, n),
    }


def space_batch_conv_cases(tf, x, n):
    """space_batch_ops.py and conv_backprop_ops.py on the (n, n) input as an image."""
    image = tf.reshape(x(), (1, n, n, 1))
    filters = tf.ones((3, 3, 1, 2))
    out = tf.ones((1, n - 2, n - 2, 2))
    stride1 = [1, 1, 1, 1]
    return {
        "space_to_batch_nd": lambda: tf.space_to_batch_nd(image, [2, 3], [[0, 0], [1, 2]]),
        "space_to_batch": lambda: tf.space_to_batch(image, [2, 2], [[1, 1], [0, 0]]),
        "batch_to_space": lambda: tf.batch_to_space(
            tf.reshape(x(), (4, n // 2, n // 2, 1)), [2, 2], [[1, 0], [0, 1]]
        ),
        "conv": lambda: tf.conv(image, filters, stride1, "VALID"),
        "conv2d_backprop_filter_v2": lambda: tf.conv2d_backprop_filter_v2(
            image, filters, out, stride1, "VALID"
        ),
        "conv2d_backprop_input_v2": lambda: tf.conv2d_backprop_input_v2(
            image, filters, out, stride1, "VALID"
        ),
        "extract_volume_patches": lambda: tf.extract_volume_patches(
            tf.reshape(x(), (1, 60, 60, 100, 1)), [1, 2, 2, 2, 1], [1, 1, 1, 1, 1], "VALID"
        ),
    }
