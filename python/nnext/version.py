"""`tf.version`: nnext's version, in one place.

`pyproject.toml` reads `VERSION` from this file (scikit-build-core's regex provider), so the
package metadata, `nnext.__version__` and `nnext.version.VERSION` cannot disagree.
"""

from nnext import _core

__all__ = ["COMPILER_VERSION", "VERSION"]

VERSION = "0.1.0"
COMPILER_VERSION = _core._build_config()["compiler"]
