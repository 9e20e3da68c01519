"""Wijkwerf analysis core: pure Python, usable from the app, the CLI, tests and notebooks.

This package never imports streamlit.
"""

__version__ = "0.1.0"
