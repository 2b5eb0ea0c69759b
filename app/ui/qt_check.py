"""Before a window opens: are the system libraries Qt's xcb platform plugin needs present?

On a minimal Debian or Ubuntu machine PySide6's wheels lack a few X11 helper libraries, and
Qt then stops with "Could not load the Qt platform plugin xcb".  This names the one
``apt-get`` command instead.  Run by ``make demo`` (``python -m app.ui.qt_check``); it does
not import Qt, and it says nothing when Qt will not use xcb (offscreen, minimal, Wayland).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

#: shared library (as ldd names it) -> Debian/Ubuntu package
PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
}


def missing_packages(ldd_output: str) -> list[str]:
    """The packages to install for the libraries ``ldd`` reports as not found, in order,
    each once (an unknown library is named as it is).

    >>> missing_packages("libxcb-icccm.so.4 => not found\\n libxcb-util.so.1 => /lib/x.so (0x1)\\n"
    ...                  "libxcb-keysyms.so.1 => not found\\nlibxcb-icccm.so.4 => not found")
    ['libxcb-icccm4', 'libxcb-keysyms1']
    """
    found = re.findall(r"^\s*(\S+)\s*=>\s*not found", ldd_output, re.M)
    return list(dict.fromkeys(PACKAGES.get(lib, lib) for lib in found))


def uses_xcb(env: dict[str, str]) -> bool:
    """Whether Qt will load the xcb plugin: an X display and no other platform chosen."""
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(":")[0] == "xcb"
    return bool(env.get("DISPLAY")) and not env.get("WAYLAND_DISPLAY")


def install_command(packages: list[str]) -> str:
    return "sudo apt-get install " + " ".join(packages)


def check() -> int:
    """0 when the window can open (or the check does not apply), else 1 with the command."""
    if not sys.platform.startswith("linux") or not uses_xcb(dict(os.environ)):
        return 0
    import importlib.util

    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.origin:
        return 0
    plugin = Path(spec.origin).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    if not plugin.exists():
        return 0
    try:
        out = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return 0
    packages = missing_packages(out)
    if not packages:
        return 0
    print(
        f"ariadne: Qt needs system libraries that are not installed; run: {install_command(packages)}",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(check())
