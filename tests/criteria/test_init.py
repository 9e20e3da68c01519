"""The package's public face: every exported name exists, and streamlit is never imported."""

import re
import subprocess
import sys
from pathlib import Path

import wijk_core.criteria as criteria


def test_every_public_name_is_exported():
    assert sorted(criteria.__all__) == sorted(set(criteria.__all__))
    for name in criteria.__all__:
        assert hasattr(criteria, name), name


def test_error_codes_in_the_docstring_are_the_ones_raised():
    """The package docstring lists the codes for the catalogue; keep it in step with the code."""
    source = "".join(path.read_text(encoding="utf-8")
                     for path in Path(criteria.__file__).parent.glob("*.py")
                     if path.name != "__init__.py")
    raised = set(re.findall(r'"(errors\.[a-z_]+)"', source))
    listed = set(re.findall(r"``(errors\.[a-z_]+)``", criteria.__doc__))
    assert raised == listed


def test_importing_the_criteria_never_imports_streamlit():
    code = "import sys, wijk_core.criteria; print('streamlit' in sys.modules)"
    repo = Path(criteria.__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=repo)
    assert result.stdout.strip() == "False"
