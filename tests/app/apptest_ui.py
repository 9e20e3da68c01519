"""Helpers the page tests share: a button by its key, the Data section's upload form sent.

(Named ``apptest_ui`` because ``app`` is the entry point the tests run.)
"""

from __future__ import annotations

from typing import Any

from wijk_core.i18n import t


def button(at: Any, key: str) -> Any:
    """The button with this key (fails with the keys there are)."""
    found = [b for b in at.button if b.key == key]
    assert found, f"no button {key!r}: {[b.key for b in at.button]}"
    return found[0]


def send_uploads(at: Any, **uploads: Any) -> Any:
    """Choose files in the Data section's upload form (by uploader key) and send it."""
    for key, value in uploads.items():
        at.file_uploader(key=key).set_value(value)
    [submit] = [b for b in at.button if b.label == t("selection.upload_button", "nl")]
    submit.click()
    at.run()
    assert not at.exception, at.exception
    return at
