#!/usr/bin/env bash
# Installs what the test suite needs from Debian's packages when missing: Xvfb and the X libraries for the
# real-window tests, strace for the offline tests, tesseract (OCR) for the projector-mode legibility test, poppler's
# pdftoppm for the worksheet tests (they render the exported PDF's pages).
# Without root or apt-get it only warns: those tests then skip with the reason.
set -u
need=()
command -v Xvfb >/dev/null 2>&1 || need+=(xvfb)
command -v strace >/dev/null 2>&1 || need+=(strace)  # the offline tests watch native code's sockets with it
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
# Qt's xcb platform plugin needs these X libraries for a real window.
for lib in libxkbcommon-x11.so.0 libxcb-cursor.so.0 libxcb-icccm.so.4 libxcb-keysyms.so.1 libxcb-image.so.0 \
           libxcb-render-util.so.0 libxcb-shape.so.0 libxcb-xkb.so.1 libEGL.so.1 libfontconfig.so.1 libdbus-1.so.3; do
  ldconfig -p 2>/dev/null | grep -q "$lib" || need+=("$lib")
done
((${#need[@]})) || exit 0
pkgs=(xvfb libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
      libxcb-shape0 libxcb-xkb1 libegl1 libfontconfig1 libdbus-1-3 fonts-dejavu-core x11-apps strace
      tesseract-ocr poppler-utils)
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing test dependencies from Debian: ${pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null \
    || echo "warning: could not install ${pkgs[*]}; the Xvfb, OCR and PDF-page tests will skip"
else
  echo "warning: missing ${need[*]} and no root apt-get; the Xvfb, OCR and PDF-page tests will skip"
fi
exit 0
