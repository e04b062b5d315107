"""The scripts' one way to write a file, as src/disk/atomicWrite.ts is the app's: a temp file
with a unique name in the same folder, flushed to disk, renamed over the target, and the folder
flushed, so an interrupted run leaves the old fixture or the new one, never half of one."""

import os
import tempfile


def write_atomic(path, data) -> None:
    """Writes `data` (str or bytes) to `path` atomically."""
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    prefix = f".{os.path.basename(path)}.cnn-studio-tmp-{os.getpid()}-"
    fd, temp = tempfile.mkstemp(dir=folder, prefix=prefix)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode() if isinstance(data, str) else data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise
    folder_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(folder_fd)
    finally:
        os.close(folder_fd)
