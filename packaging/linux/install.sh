#!/bin/sh
# Adds Classifier Explorer from this folder to your applications menu (for you only, no root needed).
#   ./install.sh            add the menu entry and icon (the app stays in this folder: keep it where it is)
#   ./install.sh --remove   take them away again
set -eu
here=$(dirname "$(readlink -f "$0")")
data=${XDG_DATA_HOME:-$HOME/.local/share}
desktop=$data/applications/classifier-explorer.desktop
icon=$data/icons/hicolor/256x256/apps/classifier-explorer.png
if [ "${1:-}" = "--remove" ]; then
  rm -f "$desktop" "$icon"
  echo "removed the menu entry; delete $here to remove the app itself"
  exit 0
fi
mkdir -p "$(dirname "$desktop")" "$(dirname "$icon")"
cp "$here/classifier-explorer.png" "$icon"
sed -e "s|^Exec=.*|Exec=\"$here/classifier-explorer\" %f|" -e "s|^TryExec=.*|TryExec=$here/classifier-explorer|" \
  "$here/classifier-explorer.desktop" > "$desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data/applications" || true
echo "added Classifier Explorer to your applications menu ($desktop)"
echo "check the installation any time with: \"$here/classifier-explorer\" self-test"
