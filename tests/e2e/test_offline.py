"""The app opens no network connection: the self-test and real GUI sessions run with sockets blocked, and pass,
without even importing a networking module (ssl, http.client, QtNetwork, ...).

Each command runs in a child Python whose `sitecustomize` (put first on PYTHONPATH) makes every IP socket connection
and DNS lookup fail and writes it to a log. Where strace is available, the same commands also run under
`strace -f -e trace=connect`, which also sees connections made by native code (Qt, ONNX Runtime, OpenCV).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]

BLOCKER = '''
"""Test-only: refuses every IP connection and DNS lookup, logging each attempt to $NETWORK_LOG."""
import atexit
import os
import socket
import sys

_LOG = os.environ["NETWORK_LOG"]
_connect, _connect_ex, _getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo


def _record(what):
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write(what + "\\n")
    return OSError(101, f"network blocked by the offline test: {what}")


def connect(self, address):
    if self.family == socket.AF_UNIX:
        return _connect(self, address)
    raise _record(f"connect {address!r}")


def connect_ex(self, address):
    if self.family == socket.AF_UNIX:
        return _connect_ex(self, address)
    raise _record(f"connect_ex {address!r}")


def getaddrinfo(host, *args, **kwargs):
    raise _record(f"getaddrinfo {host!r}")


socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = connect, connect_ex, getaddrinfo
socket.create_connection = lambda address, *a, **k: (_ for _ in ()).throw(_record(f"create_connection {address!r}"))


def _write_modules():
    with open(_LOG + ".modules", "w", encoding="utf-8") as out:
        out.write("\\n".join(sorted(sys.modules)))


atexit.register(_write_modules)
'''

# Modules that exist only to talk over a network; a session of the app must never import them.
NETWORK_MODULES = {
    "ssl",
    "http.client",
    "urllib.request",
    "ftplib",
    "smtplib",
    "xmlrpc.client",
    "PySide6.QtNetwork",
    "requests",
    "urllib3",
    "httpx",
    "aiohttp",
}


@pytest.fixture
def offline_env(tmp_path) -> tuple[dict[str, str], Path]:
    """An environment for a child Python with sockets blocked, its own HOME, offscreen; and the attempts log."""
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    log = tmp_path / "network.log"
    log.touch()
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(
        PYTHONPATH=os.pathsep.join([str(guard), str(ROOT)]),
        NETWORK_LOG=str(log),
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CACHE_HOME=str(home / ".cache"),
    )
    return env, log


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=180, cwd=ROOT)


def assert_offline(log: Path) -> None:
    """No connection was attempted and no networking module was even imported."""
    assert log.read_text() == "", log.read_text()
    imported = set(Path(f"{log}.modules").read_text().splitlines())
    assert "desktop_app" in imported  # the module list was written at exit
    assert imported.isdisjoint(NETWORK_MODULES), sorted(imported & NETWORK_MODULES)


def test_the_guard_really_blocks_and_records(offline_env):
    env, log = offline_env
    probe = (
        "import socket\n"
        "try:\n"
        "    socket.create_connection(('127.0.0.1', 9), timeout=1)\n"
        "except OSError as error:\n"
        "    print(error)"
    )
    result = run([sys.executable, "-c", probe], env)
    assert result.returncode == 0, result.stderr
    assert "network blocked by the offline test" in result.stdout
    assert "127.0.0.1" in log.read_text()


def test_self_test_passes_offline(offline_env):
    env, log = offline_env
    result = run([sys.executable, "-m", "desktop_app.selftest"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok    offline: no network connection was attempted" in result.stdout
    assert "self-test passed" in result.stdout
    assert_offline(log)


def test_gui_session_offline_screenshot(offline_env, tmp_path):
    env, log = offline_env
    out = tmp_path / "offline.png"
    result = run([sys.executable, "-m", "desktop_app", "screenshot", "--out", str(out)], env)
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert not image.isNull() and image.width() > 600
    assert_offline(log)


def test_desktop_app_starts_classifies_and_quits_offline(offline_env):
    env, log = offline_env
    result = run([sys.executable, "-m", "desktop_app", "--gui-exit-after-first-result"], env)
    assert result.returncode == 0, result.stderr
    assert "first result on screen after" in result.stdout
    assert "Traceback" not in result.stderr
    assert_offline(log)


def _strace_works() -> bool:
    if shutil.which("strace") is None:
        return False
    probe = subprocess.run(["strace", "-f", "-e", "trace=connect", "true"], capture_output=True, timeout=30)
    return probe.returncode == 0


@pytest.mark.skipif(not _strace_works(), reason="strace is missing or ptrace is not permitted here")
def test_no_process_connects_to_an_ip_address_even_from_native_code(offline_env, tmp_path):
    env, _log = offline_env
    trace = tmp_path / "connect.trace"
    command = [sys.executable, "-m", "desktop_app", "--gui-exit-after-first-result"]
    result = run(["strace", "-f", "-qq", "-e", "trace=connect", "-o", str(trace), *command], env)
    assert result.returncode == 0, result.stderr
    calls = trace.read_text()
    ip_connects = [line for line in calls.splitlines() if re.search(r"sa_family=AF_INET6?\b", line)]
    assert ip_connects == [], "\n".join(ip_connects)


def _socket_calls(trace: Path) -> list[str]:
    """Every socket() or connect() call in an strace log that is not a local (AF_UNIX) one."""
    calls = [line for line in trace.read_text().splitlines() if re.search(r"\b(socket|connect)\(", line)]
    return [line for line in calls if "AF_UNIX" not in line and "AF_LOCAL" not in line]


@pytest.mark.skipif(not _strace_works(), reason="strace is missing or ptrace is not permitted here")
@pytest.mark.parametrize(
    "command",
    [
        ["classify", str(ROOT / "resources" / "samples" / "cat.png"), "--json"],
        ["explain", str(ROOT / "resources" / "samples" / "cat.png"), "--method", "rise", "--masks", "200"],
    ],
    ids=["classify", "explain-rise"],
)
def test_cli_opens_no_socket_and_writes_no_telemetry(offline_env, tmp_path, command):
    env, _log = offline_env
    trace = tmp_path / "socket.trace"
    strace = ["strace", "-f", "-qq", "-e", "trace=socket,connect", "-o", str(trace)]
    result = run([*strace, sys.executable, "-m", "desktop_app", *command], env)
    assert result.returncode == 0, result.stderr
    assert _socket_calls(trace) == []
    home = Path(env["HOME"])
    assert not (home / ".cache" / "Microsoft").exists()  # onnxruntime's deviceid and onnxruntime.db
    assert sorted(p.relative_to(home).as_posix() for p in home.rglob("*")) == []


def test_telemetry_is_disabled_before_onnxruntime_loads():
    probe = "import desktop_app, os, sys; print(os.environ['ORT_DISABLE_TELEMETRY'], 'onnxruntime' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.stdout.split() == ["1", "False"]


WINDOW_SESSION = [sys.executable, str(ROOT / "tools" / "soak.py"), "--ops", "60", "--switches", "2", "--map"]


@pytest.mark.skipif(not _strace_works(), reason="strace is missing or ptrace is not permitted here")
@pytest.mark.parametrize("platform", ["offscreen", "xvfb"])
def test_a_window_session_opens_no_socket_but_the_display_s(offline_env, tmp_path, platform, request):
    """A scripted session in the window (open a photo, 60 edits, undo and redo, two model switches with their test
    runs in child processes, an occlusion map) under strace: every socket is a local one (the X server, D-Bus)."""
    env, log = offline_env
    if platform == "xvfb":
        env = {**env, "QT_QPA_PLATFORM": "xcb", "DISPLAY": request.getfixturevalue("x_display")}
    trace = tmp_path / "socket.trace"
    strace = ["strace", "-f", "-qq", "-e", "trace=socket,connect", "-o", str(trace)]
    result = run([*strace, *WINDOW_SESSION], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert '"map_done": true' in result.stdout and '"switch": 2' in result.stdout
    assert _socket_calls(trace) == []
    assert log.read_text() == ""
    home = Path(env["HOME"])
    assert sorted(p.relative_to(home).as_posix() for p in home.rglob("*")) == []  # no telemetry, no stray files
    if platform == "xvfb":
        assert re.search(r"connect\(\d+, \{sa_family=AF_UNIX, sun_path=@?\"/tmp/\.X11-unix/X", trace.read_text())


@pytest.mark.skipif(not _strace_works(), reason="strace is missing or ptrace is not permitted here")
def test_the_strace_check_sees_a_socket_opened_by_any_process(offline_env, tmp_path):
    env, _log = offline_env
    trace = tmp_path / "socket.trace"
    opener = "import socket, subprocess, sys; socket.socket(socket.AF_INET6, socket.SOCK_DGRAM).close()"
    child = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {opener!r}], check=True)"
    result = run(
        ["strace", "-f", "-qq", "-e", "trace=socket,connect", "-o", str(trace), sys.executable, "-c", child], env
    )
    assert result.returncode == 0, result.stderr
    assert [line for line in _socket_calls(trace) if "AF_INET6" in line]  # in a child process: -f follows it
