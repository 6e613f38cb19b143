#!/bin/sh
# Starts Classifier Explorer from this unpacked folder (any path, no installation needed).
here=$(dirname "$(readlink -f "$0")")
# Without these X libraries Qt aborts with a cryptic "could not load the Qt platform plugin" message: say it plainly.
if [ -n "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  ldconfig=$(command -v ldconfig || echo /sbin/ldconfig)
  missing=""
  for lib in libxcb-cursor.so.0 libxkbcommon-x11.so.0 libxcb-icccm.so.4 libxcb-keysyms.so.1 libEGL.so.1 libGL.so.1; do
    "$ldconfig" -p 2>/dev/null | grep -q "$lib" || missing="$missing $lib"
  done
  if [ -n "$missing" ]; then
    echo "Classifier Explorer: missing system libraries:$missing" >&2
    echo "  Debian/Ubuntu: sudo apt install libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libegl1 libgl1" >&2
    echo "  Fedora: sudo dnf install xcb-util-cursor libxkbcommon-x11 xcb-util-wm xcb-util-keysyms mesa-libEGL mesa-libGL" >&2
  fi
fi
exec "$here/app/classifier-explorer" "$@"
