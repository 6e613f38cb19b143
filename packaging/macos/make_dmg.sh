#!/usr/bin/env bash
# Wraps "dist/Classifier Explorer.app" in a compressed disk image with an Applications shortcut (drag to install).
#   packaging/macos/make_dmg.sh   ->  dist/classifier-explorer-<version>-macos-<arch>.dmg
set -euo pipefail
cd "$(dirname "$0")/../.."
APP="dist/Classifier Explorer.app"
[ -d "$APP" ] || { echo "error: build the app first (packaging/macos/build_app.sh)" >&2; exit 2; }
VERSION=$(sed -n 's/^version *= *"\(.*\)"/\1/p' pyproject.toml | head -1)
ARCH=$(lipo -archs "$APP/Contents/MacOS/classifier-explorer" | tr ' ' '+')
MIN=$(/usr/libexec/PlistBuddy -c 'Print :LSMinimumSystemVersion' "$APP/Contents/Info.plist")
DMG="dist/classifier-explorer-$VERSION-macos$MIN-$ARCH.dmg"
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
ditto "$APP" "$STAGE/Classifier Explorer.app"
ln -s /Applications "$STAGE/Applications"
rm -f "$DMG"
hdiutil create -volname "Classifier Explorer" -srcfolder "$STAGE" -fs HFS+ -format UDZO -imagekey zlib-level=9 "$DMG"
if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  codesign --force --timestamp --sign "$CODESIGN_IDENTITY" "$DMG"
fi
echo "built $DMG: $(du -h "$DMG" | cut -f1)"
