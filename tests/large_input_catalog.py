"""Large-input cases (see tests/test_large_inputs.py) for the tf.math / tf.linalg / tf.nn /
tf.random catalog: each calls one op on inputs above the grain size (2^18 elements)."""

import numpy as np


def _on(x, op, binary=False):
    return (lambda: op(x(), x())) if binary else (lambda: op(x()))


def catalog_cases(tf, x, mask, image, n):
    """name -> a function of no arguments; ``x()`` is a float32 (n, n) tensor in [0.1, 1)."""
    m, nn, la, rnd = tf.math, tf.nn, tf.linalg, tf.random
    rows = np.arange(n, dtype="int64")
    ids = rows // 100  # sorted segment ids: 6 segments of 100 rows

    def spd():
        a = x()
        return la.matmul(a, a, transpose_b=True) + la.eye(n) * float(n)

    def well_conditioned():
        return x() + la.eye(n) * float(n)

    unary = {
        name: name
        for name in [
            "asin",
            "atan",
            "asinh",
            "atanh",
            "ceil",
            "floor",
            "round",
            "rint",
            "cosh",
            "sinh",
            "tan",
            "erf",
            "erfc",
            "erfinv",
            "erfcinv",
            "expm1",
            "reciprocal",
            "reciprocal_no_nan",
            "rsqrt",
            "ndtri",
            "lgamma",
            "digamma",
            "log_sigmoid",
            "softsign",
            "conj",
            "real",
            "imag",
            "angle",
            "cumsum",
            "cumprod",
            "cumulative_logsumexp",
            "reduce_std",
            "reduce_variance",
            "reduce_logsumexp",
            "reduce_euclidean_norm",
            "count_nonzero",
            "is_non_decreasing",
            "is_strictly_increasing",
            "l2_normalize",
            "zero_fraction",
            "sort",
            "argsort",
        ]
    }
    cases = {name: _on(x, getattr(m, name)) for name in unary}
    for name in ["relu6", "selu", "silu", "swish", "crelu", "l2_loss"]:
        cases[name] = _on(x, getattr(nn, name))
    for name in [
        "atan2",
        "squared_difference",
        "divide_no_nan",
        "multiply_no_nan",
        "xdivy",
        "xlogy",
        "xlog1py",
    ]:
        cases[name] = _on(x, getattr(m, name), binary=True)
    cases.update(
        {
            "acos": lambda: m.acos(x()),
            "acosh": lambda: m.acosh(x() + 1.0),
            "truncatediv": lambda: m.truncatediv(x() * 7.0, x()),
            "truncatemod": lambda: m.truncatemod(x() * 7.0, x()),
            "nextafter": lambda: m.nextafter(x(), x() + 1.0),
            "logical_xor": lambda: m.logical_xor(mask(), mask()),
            "accumulate_n": lambda: m.accumulate_n([x(), x()]),
            "add_n": lambda: m.add_n([x(), x(), x()]),
            "scalar_mul": lambda: m.scalar_mul(np.float32(2.0), x()),
            "polyval": lambda: m.polyval([1.0, 2.0, 3.0], x()),
            "lbeta": lambda: m.lbeta(x()),
            "bincount": lambda: m.bincount(tf.cast(x() * 10.0, "int32")),
            "confusion_matrix": lambda: m.confusion_matrix(
                tf.cast(x() * 10.0, "int32"), tf.cast(x() * 9.0, "int32")
            ),
            "invert_permutation": lambda: m.invert_permutation(np.arange(n * n)[::-1]),
            "in_top_k": lambda: m.in_top_k(rows % 7, x(), 5),
            "top_k": lambda: m.top_k(x(), 5),
            "approx_max_k": lambda: m.approx_max_k(x(), 5),
            "approx_min_k": lambda: m.approx_min_k(x(), 5, reduction_dimension=0),
            "searchsorted": lambda: tf.searchsorted(tf.sort(x()[:1]), x()[1:2]),
            "unique": lambda: tf.unique(tf.reshape(tf.round(x() * 100.0), [-1])),
            "unique_with_counts": lambda: tf.unique_with_counts(
                tf.reshape(tf.round(x() * 100.0), [-1])
            ),
            "segment_sum": lambda: m.segment_sum(x(), ids),
            "segment_sum_v2": lambda: m.segment_sum_v2(x(), ids, 6),
            "segment_mean": lambda: m.segment_mean(x(), ids),
            "segment_max": lambda: m.segment_max(x(), ids),
            "segment_min": lambda: m.segment_min(x(), ids),
            "segment_prod": lambda: m.segment_prod(x(), ids),
            "unsorted_segment_sum": lambda: m.unsorted_segment_sum(x(), ids[::-1], 6),
            "unsorted_segment_mean": lambda: m.unsorted_segment_mean(x(), ids[::-1], 6),
            "unsorted_segment_max": lambda: m.unsorted_segment_max(x(), ids[::-1], 6),
            "unsorted_segment_min": lambda: m.unsorted_segment_min(x(), ids[::-1], 6),
            "unsorted_segment_prod": lambda: m.unsorted_segment_prod(x(), ids[::-1], 6),
            "unsorted_segment_sqrt_n": lambda: m.unsorted_segment_sqrt_n(x(), ids[::-1], 6),
            # tf.linalg
            "adjoint": lambda: la.adjoint(x()),
            "matrix_transpose": lambda: la.matrix_transpose(x()),
            "band_part": lambda: la.band_part(x(), 3, -1),
            "diag": lambda: la.diag(x()[0]),
            "diag_part": lambda: la.diag_part(x(), k=2),
            "set_diag": lambda: la.set_diag(x(), x()[0]),
            "tensor_diag": lambda: la.tensor_diag(x()[0]),
            "tensor_diag_part": lambda: la.tensor_diag_part(x()),
            "trace": lambda: la.trace(x()),
            "matvec": lambda: la.matvec(x(), x()[0]),
            "cross": lambda: la.cross(tf.reshape(x(), (-1, 3)), tf.reshape(x(), (-1, 3))),
            "einsum": lambda: la.einsum("ij,jk->ik", x(), x()),
            "global_norm": lambda: la.global_norm([x(), x()]),
            "normalize": lambda: la.normalize(x()),
            "inv": lambda: la.inv(well_conditioned()),
            "det": lambda: la.det(well_conditioned()),
            "slogdet": lambda: la.slogdet(well_conditioned()),
            "logdet": lambda: la.logdet(spd()),
            "cholesky": lambda: la.cholesky(spd()),
            "cholesky_solve": lambda: la.cholesky_solve(la.cholesky(spd()), x()),
            "solve": lambda: la.solve(well_conditioned(), x()),
            "triangular_solve": lambda: la.triangular_solve(
                la.band_part(well_conditioned(), -1, 0), x()
            ),
            "lstsq": lambda: la.lstsq(well_conditioned(), x()[:, :5]),
            "qr": lambda: la.qr(x()),
            "svd": lambda: la.svd(x()),
            "pinv": lambda: la.pinv(x()),
            "matrix_rank": lambda: la.matrix_rank(x()),
            "eigh": lambda: la.eigh(spd()),
            "eigvalsh": lambda: la.eigvalsh(spd()),
            "lu": lambda: la.lu(well_conditioned()),
            "lu_solve": lambda: la.lu_solve(*la.lu(well_conditioned()), x()),
            "lu_matrix_inverse": lambda: la.lu_matrix_inverse(*la.lu(well_conditioned())),
            "lu_reconstruct": lambda: la.lu_reconstruct(*la.lu(well_conditioned())),
            "tridiagonal_solve": lambda: la.tridiagonal_solve(
                tf.stack([x()[0], x()[1] + 4.0, x()[2]]), x()
            ),
            "tridiagonal_matmul": lambda: la.tridiagonal_matmul(x()[:3], x()),
            "banded_triangular_solve": lambda: la.banded_triangular_solve(
                tf.stack([x()[0] + 4.0, x()[1]]), x()
            ),
            "eigh_tridiagonal": lambda: la.eigh_tridiagonal(x()[0], x()[1][1:]),
            "expm": lambda: la.expm(x() / float(n)),
            "sqrtm": lambda: la.sqrtm(spd()),
            "matrix_square_root": lambda: tf.matrix_square_root(spd()),
            # tf.nn
            "moments": lambda: nn.moments(x(), axes=[0]),
            "weighted_moments": lambda: nn.weighted_moments(x(), [0], x()),
            "sufficient_statistics": lambda: nn.sufficient_statistics(x(), [0]),
            "normalize_moments": lambda: nn.normalize_moments(
                float(n), tf.reduce_sum(x(), 0), tf.reduce_sum(x() * x(), 0), None
            ),
            "batch_normalization": lambda: nn.batch_normalization(x(), 0.5, 2.0, 0.1, 1.5, 1e-3),
            "batch_norm_with_global_normalization": lambda: nn.batch_norm_with_global_normalization(
                x(), 0.5, 2.0, 0.1, 1.5, 1e-3, True
            ),
            "dropout": lambda: nn.dropout(x(), 0.5, seed=1),
            "embedding_lookup": lambda: nn.embedding_lookup(x(), rows[::-1]),
            "weighted_cross_entropy_with_logits": lambda: nn.weighted_cross_entropy_with_logits(
                x(), x(), 2.0
            ),
            "log_poisson_loss": lambda: nn.log_poisson_loss(x(), x(), compute_full_loss=True),
            "compute_average_loss": lambda: nn.compute_average_loss(x()),
            "scale_regularization_loss": lambda: nn.scale_regularization_loss(x()),
            "local_response_normalization": lambda: nn.local_response_normalization(image()),
            "lrn": lambda: nn.lrn(tf.reshape(x(), (1, n, n // 4, 4)), depth_radius=2),
            "space_to_depth": lambda: nn.space_to_depth(image(), 2),
            "depth_to_space": lambda: nn.depth_to_space(tf.reshape(x(), (1, n // 2, n // 2, 4)), 2),
            # tf.random
            "stateless_uniform": lambda: rnd.stateless_uniform((n, n), [1, 2]),
            "stateless_normal": lambda: rnd.stateless_normal((n, n), [1, 2], dtype="float64"),
            "stateless_truncated_normal": lambda: rnd.stateless_truncated_normal((n, n), [3, 4]),
            "stateless_parameterized_truncated_normal": lambda: (
                rnd.stateless_parameterized_truncated_normal((n, n), [5, 6])
            ),
            "stateless_categorical": lambda: rnd.stateless_categorical(
                tf.math.log(x()[:, :4]), n, [7, 8]
            ),
            "categorical": lambda: rnd.categorical(tf.math.log(x()[:, :4]), n, seed=9),
            "stateless_gamma": lambda: rnd.stateless_gamma((n, n), [1, 3], alpha=2.0),
            "gamma": lambda: rnd.gamma((n, n), alpha=0.5, seed=3),
            "stateless_poisson": lambda: rnd.stateless_poisson((n, n), [2, 3], lam=3.0),
            "poisson": lambda: rnd.poisson((n, n), lam=40.0, seed=4),
            "fold_in": lambda: rnd.fold_in([1, 2], np.int64(5)),
            "create_rng_state": lambda: rnd.create_rng_state(np.int64(5), "philox"),
            "get_global_generator": lambda: rnd.get_global_generator().normal((n, n)),
            "set_global_generator": lambda: rnd.set_global_generator(
                rnd.Generator.from_seed(np.int64(1))
            ),
        }
    )
    return cases


def top_level_cases(tf, x, mask, n):
    """Cases for the TF top-level functions of control_flow, array_utils, slicing, autodiff
    and debugging, ready for when the package face exports them."""
    import io

    from nnext import array_utils as au
    from nnext import autodiff as ad
    from nnext import control_flow as cf
    from nnext import debugging as dbg
    from nnext import slicing as sl

    idx = np.array([[1], [3]])
    return {
        "cond": lambda: cf.cond(tf.reduce_sum(x()) > 0, lambda: x() * 2.0, lambda: x()),
        "case": lambda: cf.case([(tf.reduce_sum(x()) > 0, lambda: x() + 1.0)]),
        "switch_case": lambda: cf.switch_case(1, [lambda: x(), lambda: x() * 3.0]),
        "while_loop": lambda: cf.while_loop(
            lambda i, v: i < 3, lambda i, v: (i + 1, v * 1.5), [0, x()]
        ),
        "map_fn": lambda: cf.map_fn(lambda row: row * 2.0, x()),
        "vectorized_map": lambda: cf.vectorized_map(lambda row: row + 1.0, x()),
        "foldl": lambda: cf.foldl(lambda a, row: a + row, x()),
        "foldr": lambda: cf.foldr(lambda a, row: a + row, x()),
        "scan": lambda: cf.scan(lambda a, row: a + row, x()),
        "is_tensor": lambda: au.is_tensor(x()),
        "shape_n": lambda: au.shape_n([x(), x()]),
        "ensure_shape": lambda: au.ensure_shape(x(), [None, n]),
        "broadcast_static_shape": lambda: au.broadcast_static_shape(x().shape, [1, n]),
        "broadcast_dynamic_shape": lambda: au.broadcast_dynamic_shape([n, 1], [1, n]),
        "realdiv": lambda: au.realdiv(x(), x()),
        "unravel_index": lambda: au.unravel_index(np.arange(n * n), [n, n]),
        "reverse_sequence": lambda: au.reverse_sequence(x(), np.full(n, 7), seq_axis=1),
        "histogram_fixed_width": lambda: au.histogram_fixed_width(x(), [0.0, 1.0], 10),
        "histogram_fixed_width_bins": lambda: au.histogram_fixed_width_bins(x(), [0.0, 1.0]),
        "slice": lambda: sl.slice(x(), [1, 0], [-1, -1]),
        "strided_slice": lambda: sl.strided_slice(x(), [0, n], [n, 0], [1, -1]),
        "reverse": lambda: sl.reverse(x(), [0, 1]),
        "roll": lambda: sl.roll(x(), [3, -2], [0, 1]),
        "repeat": lambda: sl.repeat(x(), 2, axis=0),
        "sequence_mask": lambda: sl.sequence_mask(np.arange(n), n),
        "tensor_scatter_nd_update": lambda: sl.tensor_scatter_nd_update(x(), idx, x()[:2]),
        "tensor_scatter_nd_add": lambda: sl.tensor_scatter_nd_add(x(), idx, x()[:2]),
        "tensor_scatter_nd_sub": lambda: sl.tensor_scatter_nd_sub(x(), idx, x()[:2]),
        "tensor_scatter_nd_max": lambda: sl.tensor_scatter_nd_max(x(), idx, x()[:2]),
        "tensor_scatter_nd_min": lambda: sl.tensor_scatter_nd_min(x(), idx, x()[:2]),
        "clip_by_norm": lambda: sl.clip_by_norm(x(), 1.0),
        "clip_by_global_norm": lambda: sl.clip_by_global_norm([x(), x()], 1.0),
        "stop_gradient": lambda: ad.stop_gradient(x()),
        "identity": lambda: ad.identity(x()),
        "identity_n": lambda: ad.identity_n([x(), x()]),
        "custom_gradient": lambda: ad.custom_gradient(lambda t: (t * 2.0, lambda g: g))(x()),
        "grad_pass_through": lambda: ad.grad_pass_through(tf.math.round)(x()),
        "recompute_grad": lambda: ad.recompute_grad(tf.math.floor)(x()),
        "print": lambda: dbg.print(x(), output_stream=io.StringIO()),
        "Assert": lambda: dbg.Assert(tf.reduce_all(x() > 0), [x()]),
        "assert_equal": lambda: dbg.assert_equal(x(), x()),
        "assert_greater": lambda: dbg.assert_greater(x() + 1.0, x()),
        "assert_less": lambda: dbg.assert_less(x(), x() + 1.0),
        "assert_rank": lambda: dbg.assert_rank(x(), 2),
        "as_string": lambda: tf.strings.as_string(x(), precision=3),
    }
