"""The tf.nn and tf.random catalog (moved from test_math_catalog.py): nn functions and losses
against NumPy, dropout, stateless and stateful draws (seed dependence, moments, Generator and
its state round trip)."""

import numpy as np
import pytest
from helpers import check_gradient

import nnext
from nnext import (
    nn_ops,
    random_ops,
)

RNG = np.random.default_rng(12)


def _x(*shape, low=-2.0, high=2.0):
    return RNG.uniform(low, high, size=shape)


# -- nn ------------------------------------------------------------------------------------


def test_nn_catalog_values():
    x = _x(4, 3)
    mean, var = nn_ops.moments(x, axes=[0])
    np.testing.assert_allclose(mean.numpy(), x.mean(0), rtol=1e-12)
    np.testing.assert_allclose(var.numpy(), x.var(0), rtol=1e-12)
    assert nn_ops.moments(x, [0, 1], keepdims=True)[0].shape == (1, 1)
    count, m_ss, v_ss, _ = nn_ops.sufficient_statistics(x, [0])
    _m2, v2 = nn_ops.normalize_moments(count, m_ss, v_ss, None)
    np.testing.assert_allclose(v2.numpy(), x.var(0), rtol=1e-10)
    bn = nn_ops.batch_normalization(x, mean, var, 0.5, 2.0, 1e-3).numpy()
    np.testing.assert_allclose(
        bn, 2.0 * (x - x.mean(0)) / np.sqrt(x.var(0) + 1e-3) + 0.5, rtol=1e-10
    )
    np.testing.assert_allclose(nn_ops.silu(x).numpy(), x / (1 + np.exp(-x)), rtol=1e-12)
    np.testing.assert_allclose(nn_ops.relu6(x * 5).numpy(), np.clip(x * 5, 0, 6))
    selu = nn_ops.selu(x).numpy()
    np.testing.assert_allclose(
        selu,
        np.where(
            x > 0, 1.0507009873554805 * x, 1.0507009873554805 * 1.6732632423543772 * (np.exp(x) - 1)
        ),
        rtol=1e-7,
    )
    np.testing.assert_array_equal(
        nn_ops.crelu(x).numpy(), np.concatenate([np.maximum(x, 0), np.maximum(-x, 0)], -1)
    )
    table = _x(5, 2)
    np.testing.assert_array_equal(nn_ops.embedding_lookup(table, [[4, 0]]).numpy(), table[[[4, 0]]])
    np.testing.assert_array_equal(
        nn_ops.embedding_lookup([table[:2], table[2:]], [3, 1]).numpy(), table[[3, 1]]
    )
    clipped = nn_ops.embedding_lookup(table * 10, [0], max_norm=1.0).numpy()
    assert np.linalg.norm(clipped) == pytest.approx(1.0)
    assert float(nn_ops.zero_fraction([0.0, 1.0, 0.0, 3.0])) == 0.5


def test_nn_losses():
    logits, labels = _x(3, 4), RNG.uniform(size=(3, 4))
    q = 2.5
    want = (1 - labels) * logits + (1 + (q - 1) * labels) * np.log1p(np.exp(-logits))
    np.testing.assert_allclose(
        nn_ops.weighted_cross_entropy_with_logits(labels, logits, q).numpy(), want, rtol=1e-10
    )
    c, z = _x(5), np.array([0.0, 1.0, 2.0, 3.0, 7.0])
    base = np.exp(c) - z * c
    np.testing.assert_allclose(nn_ops.log_poisson_loss(z, c).numpy(), base, rtol=1e-12)
    stirling = np.where(
        z > 1, z * np.log(np.maximum(z, 1)) - z + 0.5 * np.log(2 * np.pi * np.maximum(z, 1)), 0
    )
    np.testing.assert_allclose(
        nn_ops.log_poisson_loss(z, c, True).numpy(), base + stirling, rtol=1e-12
    )
    per_example = np.array([1.0, 2.0, 3.0, 6.0])
    assert float(nn_ops.compute_average_loss(per_example)) == 3.0
    assert float(nn_ops.compute_average_loss(per_example, global_batch_size=8)) == 1.5
    assert float(nn_ops.compute_average_loss(per_example, sample_weight=0.5)) == 1.5
    assert float(nn_ops.scale_regularization_loss([1.0, 2.0])) == 3.0
    check_gradient(lambda a: nn_ops.weighted_cross_entropy_with_logits(labels, a, q), [logits])


def test_dropout():
    nnext.random.set_seed(3)
    x = nnext.ones([200, 50])
    y = nn_ops.dropout(x, 0.25).numpy()
    kept = y != 0
    assert abs(kept.mean() - 0.75) < 0.02 and np.allclose(y[kept], 1 / 0.75)
    shared = nn_ops.dropout(x, 0.5, noise_shape=[200, 1]).numpy()
    assert all(len(set(row)) == 1 for row in shared)
    assert nn_ops.dropout(x, 0.0) is not None
    with pytest.raises(ValueError, match=r"`rate` must be a scalar tensor or a float in the"):
        nn_ops.dropout(x, 1.0)


# -- random --------------------------------------------------------------------------------


def test_stateless_draws_depend_on_the_seed_only():
    a = random_ops.stateless_normal([1000], seed=[1, 2])
    nnext.random.set_seed(99)  # the global seed has no say
    b = random_ops.stateless_normal([1000], seed=[1, 2])
    np.testing.assert_array_equal(a.numpy(), b.numpy())
    c = random_ops.stateless_normal([1000], seed=[1, 3]).numpy()
    assert not np.array_equal(a.numpy(), c)
    assert abs(a.numpy().mean()) < 0.1 and abs(a.numpy().std() - 1) < 0.1
    u = random_ops.stateless_uniform([5000], seed=[4, 5], minval=2.0, maxval=3.0).numpy()
    assert u.min() >= 2.0 and u.max() < 3.0 and abs(u.mean() - 2.5) < 0.02
    ints = random_ops.stateless_uniform([5000], [4, 5], minval=-3, maxval=4, dtype="int64")
    assert ints.dtype == nnext.int64 and set(ints.numpy().tolist()) == set(range(-3, 4))
    t = random_ops.stateless_truncated_normal([5000], [7, 7], dtype="float64").numpy()
    assert np.abs(t).max() <= 2.0 and abs(t.std() - 0.88) < 0.03
    with pytest.raises(ValueError, match="seed must be a shape"):
        random_ops.stateless_normal([2], seed=3)
    with pytest.raises(ValueError, match="minval and maxval must be both given"):
        random_ops.stateless_uniform([2], [1, 2], dtype="int32")


def test_categorical_gamma_poisson_moments():
    logits = np.log([[0.2, 0.3, 0.5]])
    draws = random_ops.stateless_categorical(logits, 20000, seed=[1, 1]).numpy()
    assert draws.shape == (1, 20000) and draws.dtype == np.int64
    np.testing.assert_allclose(np.bincount(draws[0]) / 20000, [0.2, 0.3, 0.5], atol=0.015)
    nnext.random.set_seed(1)
    stateful = random_ops.categorical(logits, 20000).numpy()
    np.testing.assert_allclose(np.bincount(stateful[0]) / 20000, [0.2, 0.3, 0.5], atol=0.015)
    g = random_ops.gamma([20000], alpha=[0.5, 3.0], beta=2.0).numpy()
    assert g.shape == (20000, 2) and (g > 0).all()
    np.testing.assert_allclose(g.mean(0), [0.25, 1.5], rtol=0.05)
    np.testing.assert_allclose(g.var(0), [0.125, 0.75], rtol=0.1)
    p = random_ops.poisson([20000], lam=[1.5, 50.0]).numpy()
    np.testing.assert_allclose(p.mean(0), [1.5, 50.0], rtol=0.03)
    np.testing.assert_allclose(p.var(0), [1.5, 50.0], rtol=0.1)
    assert np.array_equal(p, np.round(p))


def test_generator():
    g1 = random_ops.Generator.from_seed(1234)
    g2 = random_ops.Generator.from_seed(1234)
    np.testing.assert_array_equal(g1.normal([3, 2]).numpy(), g2.normal([3, 2]).numpy())
    second = g1.normal([3, 2]).numpy()
    assert not np.array_equal(second, g2.uniform([3, 2]).numpy())
    g3 = random_ops.Generator.from_seed(1234)
    g3.skip(1)
    np.testing.assert_array_equal(g3.normal([3, 2]).numpy(), second)
    seeds = g1.make_seeds(4)
    assert seeds.shape == (2, 4) and seeds.dtype == nnext.int64
    first, other = g1.split(2)
    assert not np.array_equal(first.normal([4]).numpy(), other.normal([4]).numpy())
    g1.reset_from_seed(1234)
    np.testing.assert_array_equal(
        g1.normal([3, 2]).numpy(), random_ops.Generator.from_seed(1234).normal([3, 2]).numpy()
    )
    assert random_ops.Generator.from_non_deterministic_state().uniform([2]).shape == (2,)
    ints = g1.uniform([1000], minval=0, maxval=10, dtype="int32").numpy()
    assert ints.min() >= 0 and ints.max() < 10
    original = random_ops.get_global_generator()
    random_ops.set_global_generator(random_ops.Generator.from_seed(5))
    assert random_ops.get_global_generator() is not original
    with pytest.raises(TypeError, match="expected a Generator"):
        random_ops.set_global_generator(3)
    fold = random_ops.experimental.stateless_fold_in([1, 2], 7)
    split = random_ops.experimental.stateless_split([1, 2], 3)
    assert fold.shape == (2,) and split.shape == (3, 2)


def test_generator_state_round_trip():
    g = random_ops.Generator.from_seed(77)
    g.normal([2])
    copy = random_ops.Generator(state=g.state)
    np.testing.assert_array_equal(copy.normal([5]).numpy(), g.normal([5]).numpy())
    clone = random_ops.Generator(copy_from=g)
    np.testing.assert_array_equal(clone.uniform([3]).numpy(), g.uniform([3]).numpy())
    assert random_ops.Algorithm.PHILOX.value == 1
    assert random_ops.create_rng_state(77, "philox").shape == (3,)
