"""Reading and writing files safely: only regular files of bounded size are read, and saves are atomic.

Every file the app reads on the user's behalf (images, textures, models, experiments) goes through
`open_regular_file` / `read_regular_file`: the path is stat-ed first and opened without blocking, so a FIFO, a
device (/dev/zero, /dev/urandom), a folder or a socket is refused at once, and a file larger than the caller's limit
is refused before a byte is read. Every save goes through `atomic_write`: a unique temporary file in the target
folder (O_EXCL, so a symlink planted there is never followed), fsync, rename over the target, fsync the folder.
A failed save leaves the previous file intact and raises SaveError with a message in the user's terms.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

READ_CHUNK = 4 * 2**20
# C0 and C1 control characters (escape sequences, \r, BEL, ...) and the bidirectional overrides
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class FileRefused(Exception):
    """A file that will not be read; str(err) says why in plain words, `reason` is a short class for tests."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason  # "not-found", "not-regular", "too-large", "permission", "unreadable"


class SaveError(Exception):
    """A file that could not be saved (the previous file, if any, is intact); str(err) says why."""

    def __init__(self, message: str, reason: str = "unwritable") -> None:
        super().__init__(message)
        self.reason = reason  # "disk-full", "read-only", "permission", "no-folder", "unwritable", "input"


def printable(text: object, keep_newlines: bool = False) -> str:
    """Text that came from a file made safe to show: control characters (escape sequences that clear a terminal or
    set a window title, \r, BEL, ...) and bidirectional overrides replaced by "?"."""
    if keep_newlines:
        return "\n".join(printable(line) for line in str(text).split("\n"))
    return _CONTROL.sub("?", str(text))


def quoted(name: str) -> str:
    """A name in typographic quotes, as every message shows file names."""
    return f"\u201c{name}\u201d"


def display_name(path: str | os.PathLike[str]) -> str:
    """The last part of a path, for messages (the whole path when it has no last part)."""
    text = os.fspath(path)
    return Path(text).name or text


def describe_size(size: int) -> str:
    """A byte count in words: '12 KB', '3.4 MB', '2.1 GB'."""
    for unit, scale in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if size >= scale:
            return f"{size / scale:,.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def _kind_of(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def _refuse_special(mode: int, name: str, what: str) -> None:
    kind = _kind_of(mode)
    if kind is not None:
        raise FileRefused(f"{quoted(name)} is {kind}, not {what}.", "not-regular")


def _refuse_large(size: int, max_bytes: int, name: str, what: str) -> None:
    if size > max_bytes:
        raise FileRefused(
            f"{quoted(name)} is too large to open as {what} ({describe_size(size)}; the limit is "
            f"{describe_size(max_bytes)}).",
            "too-large",
        )


def _open_error(err: OSError, path: str, what: str) -> FileRefused:
    name = display_name(path)
    if isinstance(err, FileNotFoundError):
        return FileRefused(f"{quoted(name)} was not found ({path}).", "not-found")
    if isinstance(err, PermissionError):
        return FileRefused(f"{quoted(name)} could not be opened: permission denied.", "permission")
    if err.errno == errno.ELOOP:
        return FileRefused(f"{quoted(name)} is a symbolic link that loops or is not allowed here.", "not-regular")
    if err.errno in (errno.ENAMETOOLONG, errno.EINVAL):
        return FileRefused(f"the name of {what} is too long or not valid ({name[:80]}…).", "not-found")
    return FileRefused(f"{quoted(name)} could not be read ({err.strerror or err}).", "unreadable")


@contextlib.contextmanager
def open_regular_file(
    path: str | os.PathLike[str], max_bytes: int, what: str = "a file", follow_symlinks: bool = True
) -> Iterator[tuple[BinaryIO, int]]:
    """(binary stream, size) of a regular file no larger than max_bytes; FileRefused for anything else.

    `what` completes "X is a folder, not ___" ("an image file", "an ONNX model"). A FIFO or device is refused
    from its stat alone, and opened (if at all) without blocking, then checked again on the open descriptor."""
    text = os.fspath(path)
    name = display_name(text)
    try:
        info = os.stat(text, follow_symlinks=follow_symlinks)
        _refuse_special(info.st_mode, name, what)
        _refuse_large(info.st_size, max_bytes, name, what)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
        if not follow_symlinks:
            flags |= getattr(os, "O_NOFOLLOW", 0)
        descriptor = os.open(text, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        raise _open_error(err, text, what) from err
    try:
        info = os.fstat(descriptor)  # the file may have been swapped between stat and open
        _refuse_special(info.st_mode, name, what)
        _refuse_large(info.st_size, max_bytes, name, what)
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        stream = os.fdopen(descriptor, "rb", buffering=0)
    except BaseException:
        os.close(descriptor)
        raise
    with stream:
        yield stream, info.st_size


def read_bounded(stream: BinaryIO, max_bytes: int, name: str, what: str, prefix: bytes = b"") -> bytes:
    """The rest of a stream after `prefix`, refusing it once more than max_bytes in all (a file that grows)."""
    parts = [prefix] if prefix else []
    total = len(prefix)
    while True:
        try:
            chunk = stream.read(min(READ_CHUNK, max_bytes + 1 - total))
        except OSError as err:
            raise FileRefused(f"{quoted(name)} could not be read ({err.strerror or err}).", "unreadable") from err
        if not chunk:
            return b"".join(parts)
        parts.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            _refuse_large(total, max_bytes, name, what)


def read_regular_file(
    path: str | os.PathLike[str], max_bytes: int, what: str = "a file", follow_symlinks: bool = True
) -> bytes:
    """The bytes of a regular file of at most max_bytes; FileRefused (with a plain message) for anything else."""
    with open_regular_file(path, max_bytes, what, follow_symlinks) as (stream, _size):
        return read_bounded(stream, max_bytes, display_name(path), what)


# ------------------------------------------------------------------------------------------------- saving


def save_error_message(err: OSError, path: str | os.PathLike[str]) -> SaveError:
    """An OSError from a save turned into a SaveError saying what went wrong in the user's terms."""
    file = Path(path)
    name = quoted(file.name or str(file))
    code = err.errno
    if code == errno.ENOSPC or code == getattr(errno, "EDQUOT", -1):
        return SaveError(f"The disk is full: could not save {name}.", "disk-full")
    if code == errno.EROFS:
        return SaveError(f"{name} is in a read-only folder ({file.parent}); choose another folder.", "read-only")
    if isinstance(err, PermissionError):
        return SaveError(f"Could not save {name}: permission denied in the folder {file.parent}.", "permission")
    if isinstance(err, FileNotFoundError) or code == errno.ENOTDIR:
        return SaveError(f"Could not save {name}: the folder {quoted(str(file.parent))} does not exist.", "no-folder")
    if isinstance(err, IsADirectoryError):
        return SaveError(f"Could not save {name}: there is a folder of that name.", "unwritable")
    if code == errno.ENAMETOOLONG:
        return SaveError(f"Could not save {name[:80]}…: the name is too long.", "unwritable")
    return SaveError(f"Could not save {name}: {err.strerror or err}.", "unwritable")


def _fsync_folder(folder: Path) -> None:
    """Makes a rename in `folder` durable (POSIX); a no-op where folders cannot be opened (Windows)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(descriptor)
    finally:
        os.close(descriptor)


def atomic_write(path: str | os.PathLike[str], content: bytes | Callable[[BinaryIO], None]) -> Path:
    """Writes `content` (bytes, or a function writing to a binary stream) to `path` atomically: the target is either
    the previous file or the complete new one, never half a file, and no symlink is followed. SaveError says why a
    save failed; the previous file is then intact."""
    file = Path(path)
    folder = file.parent if str(file.parent) else Path(".")
    if file.is_dir():
        raise SaveError(f"Could not save {quoted(file.name)}: there is a folder of that name.", "unwritable")
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{file.name[:80]}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise save_error_message(err, file) from err
    try:
        with os.fdopen(descriptor, "wb") as stream:
            if isinstance(content, bytes | bytearray | memoryview):
                stream.write(content)
            else:
                content(stream)
            stream.flush()
            os.fsync(stream.fileno())
        _keep_permissions(file, temporary)
        os.replace(temporary, file)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise save_error_message(err, file) from err
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _fsync_folder(folder)
    return file


def _keep_permissions(file: Path, temporary: str) -> None:
    """The new file gets the old file's permission bits, or the usual ones (mkstemp makes it private)."""
    try:
        mode = stat.S_IMODE(os.stat(file).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    with contextlib.suppress(OSError):
        os.chmod(temporary, mode)


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether two paths name the same existing file (hard links and symlinks included)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def refuse_overwriting_inputs(out: str | os.PathLike[str], inputs: list[str | os.PathLike[str]]) -> None:
    """SaveError when `out` is one of the files a command reads (its source photo, the experiment, ...)."""
    for source in inputs:
        if same_file(out, source):
            raise SaveError(
                f"{quoted(display_name(out))} is one of this command's input files; it is never overwritten. "
                "Choose another name for the output.",
                "input",
            )


def is_inside(path: str | os.PathLike[str], folder: str | os.PathLike[str]) -> bool:
    """Whether `path` (symlinks resolved) lies in `folder` or below it."""
    try:
        resolved, base = Path(path).resolve(), Path(folder).resolve()
    except (OSError, RuntimeError, ValueError):
        return False
    return resolved == base or base in resolved.parents
