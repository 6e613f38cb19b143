"""Safe reading and writing: special files refused at once, size limits before reading, atomic saves."""

from __future__ import annotations

import errno
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_app.core import safe_files
from desktop_app.core.safe_files import (
    FileRefused,
    SaveError,
    atomic_write,
    describe_size,
    is_inside,
    printable,
    read_regular_file,
    refuse_overwriting_inputs,
)

posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs, sockets and /dev exist on POSIX only")


def refused(path: Path | str, max_bytes: int = 2**20) -> FileRefused:
    started = time.perf_counter()
    with pytest.raises(FileRefused) as caught:
        read_regular_file(path, max_bytes, "an image file")
    assert time.perf_counter() - started < 5  # generous: the point is "not for ever"; the corpus measures
    return caught.value


def test_a_regular_file_is_read_whole(tmp_path):
    file = tmp_path / "a.bin"
    file.write_bytes(b"x" * 5000)
    assert read_regular_file(file, 5000) == b"x" * 5000


@posix_only
def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    error = refused(fifo)
    assert error.reason == "not-regular" and str(error) == "“pipe.png” is a pipe (FIFO), not an image file."


@posix_only
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_are_refused(device):
    if not os.path.exists(device):
        pytest.skip(f"{device} is missing")
    error = refused(device)
    assert error.reason == "not-regular" and "is a device" in str(error)


@posix_only
def test_a_symlink_to_a_device_is_refused(tmp_path):
    link = tmp_path / "photo.jpg"
    link.symlink_to("/dev/zero")
    assert refused(link).reason == "not-regular"


@posix_only
def test_a_socket_is_refused(tmp_path):
    path = tmp_path / "s.sock"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        assert "socket" in str(refused(path))
    finally:
        server.close()


def test_a_folder_is_refused(tmp_path):
    assert str(refused(tmp_path)) == f"“{tmp_path.name}” is a folder, not an image file."


def test_the_size_limit_applies_before_reading_even_to_sparse_files(tmp_path):
    sparse = tmp_path / "sparse.png"
    with sparse.open("wb") as stream:
        stream.truncate(511 * 2**20)
    error = refused(sparse, 256 * 2**20)
    assert error.reason == "too-large"
    assert str(error) == "“sparse.png” is too large to open as an image file (511 MB; the limit is 256 MB)."


def test_missing_file_and_too_long_name(tmp_path):
    assert refused(tmp_path / "gone.png").reason == "not-found"
    assert refused(tmp_path / ("x" * 10_000)).reason == "not-found"


def test_describe_size():
    assert [describe_size(n) for n in (12, 2048, 3 * 2**20 + 2**19, 2**31)] == ["12 bytes", "2 KB", "3.5 MB", "2 GB"]


def test_atomic_write_replaces_the_file_and_leaves_nothing_else(tmp_path):
    target = tmp_path / "map.npy"
    target.write_bytes(b"old")
    atomic_write(target, b"new")
    atomic_write(target, lambda stream: stream.write(b"newer"))
    assert target.read_bytes() == b"newer"
    assert [p.name for p in tmp_path.iterdir()] == ["map.npy"]


@posix_only
def test_atomic_write_never_follows_a_symlink(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = outside / "victim.txt"
    victim.write_text("precious")
    folder = tmp_path / "chosen"
    folder.mkdir()
    # the old fixed temporary names, and the target itself, planted as symlinks to the victim
    for name in (".out.png.partial", ".out.png.saving", "out.png"):
        (folder / name).symlink_to(victim)
    atomic_write(folder / "out.png", b"picture")
    assert victim.read_text() == "precious"
    assert not (folder / "out.png").is_symlink() and (folder / "out.png").read_bytes() == b"picture"


@pytest.mark.parametrize(
    ("code", "reason", "message"),
    [
        (errno.ENOSPC, "disk-full", "The disk is full: could not save “out.png”."),
        (errno.EROFS, "read-only", "“out.png” is in a read-only folder"),
        (errno.EACCES, "permission", "Could not save “out.png”: permission denied"),
    ],
)
def test_a_failed_save_keeps_the_previous_file(tmp_path, monkeypatch, code, reason, message):
    target = tmp_path / "out.png"
    target.write_bytes(b"previous good file")

    def fail(*_args: object) -> None:
        raise (PermissionError if code == errno.EACCES else OSError)(code, os.strerror(code))

    monkeypatch.setattr(safe_files.os, "fsync", fail)
    with pytest.raises(SaveError) as caught:
        atomic_write(target, b"x" * 100_000)
    assert caught.value.reason == reason and str(caught.value).startswith(message)
    assert "Errno" not in str(caught.value)
    assert target.read_bytes() == b"previous good file"
    assert [p.name for p in tmp_path.iterdir()] == ["out.png"]


def test_a_missing_folder_is_named(tmp_path):
    with pytest.raises(SaveError, match="does not exist") as caught:
        atomic_write(tmp_path / "nope" / "out.png", b"x")
    assert caught.value.reason == "no-folder"


def test_inputs_are_never_overwritten(tmp_path):
    photo = tmp_path / "cat.png"
    photo.write_bytes(b"cat")
    (tmp_path / "sub").mkdir()
    outs = [photo, tmp_path / "sub" / ".." / "cat.png"]
    if os.name == "posix":
        (tmp_path / "link.png").symlink_to(photo)
        outs.append(tmp_path / "link.png")
    for out in outs:
        with pytest.raises(SaveError, match="input files; it is never overwritten"):
            refuse_overwriting_inputs(out, [tmp_path / "exp.json", photo])
    refuse_overwriting_inputs(tmp_path / "other.png", [photo])


def test_is_inside(tmp_path):
    assert is_inside(tmp_path / "a" / "b.png", tmp_path)
    assert not is_inside(tmp_path / ".." / "b.png", tmp_path)
    assert not is_inside("/etc/passwd", tmp_path)


def test_printable_replaces_control_characters_and_keeps_the_rest():
    title = "\x1b[2J\x1b]0;pwned\x07cleared"
    assert printable(f"label {title}") == "label ?[2J?]0;pwned?cleared"
    assert printable("Kätzchen \u202eevil\u202c 猫") == "Kätzchen ?evil? 猫"
    assert printable("one\ntwo\r") == "one?two?" and printable("one\ntwo\r", keep_newlines=True) == "one\ntwo?"


KILLED_WRITER = """if True:
    import sys
    from desktop_app.core.safe_files import atomic_write
    target, contents = sys.argv[1], [bytes([byte]) * (8 * 2**20) for byte in b"bc"]
    print("writing", flush=True)
    for round in range(10_000):
        atomic_write(target, contents[round % 2])
"""


@posix_only
@pytest.mark.parametrize("delay_s", [0.05, 0.13, 0.21, 0.37])
def test_kill_9_during_saves_leaves_a_whole_file(tmp_path, delay_s):
    """A process killed at any moment of a save (power lost, the system out of memory) leaves the previous file or
    the new one, whole: never half a file."""
    target = tmp_path / "experiment.json"
    target.write_bytes(b"a" * 2**20)
    root = Path(__file__).resolve().parents[2]
    writer = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(target)], cwd=root, stdout=subprocess.PIPE)
    assert writer.stdout is not None and writer.stdout.readline() == b"writing\n"
    time.sleep(delay_s)  # a moment somewhere in a save: the data, the fsync, the rename
    writer.send_signal(signal.SIGKILL)
    assert writer.wait(10) == -signal.SIGKILL
    data = target.read_bytes()
    assert data in (b"a" * 2**20, b"b" * 8 * 2**20, b"c" * 8 * 2**20), (len(data), data[:1], data[-1:])
