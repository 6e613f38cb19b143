#!/usr/bin/env bash
# Builds the frozen one-folder app and its Linux packages.
#
#   packaging/build_dist.sh dist      dist/classifier-explorer/           (PyInstaller, one folder)
#   packaging/build_dist.sh tarball   dist/classifier-explorer-VERSION-linux-x86_64.tar.gz
#   packaging/build_dist.sh deb       dist/classifier-explorer_VERSION_amd64.deb
#   packaging/build_dist.sh all       all three
#
# VARIANT=gpu builds the CUDA variant instead (onnxruntime-gpu + NVIDIA's CUDA 13/cuDNN 9 wheels, ~3 GB) into
# dist/gpu/; the default (cpu) uses the CPU onnxruntime wheel. The build venv (.venv-dist or .venv-dist-gpu) is
# created from packaging/requirements-dist*.txt, never from the dev .venv (which holds onnxruntime-gpu).
set -euo pipefail
cd "$(dirname "$0")/.."

VARIANT=${VARIANT:-cpu}
PYTHON=${PYTHON:-python3}
NAME=classifier-explorer
MAX_DIST_MB=${MAX_DIST_MB:-450}  # issue 6: one-folder CPU build <= 450 MB unpacked
MAX_DEB_MB=${MAX_DEB_MB:-200}    # and the .deb <= 200 MB
case "$VARIANT" in
  cpu) VENV=.venv-dist REQUIREMENTS=packaging/requirements-dist.txt DIST=dist PACKAGE=$NAME ;;
  gpu) VENV=.venv-dist-gpu REQUIREMENTS=packaging/requirements-dist-gpu.txt DIST=dist/gpu PACKAGE=$NAME-cuda ;;
  *) echo "error: VARIANT must be cpu or gpu, not '$VARIANT'" >&2; exit 2 ;;
esac
APP=$DIST/$NAME
VERSION=$(sed -n 's/^version *= *"\(.*\)"/\1/p' pyproject.toml | head -1)
BUILD=build/packaging-$VARIANT

log() { printf '\n== %s\n' "$*"; }
mb() { du -sb "$1" | awk '{printf "%.1f", $1 / 1e6}'; }

ensure_venv() {
  local stamp=$VENV/.requirements-stamp want
  want=$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return; fi
  log "creating $VENV from $REQUIREMENTS"
  "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  "$VENV/bin/python" -m pip install --quiet -r "$REQUIREMENTS"
  echo "$want" > "$stamp"
}

build_dist() {
  ensure_venv
  log "PyInstaller ($VARIANT): $APP"
  local started=$SECONDS
  rm -rf "$APP" "$BUILD/pyinstaller"
  CE_VARIANT=$VARIANT "$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$BUILD/pyinstaller" packaging/classifier-explorer.spec
  local size
  size=$(mb "$APP")
  echo "built $APP in $((SECONDS - started)) s: $size MB unpacked ($(find "$APP" -type f | wc -l) files)"
  if [ "$VARIANT" = cpu ] && awk -v s="$size" -v m="$MAX_DIST_MB" 'BEGIN { exit !(s > m) }'; then
    echo "error: the one-folder CPU build is $size MB, over the $MAX_DIST_MB MB budget" >&2
    exit 1
  fi
}

require_dist() {
  [ -x "$APP/$NAME" ] || build_dist
}

# The libraries the bundle links to but does not carry must come from declared packages.
check_depends() {
  log "checking the .deb Depends against the bundle's ELF NEEDED entries"
  local needed bundled declared missing=0 lib path pkg
  needed=$(find "$APP" -type f \( -name '*.so*' -o -name "$NAME" \) -exec readelf -d {} + 2>/dev/null \
    | awk '/\(NEEDED\)/ { gsub(/[][]/, "", $5); print $5 }' | sort -u)
  bundled=$(find "$APP" -name '*.so*' -printf '%f\n' | sort -u)
  declared=" $(grep -v '^#' packaging/deb/depends.txt | tr '|' '\n' | awk '{print $1}' | tr '\n' ' ') "
  for lib in $(comm -23 <(echo "$needed") <(echo "$bundled")); do
    case $lib in ld-linux*|libc.so*|libm.so*|libdl.so*|libpthread.so*|librt.so*|libutil.so*) continue ;; esac
    path=$(ldconfig -p | awk -v n="$lib" '$1 == n && /x86-64/ { print $NF }' | head -1)
    if [ -z "$path" ]; then
      echo "  note: $lib is not installed here; packaging/check_deb_install.sh verifies it in a fresh Debian"
      continue
    fi
    pkg=$(dpkg -S "*/$lib" 2>/dev/null | head -1 | cut -d: -f1 || true)
    if [ -z "$pkg" ]; then
      echo "  note: $lib ($path) belongs to no Debian package here"
    elif [[ $declared != *" $pkg "* ]]; then
      echo "  error: $lib comes from $pkg, which packaging/deb/depends.txt does not declare" >&2
      missing=1
    fi
  done
  [ "$missing" = 0 ] || exit 1
  echo "every needed system library is declared"
}

install_desktop_files() {  # $1 = staging root, $2 = prefix (usr or ~/.local)
  local root=$1 size
  install -Dm644 packaging/deb/$NAME.desktop "$root/share/applications/$NAME.desktop"
  for size in 16 24 32 48 64 128 256 512; do
    install -Dm644 "resources/icons/app-$size.png" "$root/share/icons/hicolor/${size}x${size}/apps/$NAME.png"
  done
}

build_deb() {
  require_dist
  check_depends
  local stage=$BUILD/deb deb=$DIST/${PACKAGE}_${VERSION}_amd64.deb started=$SECONDS
  log "dpkg-deb: $deb"
  rm -rf "$stage" && mkdir -p "$stage/opt" "$stage/DEBIAN"
  cp -a "$APP" "$stage/opt/$NAME"
  install -Dm755 packaging/deb/launcher.sh "$stage/usr/bin/$NAME"
  install_desktop_files "$stage/usr"
  install -Dm644 packaging/deb/copyright "$stage/usr/share/doc/$PACKAGE/copyright"
  find "$stage" -type d -exec chmod 755 {} +
  local depends installed
  depends=$(grep -v '^#' packaging/deb/depends.txt | sed '/^\s*$/d' | paste -sd, - | sed 's/,/, /g')
  installed=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
  sed -e "s/@VERSION@/$VERSION/" -e "s/@INSTALLED_SIZE@/$installed/" -e "s/@DEPENDS@/$depends/" \
    packaging/deb/control.in > "$stage/DEBIAN/control"
  if [ "$VARIANT" = gpu ]; then  # same files in /opt: one or the other
    sed -i -e "s/^Package: .*/Package: $PACKAGE/" \
      -e "/^Depends:/a Conflicts: $NAME\nReplaces: $NAME\nProvides: $NAME" \
      -e "s/^Description: .*/&, CUDA build for NVIDIA GPUs/" "$stage/DEBIAN/control"
  fi
  # xz on all cores: ~140 s on 2 cores, 119 MB; readable by every dpkg (zstd -12 takes 13 s but gives 141 MB)
  dpkg-deb --root-owner-group -Zxz --threads-max="$(nproc)" --build "$stage" "$deb" >/dev/null
  rm -rf "$stage"
  local size
  size=$(mb "$deb")
  echo "built $deb in $((SECONDS - started)) s: $size MB (installs $((installed / 1024)) MB)"
  if [ "$VARIANT" = cpu ] && awk -v s="$size" -v m="$MAX_DEB_MB" 'BEGIN { exit !(s > m) }'; then
    echo "error: the .deb is $size MB, over the $MAX_DEB_MB MB budget" >&2
    exit 1
  fi
}

build_tarball() {
  require_dist
  local top=$NAME-$VERSION-linux-x86_64
  [ "$VARIANT" = gpu ] && top=$NAME-cuda-$VERSION-linux-x86_64
  local stage=$BUILD/tarball tarball=$DIST/$top.tar.gz started=$SECONDS
  log "tarball: $tarball"
  rm -rf "$stage" && mkdir -p "$stage/$top"
  cp -a "$APP" "$stage/$top/app"
  install -m755 packaging/linux/launcher.sh "$stage/$top/$NAME"
  install -m755 packaging/linux/install.sh "$stage/$top/install.sh"
  install -m644 packaging/deb/$NAME.desktop "$stage/$top/$NAME.desktop"
  install -m644 resources/icons/app-256.png "$stage/$top/$NAME.png"
  sed "s/@VERSION@/$VERSION/" packaging/linux/README.txt > "$stage/$top/README.txt"
  tar -C "$stage" -cf - "$top" | gzip -6 > "$tarball"
  rm -rf "$stage"
  echo "built $tarball in $((SECONDS - started)) s: $(mb "$tarball") MB"
}

case "${1:-dist}" in
  dist) build_dist ;;
  deb) build_deb ;;
  tarball) build_tarball ;;
  all) build_dist && build_tarball && build_deb ;;
  check-depends) require_dist && check_depends ;;
  *) echo "usage: $0 [dist|tarball|deb|all|check-depends]   (VARIANT=gpu for the CUDA build)" >&2; exit 2 ;;
esac
