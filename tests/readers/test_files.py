"""Opening sources: paths, bytes, uploads; size limits."""

from __future__ import annotations

import io

import pytest

from wijk_core.readers import FileError
from wijk_core.readers.files import load


def test_path_bytes_and_upload(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"x")
    assert load(path).path == path and load(path).name == "a.csv"
    assert load(b"x", "b.csv").data == b"x"
    upload = io.BytesIO(b"xyz")
    upload.read()  # a widget may have read it already
    upload.name = "/tmp/streamlit/c.csv"
    loaded = load(upload)
    assert (loaded.name, loaded.data) == ("c.csv", b"xyz")


def test_missing_empty_and_oversize(tmp_path):
    with pytest.raises(FileError) as caught:
        load(tmp_path / "nope.csv")
    assert caught.value.code == "errors.path_not_found"
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(FileError) as caught:
        load(tmp_path / "empty.csv")
    assert caught.value.code == "errors.file_empty"
    with pytest.raises(FileError) as caught:
        load(b"x" * 3 * 1024 * 1024, "big.csv", max_bytes=2 * 1024 * 1024)
    assert caught.value.params == {"filename": "big.csv", "size_mb": "3", "max_mb": "2"}


def test_other_objects_are_a_programming_error():
    with pytest.raises(TypeError):
        load(42)  # type: ignore[arg-type]
