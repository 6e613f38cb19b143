"""The core never imports Qt: every desktop_app.core module imports in a process where PySide6 is blocked."""

import subprocess
import sys
from pathlib import Path

import desktop_app.core

CHECK = """
import importlib, pkgutil, sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'PyQt5', 'PyQt6', 'shiboken6'):
            raise ImportError('core imported Qt: ' + name)
sys.meta_path.insert(0, Block())
import desktop_app.core as core
names = [m.name for m in pkgutil.iter_modules(core.__path__)]
for name in names:
    importlib.import_module('desktop_app.core.' + name)
print(len(names))
"""


def test_every_core_module_imports_without_qt():
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    modules = len(list(Path(desktop_app.core.__file__).parent.glob("*.py"))) - 1
    assert int(result.stdout.strip()) == modules
