"""The report's CJK font, found through fontconfig (the charts, the PDFs and the build manifest use the same one)."""

from __future__ import annotations

import subprocess
from pathlib import Path

CJK_FAMILY = "Noto Sans CJK SC"
FONT_PACKAGE = "fonts-noto-cjk"


class MissingFontError(RuntimeError):
    pass


def cjk_font_path() -> Path:
    """The file of the CJK font, found through fontconfig (so no cache of matplotlib is trusted)."""
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", f"{CJK_FAMILY}:lang=zh-cn"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        found = ""
    path = Path(found)
    if not found or "CJK" not in path.name or not path.exists():
        raise MissingFontError(f"font {CJK_FAMILY!r} not found; install it with: apt-get install {FONT_PACKAGE}")
    return path
