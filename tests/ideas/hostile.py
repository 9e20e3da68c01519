"""The hostile corpus under its former name ``ideas.hostile``; it lives in ``tests/hostile.py``."""

from hostile import ALL, EMOJI, IMG, JS_URL, MARKDOWN_LINK, QUOTES, RTL, SCRIPT

__all__ = ["ALL", "EMOJI", "IMG", "JS_URL", "MARKDOWN_LINK", "QUOTES", "RTL", "SCRIPT"]
