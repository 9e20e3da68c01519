"""Hostile strings every renderer of residents' text must show as plain text.

The one corpus of the test suite: import the strings from here (``from hostile import
SCRIPT``; ``tests/`` is on the import path), or take the ``hostile_text`` fixture of
``tests/conftest.py`` to run a test once per string.
"""

SCRIPT = "<script>window.__xss=1</script>"
IMG = '<img src=x onerror="window.__xss=1">'
JS_URL = "javascript:window.__xss=1"
MARKDOWN_LINK = "[klik](javascript:window.__xss=1) ![x](http://evil.example/x.png)"
RTL = "\u202eغبي\u202c مرحبا بالعالم"  # with an override that must be dropped
EMOJI = "Fietsen 🚲👩‍👩‍👧 🇧🇪"
QUOTES = "\"'><svg onload=window.__xss=1>"

BY_NAME = {"script": SCRIPT, "img": IMG, "js_url": JS_URL, "markdown_link": MARKDOWN_LINK, "rtl": RTL,
           "emoji": EMOJI, "quotes": QUOTES}
ALL = tuple(BY_NAME.values())
