"""The example programs run end to end (with few epochs) and learn."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import nnext

ROOT = Path(__file__).resolve().parents[1]
# The examples must import the nnext these tests import: the installed package in CI, the
# working tree under PYTHONPATH=python.
NNEXT_PARENT = str(Path(nnext.__file__).resolve().parents[1])


def run_example(name, *args):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (NNEXT_PARENT, env.get("PYTHONPATH")) if p)
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / name), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def final(output, label):
    return float(re.search(rf"{label}: ([0-9.]+)", output).group(1))


@pytest.mark.parametrize(
    "name", ["mlp_train_on_batch.py", "mlp_gradient_tape.py", "mlp_manual_gradients.py"]
)
def test_431_mlp_examples_learn(name):
    # A random start sits near loss 0.25; 500 epochs bring it well below.
    assert final(run_example(name, "--epochs", "500"), "final loss") < 0.1


def test_logistic_regression_learns():
    assert final(run_example("logistic_regression.py", "--epochs", "30"), "test accuracy") > 0.9


def test_deep_relu_network_learns():
    assert final(run_example("deep_relu_network.py", "--epochs", "5"), "test accuracy") > 0.9


def test_custom_model_learns():
    assert final(run_example("custom_model.py", "--epochs", "3"), "test accuracy") > 0.8


@pytest.mark.slow
def test_mnist_learns_and_prints_the_progress_bar():
    out = run_example("mnist.py", "--epochs", "1")
    assert "━" in out and "step - accuracy:" in out
    assert final(out, "test accuracy") > 0.8
