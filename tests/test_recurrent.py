"""The fused recurrent sequence ops (nnext.recurrent_ops) against a NumPy step loop written
from Keras 3's cell formulas, their gradients against central differences, and their
argument errors."""

import numpy as np
import pytest
from helpers import check_gradient

import nnext
from nnext import recurrent_ops

# -- the NumPy oracle: Keras's cells, one step at a time ------------------------------------


def _act(name, x):
    return {
        "linear": lambda v: v,
        "tanh": np.tanh,
        "sigmoid": lambda v: 1.0 / (1.0 + np.exp(-v)),
        "relu": lambda v: np.maximum(v, 0.0),
        "hard_sigmoid": lambda v: np.clip(v / 6.0 + 0.5, 0.0, 1.0),
    }[name](x)


def _simple_step(x, states, w, act, rec_act):
    h = _act(act, x @ w[0] + states[0] @ w[1] + (0 if w[2] is None else w[2]))
    return h, [h]


def _lstm_step(x, states, w, act, rec_act):
    h, c = states
    z = x @ w[0] + h @ w[1] + (0 if w[2] is None else w[2])
    i, f, g, o = np.split(z, 4, axis=-1)
    c = _act(rec_act, f) * c + _act(rec_act, i) * _act(act, g)
    h = _act(rec_act, o) * _act(act, c)
    return h, [h, c]


def _gru_step(x, states, w, act, rec_act):
    h = states[0]
    bx, bh = (0, 0) if w[2] is None else (w[2][0], w[2][1])
    xz, xr, xh = np.split(x @ w[0] + bx, 3, axis=-1)
    rz, rr, rh = np.split(h @ w[1] + bh, 3, axis=-1)
    z, r = _act(rec_act, xz + rz), _act(rec_act, xr + rr)
    hh = _act(act, xh + r * rh)
    h = z * h + (1 - z) * hh
    return h, [h]


STEPS = {"simple_rnn": (_simple_step, 1, 1), "lstm": (_lstm_step, 4, 2), "gru": (_gru_step, 3, 1)}


def reference(
    cell,
    x,
    weights,
    states,
    mask=None,
    act="tanh",
    rec_act="sigmoid",
    go_backwards=False,
    zero_output_for_mask=False,
):
    """(last_output, outputs, states) as Keras's backend `rnn` computes them."""
    step = STEPS[cell][0]
    x = np.asarray(x, np.float64)
    order = range(x.shape[1])[::-1] if go_backwards else range(x.shape[1])
    states = [np.asarray(s, np.float64) for s in states]
    outputs = []
    for t in order:
        out, new = step(x[:, t], states, weights, act, rec_act)
        if mask is not None:
            keep = mask[:, t][:, None]
            out = np.where(keep, out, 0.0 if zero_output_for_mask else states[0])
            new = [np.where(keep, n, s) for n, s in zip(new, states)]
        outputs.append(out)
        states = new
    seq = np.stack(outputs, 1) if outputs else np.zeros(x.shape[:2] + (states[0].shape[1],))
    last = seq[:, -1] if outputs else states[0]
    return last, seq, states


def make_case(cell, batch=3, steps=4, features=5, units=6, dtype="float64", bias=True, seed=0):
    rng = np.random.default_rng(seed)
    gates, n_states = STEPS[cell][1:]
    x = rng.uniform(-1, 1, (batch, steps, features)).astype(dtype)
    kernel = rng.uniform(-0.6, 0.6, (features, gates * units)).astype(dtype)
    recurrent = rng.uniform(-0.6, 0.6, (units, gates * units)).astype(dtype)
    b = None
    if bias:
        shape = (2, gates * units) if cell == "gru" else (gates * units,)
        b = rng.uniform(-0.5, 0.5, shape).astype(dtype)
    states = [rng.uniform(-0.5, 0.5, (batch, units)).astype(dtype) for _ in range(n_states)]
    return x, [kernel, recurrent, b], states


def run(cell, x, weights, states, mask=None, **options):
    """Calls the op with states passed in the op's own argument names."""
    fn = getattr(recurrent_ops, cell)
    if cell == "lstm":
        kw = {"initial_state_h": states[0], "initial_state_c": states[1]} if states else {}
    else:
        kw = {"initial_state": states[0]} if states else {}
    return fn(x, *weights, mask=mask, **kw, **options)


def assert_matches(got, want, rtol, atol):
    last, seq, states = got
    np.testing.assert_allclose(seq.numpy(), want[1], rtol=rtol, atol=atol, err_msg="outputs")
    np.testing.assert_allclose(last.numpy(), want[0], rtol=rtol, atol=atol, err_msg="last")
    assert len(states) == len(want[2])
    for k, (s, w) in enumerate(zip(states, want[2])):
        np.testing.assert_allclose(s.numpy(), w, rtol=rtol, atol=atol, err_msg=f"state {k}")


TOL = {"float32": (2e-5, 2e-6), "float64": (1e-12, 1e-13)}
CELLS = ["simple_rnn", "lstm", "gru"]


# -- forward ----------------------------------------------------------------------------------


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("go_backwards", [False, True])
def test_forward_matches_step_loop(cell, dtype, go_backwards):
    x, w, s = make_case(cell, dtype=dtype)
    got = run(cell, x, w, s, go_backwards=go_backwards)
    assert got[1].dtype == dtype and got[1].shape == (3, 4, 6)
    assert_matches(got, reference(cell, x, w, s, go_backwards=go_backwards), *TOL[dtype])


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize(
    ("act", "rec_act"), [("relu", "hard_sigmoid"), ("linear", "tanh"), ("sigmoid", "relu")]
)
def test_other_activations(cell, act, rec_act):
    x, w, s = make_case(cell)
    options = {"activation": act}
    if cell != "simple_rnn":
        options["recurrent_activation"] = rec_act
    assert_matches(
        run(cell, x, w, s, **options),
        reference(cell, x, w, s, act=act, rec_act=rec_act),
        *TOL["float64"],
    )


@pytest.mark.parametrize("cell", CELLS)
def test_without_bias_and_zero_initial_state(cell):
    x, w, s = make_case(cell, bias=False)
    w[2] = None
    zeros = [np.zeros_like(v) for v in s]
    assert_matches(run(cell, x, w, []), reference(cell, x, w, zeros), *TOL["float64"])


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize("zero_output_for_mask", [False, True])
@pytest.mark.parametrize("go_backwards", [False, True])
def test_mask_keeps_state(cell, zero_output_for_mask, go_backwards):
    x, w, s = make_case(cell, steps=5)
    # Right padding, left padding, a hole, and a fully masked row.
    mask = np.array([[1, 1, 1, 0, 0], [0, 0, 1, 1, 1], [1, 0, 1, 0, 1]], bool)
    mask = np.concatenate([mask, np.zeros((1, 5), bool)])
    x = np.concatenate([x, x[:1]])
    s = [np.concatenate([v, v[:1]]) for v in s]
    options = {"go_backwards": go_backwards, "zero_output_for_mask": zero_output_for_mask}
    assert_matches(
        run(cell, x, w, s, mask=mask, **options),
        reference(cell, x, w, s, mask, **options),
        *TOL["float64"],
    )


@pytest.mark.parametrize("cell", CELLS)
def test_non_contiguous_inputs(cell):
    x, w, s = make_case(cell, features=4)
    wide = np.zeros(x.shape[:2] + (8,))
    wide[..., ::2] = x
    xt = nnext.convert_to_tensor(wide)[..., ::2]  # a strided view
    kernel_t = nnext.transpose(nnext.convert_to_tensor(np.ascontiguousarray(w[0].T)))
    got = run(cell, xt, [kernel_t, w[1], w[2]], s)
    assert_matches(got, reference(cell, x, w, s), *TOL["float64"])


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize(("batch", "steps"), [(0, 4), (3, 0), (0, 0)])
def test_empty_batch_or_sequence(cell, batch, steps):
    x, w, s = make_case(cell, batch=batch, steps=steps)
    last, seq, states = run(cell, x, w, s)
    assert seq.shape == (batch, steps, 6) and last.shape == (batch, 6)
    for got, want in zip(states, s):  # no step runs: the states come back unchanged
        np.testing.assert_array_equal(got.numpy(), want)
    with nnext.GradientTape() as tape:
        xt, ws = nnext.convert_to_tensor(x), [nnext.Variable(v) for v in w]
        tape.watch(xt)
        last, seq, states = run(cell, xt, ws, s)
        loss = nnext.reduce_sum(seq) + nnext.reduce_sum(states[0])
    grads = tape.gradient(loss, [xt, *ws])
    assert grads[0].shape == x.shape
    for g, v in zip(grads[1:], w):
        np.testing.assert_array_equal(g.numpy(), np.zeros_like(v))


def test_mixed_dtypes_promote():
    x, w, s = make_case("lstm", dtype="float32")
    last, seq, states = recurrent_ops.lstm(x.astype("float64"), *w)
    assert seq.dtype == nnext.float64
    zeros = [np.zeros_like(v, dtype="float64") for v in s]
    assert_matches((last, seq, states), reference("lstm", x, w, zeros), *TOL["float64"])


# -- gradients --------------------------------------------------------------------------------


def _flat_op(cell, n_states, mask=None, **options):
    """fn(x, kernel, recurrent, bias, *states) -> every output flattened into one vector."""

    def fn(x, kernel, recurrent, bias, *states):
        last, seq, final = run(
            cell, x, [kernel, recurrent, bias], list(states), mask=mask, **options
        )
        parts = [seq, last, *final]
        return nnext.concat([nnext.reshape(p, [-1]) for p in parts], 0)

    return fn


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize("go_backwards", [False, True])
def test_gradients_match_finite_differences(cell, go_backwards):
    x, w, s = make_case(cell, batch=2, steps=3, features=3, units=2)
    fn = _flat_op(cell, len(s), go_backwards=go_backwards)
    check_gradient(fn, [x, *w, *s], rtol=1e-6, atol=1e-8, what=cell)


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize("zero_output_for_mask", [False, True])
def test_gradients_with_mask(cell, zero_output_for_mask):
    x, w, s = make_case(cell, batch=3, steps=4, features=2, units=2)
    mask = np.array([[1, 1, 0, 0], [0, 1, 1, 1], [1, 0, 1, 0]], bool)
    fn = _flat_op(cell, len(s), mask=mask, zero_output_for_mask=zero_output_for_mask)
    check_gradient(fn, [x, *w, *s], rtol=1e-6, atol=1e-8, what=cell)


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_gradients_other_activations(cell):
    x, w, s = make_case(cell, batch=2, steps=3, features=2, units=2)
    fn = _flat_op(cell, len(s), activation="relu", recurrent_activation="hard_sigmoid")
    check_gradient(fn, [x, *w, *s], rtol=1e-6, atol=1e-8, what=cell)


@pytest.mark.parametrize("layout", ["transposed", "strided", "reversed"])
def test_gradients_non_contiguous(layout):
    x, w, s = make_case("lstm", batch=2, steps=3, features=3, units=2)
    check_gradient(_flat_op("lstm", 2), [x, *w, *s], layout=layout, rtol=1e-6, atol=1e-8)


def test_float32_gradients_close_to_float64():
    x, w, _s = make_case("lstm", batch=4, steps=6, features=3, units=5)

    def grads(dtype):
        xs = nnext.convert_to_tensor(x.astype(dtype))
        ws = [nnext.Variable(v.astype(dtype)) for v in w]
        with nnext.GradientTape() as tape:
            tape.watch(xs)
            _last, seq, (_h, c) = recurrent_ops.lstm(xs, *ws)
            loss = nnext.reduce_sum(seq * seq) + nnext.reduce_sum(c)
        return [g.numpy() for g in tape.gradient(loss, [xs, *ws])]

    for g32, g64 in zip(grads("float32"), grads("float64")):
        assert g32.dtype == np.float32
        np.testing.assert_allclose(g32, g64, rtol=1e-4, atol=1e-5)


def test_only_needed_gradients_are_returned():
    x, w, _s = make_case("gru")
    kernel = nnext.Variable(w[0])
    frozen = nnext.Variable(w[1], trainable=False)
    with nnext.GradientTape() as tape:
        last, _, _ = recurrent_ops.gru(x, kernel, frozen, w[2])
    dk, dr = tape.gradient(last, [kernel, frozen])
    assert dk is not None and dk.shape == w[0].shape
    assert dr is None


# -- errors -----------------------------------------------------------------------------------


def test_rank_2_inputs_raise():
    x, w, _s = make_case("lstm")
    with pytest.raises(ValueError, match=r"lstm: inputs must have rank 3 .* got shape \(3, 4\)"):
        recurrent_ops.lstm(x[:, 0, :4], *w)


@pytest.mark.parametrize(
    ("cell", "index", "shape", "pattern"),
    [
        ("lstm", 0, (4, 24), r"lstm: kernel must have shape \(5, 24\)"),
        ("gru", 1, (6, 12), r"gru: recurrent_kernel must have shape \(6, 18\)"),
        ("gru", 2, (18,), r"gru: bias must have shape \(2, 18\), got \(18,\)"),
        ("simple_rnn", 2, (5,), r"simple_rnn: bias must have shape \(6,\)"),
    ],
)
def test_weight_shapes_are_checked(cell, index, shape, pattern):
    x, w, s = make_case(cell)
    w[index] = np.zeros(shape)
    with pytest.raises(ValueError, match=pattern):
        run(cell, x, w, s)


def test_state_and_mask_errors():
    x, w, _s = make_case("lstm")
    with pytest.raises(ValueError, match=r"lstm: the initial state h must have shape \(3, 6\)"):
        recurrent_ops.lstm(x, *w, initial_state_h=np.zeros((2, 6)))
    with pytest.raises(ValueError, match=r"lstm: mask must have shape \(3, 4\), got \(3, 5\)"):
        recurrent_ops.lstm(x, *w, mask=np.ones((3, 5), bool))
    with pytest.raises(ValueError, match=r"lstm: unknown activation 'softmax'"):
        recurrent_ops.lstm(x, *w, activation="softmax")
    with pytest.raises(TypeError, match=r"lstm: not supported for bool tensors"):
        recurrent_ops.lstm(x > 0, *w)
