"""nnext.distribute: the strategy API in one process, and data-parallel `fit`, custom loops,
callbacks and failures in real MPI jobs (`mpiexec -n 2` and `-n 3`, an uneven split), run as
subprocesses of the worker scripts in tests/distribute_workers/."""

import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import nnext
from nnext import keras
from nnext.distribute import input_lib

WORKERS = Path(__file__).parent / "distribute_workers"


def mpiexec():
    """The `mpiexec` of the MPI mpi4py uses: the venv's (the `mpich` wheel installs it beside
    the interpreter), else the one on PATH."""
    beside = Path(sys.executable).parent / "mpiexec"
    found = str(beside) if beside.exists() else shutil.which("mpiexec")
    assert found, "mpiexec not found: install the test extra (mpi4py, mpich)"
    return found


def run_job(ranks, script, *args, timeout=120):
    # The nnext this test imported (a source tree or the installed one); one core per rank.
    package_root = str(Path(nnext.__file__).resolve().parent.parent)
    path = os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH")) if p)
    env = dict(os.environ, OMP_NUM_THREADS="1", PYTHONPATH=path)
    start = time.monotonic()
    proc = subprocess.run(
        [mpiexec(), "-n", str(ranks), sys.executable, str(WORKERS / script), *map(str, args)],
        check=False,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=WORKERS,
    )
    return proc, time.monotonic() - start


def run_ok(ranks, script, *args):
    proc, _ = run_job(ranks, script, *args)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def load_ranks(out, ranks):
    return [dict(np.load(f"{out}.rank{r}.npz")) for r in range(ranks)]


def assert_close(actual, expected, name):
    # Summing the ranks' half-batch gradients rounds differently from one gemm over the
    # global batch: a few float32 ulps per step, which a few epochs of training carry into
    # the weights (seen up to 3e-7 on AVX-512 OpenBLAS kernels), so atol 1e-6 beside rtol 1e-5.
    np.testing.assert_allclose(actual, expected, rtol=1e-5, atol=1e-6, err_msg=name)


# -- in one process (no MPI) ---------------------------------------------------------------


def test_import_nnext_never_imports_mpi4py():
    code = (
        "import sys, nnext; s = nnext.distribute.MultiWorkerMirroredStrategy(); "
        "assert s.num_replicas_in_sync == 1; print('mpi4py' in sys.modules)"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PMI_RANK", "PMI_SIZE", "PMIX_RANK", "OMPI_COMM_WORLD_SIZE")
    }
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "False"


def test_contexts_as_tensorflow():
    strategy = nnext.distribute.MirroredStrategy()
    assert not nnext.distribute.has_strategy()
    assert not nnext.distribute.in_cross_replica_context()
    assert nnext.distribute.get_strategy().num_replicas_in_sync == 1
    assert nnext.distribute.get_replica_context() is not None
    with strategy.scope():
        assert nnext.distribute.get_strategy() is strategy
        assert nnext.distribute.has_strategy()
        assert nnext.distribute.in_cross_replica_context()
        assert nnext.distribute.get_replica_context() is None
        inside = strategy.run(
            lambda: (
                nnext.distribute.in_cross_replica_context(),
                nnext.distribute.get_replica_context(),
            )
        )
        assert inside[0] is False
        assert int(inside[1].replica_id_in_sync_group) == 0
    assert not nnext.distribute.has_strategy()
    other = nnext.distribute.MirroredStrategy()
    with strategy.scope(), pytest.raises(RuntimeError, match="Mixing different"):
        other.scope().__enter__()  # entering a second strategy's scope is what raises


def test_reduce_one_replica():
    strategy = nnext.distribute.MultiWorkerMirroredStrategy()
    assert strategy.num_replicas_in_sync == 1
    assert strategy.cluster_resolver.task_type == "worker"
    assert (strategy.cluster_resolver.task_id, strategy.cluster_resolver.num_workers) == (0, 1)
    v = nnext.constant([[1.0, 2.0], [3.0, 6.0]])
    np.testing.assert_allclose(strategy.reduce("SUM", v, axis=None).numpy(), v.numpy())
    np.testing.assert_allclose(strategy.reduce("MEAN", v, axis=0).numpy(), [2.0, 4.0])
    np.testing.assert_allclose(
        strategy.reduce(nnext.distribute.ReduceOp.SUM, v, axis=1).numpy(), [3.0, 9.0]
    )
    with pytest.raises(ValueError, match="`reduce_op` must be"):
        strategy.reduce("MAX", v, axis=None)


@pytest.mark.parametrize(
    ("batch", "replicas", "expected"),
    [
        (128, 4, [32, 32, 32, 32]),
        (7, 3, [3, 2, 2]),
        (2, 2, [1, 1]),
        (4, 5, [1, 1, 1, 1, 0]),
    ],
)
def test_shard_bounds_split_global_batch(batch, replicas, expected):
    bounds = [input_lib.shard_bounds(batch, replicas, r) for r in range(replicas)]
    assert [stop - start for start, stop in bounds] == expected
    assert bounds[0][0] == 0 and bounds[-1][1] == batch
    assert all(a[1] == b[0] for a, b in itertools.pairwise(bounds))


def test_input_context_per_replica_batch_size():
    ctx = nnext.distribute.InputContext(2, 1, 4)
    assert ctx.get_per_replica_batch_size(64) == 16
    with pytest.raises(ValueError, match="is not divisible by `num_replicas_in_sync` 4"):
        ctx.get_per_replica_batch_size(10)


def test_one_replica_fit_is_plain_fit():
    x = np.random.default_rng(0).random((40, 4), dtype=np.float32)
    y = x.sum(1, keepdims=True)
    runs = []
    for strategy in (None, nnext.distribute.MirroredStrategy()):
        nnext.random.set_seed(3)
        with strategy.scope() if strategy else nnext.distribute.get_strategy().scope():
            model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
            model.compile("sgd", "mse")
        runs.append(model.fit(x, y, batch_size=8, epochs=2, verbose=0).history["loss"])
    assert runs[0] == runs[1]


# -- MPI jobs --------------------------------------------------------------------------------


@pytest.mark.parametrize("ranks", [2, 3])
def test_fit_equals_one_process_with_the_global_batch(tmp_path, ranks):
    run_ok(ranks, "fit_parity.py", tmp_path / "fit")
    results = load_ranks(tmp_path / "fit", ranks)
    chief = results[0]
    assert int(chief["num_replicas"]) == ranks
    ref_keys = [k for k in chief if k.startswith("ref/")]
    assert any("/history/val_loss" in k for k in ref_keys)
    assert any("functional/history/reg_mae" in k for k in ref_keys)
    assert any("remainder/predict" in k for k in ref_keys)  # an empty shard on 3 ranks
    assert any("dataset/weight/4" in k for k in ref_keys)  # train_on_batch after fit
    for key in ref_keys:
        dist = "dist/" + key[4:]
        assert_close(chief[dist], chief[key], dist)
        for other in results[1:]:  # every rank holds the same model and logs
            np.testing.assert_array_equal(other[dist], chief[dist], err_msg=dist)


@pytest.mark.parametrize("ranks", [2, 3])
def test_custom_loop_run_and_reduce(tmp_path, ranks):
    run_ok(ranks, "custom_loop.py", tmp_path / "loop")
    results = load_ranks(tmp_path / "loop", ranks)
    chief = results[0]
    for key in ("sums", "means", "weight/0", "weight/1", "weight/2", "weight/3"):
        assert_close(chief[f"dist/{key}"], chief[f"ref/{key}"], key)
    expected_rows = [input_lib.shard_bounds(25, ranks, r) for r in range(ranks)]
    for r, result in enumerate(results):
        assert int(result["task_id"]) == r and int(result["num_workers"]) == ranks
        assert str(result["task_type"]) == "worker"
        assert int(result["dist/replica_id"]) == r
        assert int(result["dist/num_replicas"]) == ranks
        assert bool(result["dist/in_scope"]) and not bool(result["dist/in_run"])
        start, stop = expected_rows[r]
        assert list(result["dist/rows"]) == [stop - start] * 4
        np.testing.assert_array_equal(result["dist/gathered"][:, 0], np.arange(ranks))
        np.testing.assert_array_equal(result["dist/sums"], chief["dist/sums"])
        np.testing.assert_array_equal(result["dist/from_function"], np.arange(r, 12, ranks))
        assert not bool(result["vote_one_false"]) and bool(result["vote_all_true"])


def test_rank_zero_callbacks_write_once(tmp_path):
    proc = run_ok(2, "callbacks_once.py", tmp_path)
    ranks = [json.loads((tmp_path / f"rank{r}.json").read_text()) for r in range(2)]
    chief, other = ranks
    # EarlyStopping decides the same on every rank (it reads the global logs).
    assert chief["epochs"] == other["epochs"] == 2
    assert chief["stopped_epoch"] == other["stopped_epoch"] == 1
    assert chief["loss"] == other["loss"]
    assert chief["saves"] == [
        ["save_model", "epoch1.keras"],
        ["save_model", "epoch2.keras"],
        ["save_model", "final.keras"],
        ["save_weights", "final.weights.h5"],
    ]
    assert other["saves"] == []
    assert len(chief["batch_losses"]) == 4 and other["batch_losses"] == []
    # One progress bar, one CSV (appending: a second writer would double its rows), one
    # TensorBoard event file.
    assert len(re.findall(r"Epoch 1/6", proc.stdout)) == 1
    assert len((tmp_path / "log.csv").read_text().splitlines()) == 1 + 2
    assert len(list((tmp_path / "tb" / "train").iterdir())) == 1
    assert (tmp_path / "final.keras").exists()


def test_a_raising_rank_ends_the_job_with_its_message():
    proc, seconds = run_job(2, "failing.py", "raise", timeout=60)
    assert proc.returncode != 0
    assert "RuntimeError: rank 1 failed on purpose at batch 1" in proc.stderr
    assert "[nnext rank 1/2]" in proc.stderr
    assert seconds < 30  # it aborts; it does not wait for the 50 epochs or hang


def test_mismatched_models_fail_at_the_first_broadcast():
    proc, _ = run_job(2, "failing.py", "mismatch", timeout=60)
    assert proc.returncode != 0
    assert re.search(
        r"ValueError: MultiWorkerMirroredStrategy: the model weights of rank 1 "
        r"do not match those of rank 0.*shape \(784, 32\).*\(784, 33\)",
        proc.stderr,
    )


def test_killed_job_resumes_from_backup_on_every_rank(tmp_path):
    proc, _ = run_job(2, "resume.py", tmp_path, "interrupt", timeout=60)
    assert proc.returncode != 0
    assert "rank 1 killed in the middle of epoch 2" in proc.stderr
    assert (tmp_path / "backup").is_dir()
    run_ok(2, "resume.py", tmp_path, "resume")
    results = [dict(np.load(tmp_path / f"resume.rank{r}.npz")) for r in range(2)]
    for result in results:  # both ranks continue at the first unfinished epoch
        assert list(result["epochs"]) == [2, 3]
    for i in range(4):  # and end where an uninterrupted run ends
        assert_close(results[0][f"dist/weight/{i}"], results[0][f"ref/weight/{i}"], f"w{i}")
        np.testing.assert_array_equal(
            results[1][f"dist/weight/{i}"], results[0][f"dist/weight/{i}"]
        )
    assert not (tmp_path / "backup").exists()  # a completed fit deletes the backup
