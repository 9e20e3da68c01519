"""Hostile strings every renderer of residents' text must show as plain text."""

SCRIPT = "<script>window.__xss=1</script>"
IMG = '<img src=x onerror="window.__xss=1">'
JS_URL = "javascript:window.__xss=1"
MARKDOWN_LINK = "[klik](javascript:window.__xss=1) ![x](http://evil.example/x.png)"
RTL = "\u202eغبي\u202c مرحبا بالعالم"  # with an override that must be dropped
EMOJI = "Fietsen 🚲👩‍👩‍👧 🇧🇪"
QUOTES = "\"'><svg onload=window.__xss=1>"

ALL = (SCRIPT, IMG, JS_URL, MARKDOWN_LINK, RTL, EMOJI, QUOTES)
