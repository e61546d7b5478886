"""The documentation site builds with every warning an error (mkdocs.yml: strict), so a
docstring that the API reference cannot parse, a broken link or a page missing from the
navigation fails the suite."""

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_the_docs_site_builds_strictly(tmp_path):
    child = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert child.returncode == 0, child.stderr[-5000:]
    for page in ("index.html", "architecture/index.html", "reference/keras/index.html"):
        assert (tmp_path / page).is_file()
    reference = (tmp_path / "reference/keras/index.html").read_text()
    assert "SparseCategoricalCrossentropy" in reference
    # The layers' reference: a convolution and a recurrent layer, with their arguments.
    assert "Conv2D" in reference and "recurrent_activation" in reference
