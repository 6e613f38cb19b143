#!/usr/bin/env bash
# CI, after `make test`: builds the frozen app, the tarball and the .deb, and checks them
# (self-test offscreen and under Xvfb, launch time, and the .deb in a fresh Debian). ~6 minutes on 2 cores.
set -uo pipefail
cd "$(dirname "$0")/.."
passed=0 failed=0 started=$SECONDS
step() {  # step NAME COMMAND...: runs one check and counts it
  local name=$1 t=$SECONDS
  shift
  echo
  echo "######## $name"
  if "$@"; then
    passed=$((passed + 1)); echo "######## $name: passed in $((SECONDS - t)) s"
  else
    failed=$((failed + 1)); echo "######## $name: FAILED after $((SECONDS - t)) s"
  fi
}
step "build: one-folder app, tarball, .deb" bash packaging/build_dist.sh all
if [ -x dist/classifier-explorer/classifier-explorer ]; then
  step "frozen app: self-test offscreen and on Xvfb, launch time" bash packaging/check_dist.sh
fi
deb=$(ls dist/classifier-explorer_*_amd64.deb 2>/dev/null | tail -1)
if [ -n "$deb" ] && [ "$(id -u)" = 0 ]; then
  step ".deb in a fresh Debian" bash packaging/check_deb_install.sh "$deb"
fi
echo
ls -l dist/*.tar.gz dist/*.deb 2>/dev/null || true
echo "packaging took $((SECONDS - started)) s"
echo "packaging: $passed passed, $failed failed"
[ "$failed" = 0 ]
