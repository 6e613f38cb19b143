#!/usr/bin/env bash
# Builds "dist/Classifier Explorer.app" on a Mac, checks it, and (optionally) signs and notarizes it.
#
#   packaging/macos/build_app.sh            macOS 14+ on Apple Silicon (current ONNX Runtime / OpenCV 5)
#   LEGACY=1 packaging/macos/build_app.sh   macOS 13+, Intel or Apple Silicon (onnxruntime 1.23.2, OpenCV 4.12);
#                                           build on the architecture you ship (an Intel Mac for Intel Macs)
# Optional: CODESIGN_IDENTITY="Developer ID Application: …" signs with the hardened runtime;
#           NOTARY_PROFILE=<notarytool keychain profile> also notarizes and staples (needs the identity).
# Then: packaging/macos/make_dmg.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON=${PYTHON:-python3.11}
if [ "${LEGACY:-0}" = 1 ]; then
  VENV=.venv-dist-legacy REQUIREMENTS=packaging/requirements-dist-macos-legacy.txt
  export CE_MACOS_MIN=13.0
else
  VENV=.venv-dist REQUIREMENTS=packaging/requirements-dist.txt
  export CE_MACOS_MIN=14.0
fi
APP="dist/Classifier Explorer.app"

if [ ! -x "$VENV/bin/pyinstaller" ]; then
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --upgrade pip
  "$VENV/bin/python" -m pip install -r "$REQUIREMENTS"
fi
rm -rf "$APP" dist/classifier-explorer
"$VENV/bin/pyinstaller" --noconfirm --clean packaging/classifier-explorer.spec
echo "built $APP: $(du -sh "$APP" | cut -f1), minimum macOS $CE_MACOS_MIN, $(lipo -archs "$APP/Contents/MacOS/classifier-explorer")"

QT_QPA_PLATFORM=offscreen "$APP/Contents/MacOS/classifier-explorer" self-test

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  # Sign inside-out (every Mach-O), then the bundle, with the hardened runtime PyInstaller apps need.
  find "$APP/Contents" -type f \( -name '*.so' -o -name '*.dylib' -o -perm -u+x \) -print0 |
    xargs -0 -n 20 codesign --force --timestamp --options runtime \
      --entitlements packaging/macos/entitlements.plist --sign "$CODESIGN_IDENTITY"
  codesign --force --timestamp --options runtime --entitlements packaging/macos/entitlements.plist \
    --sign "$CODESIGN_IDENTITY" "$APP"
  codesign --verify --deep --strict --verbose=2 "$APP"
  if [ -n "${NOTARY_PROFILE:-}" ]; then
    ditto -c -k --keepParent "$APP" dist/notarize.zip
    xcrun notarytool submit dist/notarize.zip --keychain-profile "$NOTARY_PROFILE" --wait
    xcrun stapler staple "$APP"
    rm dist/notarize.zip
  fi
else
  echo "not signed (set CODESIGN_IDENTITY): users must right-click the app > Open the first time"
fi
