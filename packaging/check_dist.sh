#!/usr/bin/env bash
# Checks a frozen build the way a user's machine runs it:
#   1. `self-test` offscreen (no display), with no network syscall (strace, when present);
#   2. `self-test` on a real X server (Xvfb, Qt's xcb platform plugin and its system libraries);
#   3. the launch time: process start to the first classified sample on screen, under Xvfb (3 runs).
#
#   packaging/check_dist.sh [dist/classifier-explorer/classifier-explorer]
set -euo pipefail
cd "$(dirname "$0")/.."
EXE=${1:-dist/classifier-explorer/classifier-explorer}
[ -x "$EXE" ] || { echo "error: no frozen app at $EXE (make dist)" >&2; exit 2; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"; [ -n "${XVFB_PID:-}" ] && kill "$XVFB_PID" 2>/dev/null || true' EXIT
export HOME=$OUT/home XDG_CONFIG_HOME=$OUT/home/.config XDG_DATA_HOME=$OUT/home/.local/share  # no user state
mkdir -p "$HOME"

echo "== self-test, offscreen: $EXE"
started=$SECONDS
if command -v strace >/dev/null && strace -f -qq -e trace=connect -o /dev/null true 2>/dev/null; then
  env -u DISPLAY -u WAYLAND_DISPLAY QT_QPA_PLATFORM=offscreen \
    strace -f -qq -e trace=connect -o "$OUT/connect.trace" "$EXE" self-test
  if grep -E 'sa_family=AF_INET6?\b' "$OUT/connect.trace"; then
    echo "FAIL: the frozen app tried to connect to the network (above)" >&2
    exit 1
  fi
  echo "strace: no connect() to any IP address"
else
  env -u DISPLAY -u WAYLAND_DISPLAY QT_QPA_PLATFORM=offscreen "$EXE" self-test
fi
echo "offscreen self-test took $((SECONDS - started)) s (whole process)"

if ! command -v Xvfb >/dev/null; then
  bash tools/ensure_test_deps.sh
fi
if ! command -v Xvfb >/dev/null; then
  echo "SKIP: Xvfb is not installed and could not be installed: no real-display check" >&2
  exit 0
fi
for number in $(seq 71 99); do
  [ -e "/tmp/.X11-unix/X$number" ] || [ -e "/tmp/.X$number-lock" ] || break
done
Xvfb ":$number" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
XVFB_PID=$!
for _ in $(seq 100); do [ -e "/tmp/.X11-unix/X$number" ] && break; sleep 0.1; done
export DISPLAY=:$number QT_QPA_PLATFORM=xcb

echo
echo "== self-test on Xvfb ($DISPLAY, xcb)"
"$EXE" self-test | tee "$OUT/xvfb.txt"
grep -q '^ok    qt platform: xcb' "$OUT/xvfb.txt" || { echo "FAIL: the self-test did not run on xcb" >&2; exit 1; }

echo
echo "== launch time under Xvfb"
python3 packaging/linux/launch_time.py "$EXE" --runs 3
