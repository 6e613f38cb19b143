#!/usr/bin/env bash
# The "fresh Debian" check: bootstraps a minimal Debian into a folder (debootstrap, no Docker needed), installs the
# .deb there with `apt-get install ./file.deb` (Depends only, no Recommends), and checks that
#   1. every bundled library resolves (ldd: nothing "not found"), i.e. the Depends list is complete;
#   2. the installed `classifier-explorer self-test` passes offscreen and Qt's xcb plugin can load;
#   3. the self-test passes again on a real X server (Xvfb, installed after steps 1-2 so it cannot mask a gap);
#   4. the menu entry and icons are installed, and `apt-get remove` leaves /opt/classifier-explorer empty.
#
#   sudo packaging/check_deb_install.sh [dist/classifier-explorer_VERSION_amd64.deb]
#
# Needs root (debootstrap, chroot, mount namespaces) and the Debian package mirror. Environment:
#   SUITE=bookworm (the Debian release to test), MIRROR=http://deb.debian.org/debian, KEEP=1 keeps the root folder.
set -euo pipefail
cd "$(dirname "$0")/.."

DEB=${1:-$(ls dist/classifier-explorer_*_amd64.deb 2>/dev/null | tail -1)}
SUITE=${SUITE:-bookworm}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
[ -f "$DEB" ] || { echo "error: no .deb given and none in dist/ (make deb)" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "error: run as root (debootstrap and chroot need it)" >&2; exit 2; }
if ! command -v debootstrap >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
fi

ROOT=$(mktemp -d /tmp/deb-check.XXXXXX)
cleanup() { [ "${KEEP:-0}" = 1 ] && echo "kept $ROOT" || rm -rf "$ROOT"; }
trap cleanup EXIT
started=$SECONDS

echo "== debootstrap --variant=minbase $SUITE into $ROOT"
if ! debootstrap --variant=minbase "$SUITE" "$ROOT" "$MIRROR" >"$ROOT.log" 2>&1; then
  echo "debootstrap failed; trying once more (a mirror hiccup should not fail CI)"
  rm -rf "$ROOT" && mkdir -p "$ROOT"
  debootstrap --variant=minbase "$SUITE" "$ROOT" "$MIRROR" >"$ROOT.log" 2>&1 || { tail -20 "$ROOT.log"; exit 1; }
fi
rm -f "$ROOT.log"
bootstrapped=$SECONDS
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
cp "$DEB" "$ROOT/tmp/"
name=$(basename "$DEB")

cat > "$ROOT/tmp/check.sh" <<EOF
#!/bin/sh
set -eu
export DEBIAN_FRONTEND=noninteractive HOME=/root LC_ALL=C.UTF-8 PATH=/usr/sbin:/usr/bin:/sbin:/bin
echo 'APT::Sandbox::User "root";' > /etc/apt/apt.conf.d/99no-sandbox  # a chroot has no _apt user namespace
step() { printf '\n== %s (%ss)\n' "\$1" "\$(( \$(date +%s) - t0 ))"; }
t0=\$(date +%s)
step "apt-get install ./$name"
apt-get update -qq
apt-get install -y -qq --no-install-recommends ./tmp/$name >/tmp/apt.log 2>&1 || { tail -30 /tmp/apt.log; exit 1; }
echo "installed: \$(dpkg-query -W -f='\${Package} \${Version}, \${Installed-Size} KB' classifier-explorer)"

step "ldd of every bundled library"
# The frozen app's bootloader puts _internal/ on the library path; so does this check.
missing=\$(find /opt/classifier-explorer -name '*.so*' -type f \\
  -exec env LD_LIBRARY_PATH=/opt/classifier-explorer/_internal ldd {} + 2>/dev/null | grep 'not found' | sort -u || true)
if [ -n "\$missing" ]; then echo "FAIL: unresolved libraries:"; echo "\$missing"; exit 1; fi
echo "all bundled libraries resolve"

step "classifier-explorer self-test (offscreen)"
env -u DISPLAY QT_QPA_PLATFORM=offscreen classifier-explorer self-test | tee /tmp/self-test.txt
grep -q '^ok    xcb platform plugin' /tmp/self-test.txt || { echo "FAIL: the xcb plugin cannot load"; exit 1; }

step "desktop entry and icons"
test -f /usr/share/applications/classifier-explorer.desktop
test -f /usr/share/icons/hicolor/256x256/apps/classifier-explorer.png
test -x /usr/bin/classifier-explorer
echo "menu entry, icons and launcher are installed"

step "self-test on a real X server (Xvfb)"
apt-get install -y -qq --no-install-recommends xvfb xauth >/tmp/apt-xvfb.log 2>&1 || { tail -20 /tmp/apt-xvfb.log; exit 1; }
Xvfb :42 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=\$!
i=0; while [ ! -e /tmp/.X11-unix/X42 ] && [ \$i -lt 100 ]; do sleep 0.1; i=\$((i + 1)); done
status=0
DISPLAY=:42 QT_QPA_PLATFORM=xcb classifier-explorer self-test | tee /tmp/self-test-x.txt || status=\$?
kill \$xvfb
[ \$status = 0 ] && grep -q '^ok    qt platform: xcb' /tmp/self-test-x.txt || { echo "FAIL: self-test under Xvfb"; exit 1; }

step "apt-get remove"
apt-get remove -y -qq classifier-explorer >/dev/null 2>&1
if [ -e /opt/classifier-explorer ] || [ -e /usr/bin/classifier-explorer ]; then echo "FAIL: files left behind"; exit 1; fi
echo "removed cleanly"
step "done"
EOF
chmod +x "$ROOT/tmp/check.sh"

echo "== installing $name in the fresh $SUITE and checking it"
# A private mount namespace: /proc and /dev mounts vanish with it, even if the check fails.
unshare --mount --propagation private --fork sh -c "
  mount -t proc proc '$ROOT/proc' && mount --bind /dev '$ROOT/dev' && mount -t tmpfs tmpfs '$ROOT/dev/shm' &&
  chroot '$ROOT' /tmp/check.sh"
echo
echo "PASS: $name installs in a fresh Debian $SUITE and its self-test passes" \
  "(debootstrap $((bootstrapped - started)) s, install and checks $((SECONDS - bootstrapped)) s, total $((SECONDS - started)) s)"
