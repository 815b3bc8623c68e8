"""Files on disk: atomic replacement, and the stamp that tells whether a file changed."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

Stamp = tuple[int, int, int, int]


def stamp(path: Path) -> Stamp | None:
    """Size, modification and change times, and inode: any edit or replacement changes it (None: no file)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def real_path(path: Path) -> Path:
    """The file a path names once links are followed, so a write through a link reaches its target."""
    return Path(os.path.realpath(path))


def atomic_write(path: Path, data: str | bytes, *, durable: bool = True) -> None:
    """Replace `path` (through any link) so that a reader sees the old file or the new one, never half of one.

    Temporary file in the same folder, flush, fsync, os.replace, then fsync the folder (POSIX) so the
    rename itself survives a power cut; `durable=False` skips both fsyncs (a cache). New files are
    readable by their owner only.
    """
    target = real_path(path)
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if durable and os.name == "posix":
        sync_folder(folder)


def sync_folder(folder: Path) -> None:
    """fsync a folder, so a new name in it survives a power cut (POSIX; elsewhere nothing to do)."""
    if os.name != "posix":
        return
    # Some file systems (or a write-only folder) cannot open or fsync a folder; the data is already safe.
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
