"""`get_file`: downloads a file once into Keras's cache folder, checks its hash, and
optionally extracts it.

The cache is `$KERAS_HOME` or `~/.keras` (Keras's), falling back to `/tmp/.keras` when the
home folder is read-only. A download is written to a temporary name and renamed once
complete, so an interrupted one never leaves a file a later call would trust.
"""

import hashlib
import os
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile

from nnext.keras.utils.io_utils import print_msg

_CHUNK_BYTES = 1 << 20
_TIMEOUT_S = 60


def keras_home():
    """The folder Keras caches files in: `$KERAS_HOME`, else `~/.keras`."""
    return os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")


def _hash_file(path, algorithm):
    digest = hashlib.new(algorithm)
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(_CHUNK_BYTES), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _resolve_algorithm(file_hash, hash_algorithm):
    if hash_algorithm in ("sha256", "md5"):
        return hash_algorithm
    if hash_algorithm != "auto":
        raise ValueError(
            "Argument `hash_algorithm` must be 'auto', 'sha256' or 'md5'. "
            f"Received: hash_algorithm={hash_algorithm}"
        )
    # Keras's rule: a 64-digit hash is SHA-256, anything else MD5.
    return "sha256" if len(file_hash) == 64 else "md5"


def validate_file(fpath, file_hash, algorithm="auto", chunk_size=65535):
    """Whether the file at `fpath` has the hash `file_hash` ('auto': SHA-256 for a
    64-digit hash, else MD5)."""
    return _hash_file(fpath, _resolve_algorithm(file_hash, algorithm)) == str(file_hash)


def get_file(
    fname=None,
    origin=None,
    untar=False,
    md5_hash=None,
    file_hash=None,
    cache_subdir="datasets",
    hash_algorithm="auto",
    extract=False,
    archive_format="auto",
    cache_dir=None,
    force_download=False,
):
    """Downloads a file from a URL if it is not already in the cache.

    Args:
        fname: the file's name in the cache (default: the last part of the URL's path).
        origin: the URL (http, https, ftp or file).
        untar: deprecated form of `extract=True, archive_format='tar'`.
        md5_hash: deprecated form of `file_hash` with `hash_algorithm='md5'`.
        file_hash: the expected SHA-256 or MD5 hex digest; checked after download, and a
            cached file that does not match is downloaded again.
        cache_subdir: the sub-folder of `cache_dir` to store the file in.
        hash_algorithm: 'auto', 'sha256' or 'md5'.
        extract: extract the archive (tar, tar.gz, zip) next to the download.
        archive_format: 'auto', 'tar', 'zip' or a list of them.
        cache_dir: the cache folder (default `$KERAS_HOME` or `~/.keras`).
        force_download: download even if a cached copy exists.

    Returns:
        The path of the downloaded file, or of the extraction folder with `extract`.

    Raises:
        OSError: the download failed (no network); the message names the URL and the
            path where a copy put by hand would be used.

    Example:
        >>> path = keras.utils.get_file(origin="https://example.com/data.csv")
    """
    if origin is None:
        raise ValueError('Please specify the "origin" argument (URL of the file to download).')
    if md5_hash is not None and file_hash is None:
        file_hash, hash_algorithm = md5_hash, "md5"
    base = os.path.expanduser(cache_dir or keras_home())
    if not os.access(base, os.W_OK) and os.path.exists(base):
        base = os.path.join(tempfile.gettempdir(), ".keras")
    datadir = os.path.join(base, cache_subdir)
    os.makedirs(datadir, exist_ok=True)

    provided = fname is not None and str(fname) != ""
    fname = os.fspath(fname) if provided else os.path.basename(urllib.parse.urlsplit(origin).path)
    if not fname:
        raise ValueError(
            f"Can't parse the file name from the origin provided: '{origin}'."
            "Please specify the `fname` argument."
        )
    if provided and os.sep in fname:
        raise ValueError(
            "Paths are no longer accepted as the `fname` argument. To specify the file's "
            f"parent directory, use the `cache_dir` argument. Received: fname={fname}"
        )
    if extract or untar:
        if provided and "." in fname:
            target = os.path.join(datadir, fname)
            extraction_dir = os.path.join(datadir, f"{fname[: fname.find('.')]}_extracted")
        else:
            target = os.path.join(datadir, f"{fname}_archive")
            extraction_dir = os.path.join(datadir, fname)
    else:
        target = os.path.join(datadir, fname)

    download = force_download or not os.path.exists(target)
    if (
        not download
        and file_hash is not None
        and not validate_file(target, file_hash, hash_algorithm)
    ):
        print_msg(
            "A local file was found, but it seems to be incomplete or outdated because the "
            f"{hash_algorithm} file hash does not match the original value of {file_hash} so "
            "we will re-download the data."
        )
        download = True
    if download:
        print_msg(f"Downloading data from {origin}")
        _download(origin, target)
        if file_hash is not None and not validate_file(target, file_hash, hash_algorithm):
            os.remove(target)
            raise ValueError(
                f"Incomplete or corrupted file detected. The {hash_algorithm} file hash does "
                f"not match the provided value of {file_hash}."
            )
    if extract or untar:
        if not extract_archive(target, extraction_dir, "tar" if untar else archive_format):
            raise ValueError(f"Could not extract archive {target} (format {archive_format}).")
        return extraction_dir
    return target


def _download(origin, target):
    fd, partial = tempfile.mkstemp(
        dir=os.path.dirname(target), prefix=f".{os.path.basename(target)}.", suffix=".part"
    )
    try:
        with os.fdopen(fd, "wb") as out:
            try:
                with urllib.request.urlopen(origin, timeout=_TIMEOUT_S) as response:
                    shutil.copyfileobj(response, out, _CHUNK_BYTES)
            except urllib.error.HTTPError as e:
                raise OSError(
                    f"URL fetch failure on {origin}: {e.code} -- {e.msg}. Put a copy of the "
                    f"file at {target} to use it without downloading."
                ) from e
            except (urllib.error.URLError, OSError) as e:
                reason = getattr(e, "reason", e)
                raise OSError(
                    f"URL fetch failure on {origin}: {getattr(e, 'errno', None)} -- {reason}. "
                    f"Without a network, download it elsewhere and put it at {target}."
                ) from e
        os.replace(partial, target)
    finally:
        if os.path.exists(partial):
            os.remove(partial)


def extract_archive(file_path, path=".", archive_format="auto"):
    """Extracts a tar (optionally compressed) or zip archive into `path`; returns whether
    the file was an archive of an accepted format. Members that would land outside `path`
    (absolute names, '..', links out) are refused."""
    if archive_format is None:
        return False
    if archive_format == "auto":
        archive_format = ["tar", "zip"]
    if isinstance(archive_format, str):
        archive_format = [archive_format]
    for fmt in archive_format:
        if fmt == "tar" and tarfile.is_tarfile(file_path):
            with tarfile.open(file_path) as archive:
                archive.extractall(path, filter="data")
            return True
        if fmt == "zip" and zipfile.is_zipfile(file_path):
            with zipfile.ZipFile(file_path) as archive:
                root = os.path.realpath(path)
                for member in archive.namelist():
                    dest = os.path.realpath(os.path.join(path, member))
                    if os.path.commonpath([root, dest]) != root:
                        raise ValueError(f"Refusing to extract {member!r} outside {path}")
                archive.extractall(path)
            return True
    return False
