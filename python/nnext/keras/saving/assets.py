"""A model's assets in a `.keras` archive, in Keras 3's layout: the files a layer writes
with `save_assets(dir_path)` (a lookup layer's adapted `vocabulary.txt`) lie under
`assets/<path>/`, `<path>` being the layer's place in the walk (`walk.py`), the same path
as its weights; `load_assets(dir_path)` reads them back from that folder.
"""

import os
import tempfile

from nnext.keras.saving.walk import owners

ASSETS_DIR = "assets"


def _folder(root, path):
    return os.path.join(root, *path.split("/")) if path else root


def write_assets(archive, model):
    """Writes into `archive` (an open, writable ZipFile) the assets of every layer of
    `model` that saves any."""
    with tempfile.TemporaryDirectory() as root:
        for path, obj in owners(model):
            if hasattr(obj, "save_assets"):
                folder = _folder(root, path)
                os.makedirs(folder, exist_ok=True)
                obj.save_assets(folder)
        for folder, _, files in sorted(os.walk(root)):
            for name in sorted(files):
                full = os.path.join(folder, name)
                member = os.path.relpath(full, root).replace(os.sep, "/")
                archive.write(full, f"{ASSETS_DIR}/{member}")


def read_assets(archive, model, filepath):
    """Hands every layer of `model` that loads assets its folder of `archive`'s assets."""
    loaders = [(path, obj) for path, obj in owners(model) if hasattr(obj, "load_assets")]
    if not loaders:
        return
    prefix = ASSETS_DIR + "/"
    with tempfile.TemporaryDirectory() as root:
        for member in archive.namelist():
            if not member.startswith(prefix) or member.endswith("/"):
                continue
            parts = member[len(prefix) :].split("/")
            if any(part in ("", ".", "..") for part in parts):
                raise ValueError(f"{filepath} is not a valid .keras file: asset path {member!r}")
            target = os.path.join(root, *parts)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as f:
                f.write(archive.read(member))
        for path, obj in loaders:
            obj.load_assets(_folder(root, path))
