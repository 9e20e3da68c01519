"""Streamlit's own widget texts in the user's language.

Streamlit (1.67) writes a few words of its own in English, with no option to change them:
the file uploader's "Upload", "Drag and drop files here" and "200MB per file", a form
field's "Press Enter to submit form", a multiselect's "Select all", "No results" and
"Remove …" (the chips' labels for screen readers), "Show password", "Link to heading"…
A small script in the page replaces those exact texts (text nodes, ``aria-label``,
``title`` and ``placeholder``) as Streamlit draws them, from the ``streamlit.*`` messages
of the catalogue. Only whole texts that are Streamlit's are replaced, never part of a
user's text. What it cannot reach: the data grid (``st.dataframe``, ``st.data_editor``) draws
its cells and menus on a canvas; an open option list (a select box's or multiselect's "Select all", "No
results") is left alone, since changing its nodes breaks React Aria's filtering as one types; number inputs
keep Streamlit's decimal point (its format is printf's).
"""

from __future__ import annotations

import json

import streamlit as st

from wijk_core.i18n import t

from .state import lang

# Streamlit's English text → catalogue key; the keys' own English is Streamlit's text.
_EXACT = {
    "Press Enter to submit form": "press_enter_submit", "Press Enter to apply": "press_enter_apply",
    "Upload": "upload", "Add files": "add_files", "Drag and drop a file here": "drag_drop_one",
    "Drag and drop files here": "drag_drop_many", "Select all": "select_all", "No results": "no_results",
    "Choose an option": "choose_option", "Choose options": "choose_options", "No options to select": "no_options",
    "Clear all": "clear_all", "Clear value": "clear_value", "Clear entry": "clear_entry",
    "Show password": "show_password", "Hide password": "hide_password", "Link to heading": "link_to_heading",
    "Skip to main content": "skip_to_content",
    # the toolbar of a Plotly chart (its buttons' titles)
    "Zoom in": "zoom_in", "Zoom out": "zoom_out", "Zoom": "zoom", "Pan": "pan", "Autoscale": "autoscale",
    "Reset axes": "reset_axes", "Reset view": "reset_view", "Box Select": "box_select", "Lasso Select": "lasso_select",
    "Download plot as a PNG": "download_png", "Produced with Plotly.js": "plotly_credit",
    "Toggle Spike Lines": "spike_lines", "Show closest data on hover": "hover_closest",
    "Compare data on hover": "hover_compare",
}
# (pattern of Streamlit's text, catalogue key, the placeholder that receives the pattern's group)
_PATTERNS = (
    (r"^Press (⌘|Ctrl)\+Enter to submit form$", "press_key_enter_submit", "key"),
    (r"^Press (⌘|Ctrl)\+Enter to apply$", "press_key_enter_apply", "key"),
    (r"^(\d+(?:\.\d+)?) ?([KMGT]B) per file$", "per_file", "size"),
    (r"^Remove (.+)$", "remove", "name"),
    (r"^Help for (.+)$", "help_for", "name"),
)
_MARK = "\u0000"

_SCRIPT = """<script>
(function (words) {
  var state = window.parent.__wijkWords || (window.parent.__wijkWords = {});
  state.words = words;
  var doc = window.parent.document;
  var ATTRIBUTES = ["aria-label", "title", "placeholder"];
  var LISTS = "[role=listbox], [role=option]";
  function translate(text) {
    if (!text) { return null; }
    var trimmed = text.trim();
    if (Object.prototype.hasOwnProperty.call(state.words.exact, trimmed)) {
      return text.replace(trimmed, state.words.exact[trimmed]);
    }
    for (var i = 0; i < state.words.patterns.length; i++) {
      var found = trimmed.match(new RegExp(state.words.patterns[i][0]));
      if (found) {
        var groups = found.slice(1).filter(function (g) { return g !== undefined; });
        var value = groups.length > 1 ? groups.join("\\u00a0") : groups[0];
        return text.replace(trimmed, state.words.patterns[i][1].split(%(mark)s).join(value));
      }
    }
    return null;
  }
  function visit(node) {
    if (node.nodeType === 3) {
      if (node.parentElement && node.parentElement.closest(LISTS)) { return; }
      var original = node.__wijkOriginal || node.data;
      var shown = translate(original);
      if (shown === null) { shown = original; }
      if (node.data !== shown) { node.__wijkOriginal = original; node.data = shown; }
      return;
    }
    if (node.nodeType !== 1 || node.tagName === "SCRIPT" || node.tagName === "STYLE"
        || node.tagName === "TEXTAREA" || node.isContentEditable) { return; }
    // an open option list is React Aria's own: changing its nodes breaks filtering as one types
    if (node.matches(LISTS)) { return; }
    ATTRIBUTES.forEach(function (name) {
      if (!node.hasAttribute(name)) { return; }
      node.__wijkAttrs = node.__wijkAttrs || {};
      var current = node.getAttribute(name);
      if (node.__wijkAttrs[name] === undefined || node.__wijkAttrs[name].shown !== current) {
        node.__wijkAttrs[name] = {original: current, shown: current};
      }
      var shown = translate(node.__wijkAttrs[name].original);
      if (shown === null) { shown = node.__wijkAttrs[name].original; }
      if (shown !== current) {
        node.__wijkAttrs[name].shown = shown;
        node.setAttribute(name, shown);
      }
    });
    for (var child = node.firstChild; child; child = child.nextSibling) { visit(child); }
  }
  visit(doc.body);
  if (!state.observer) {
    state.observer = new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        if (change.type === "childList") { change.addedNodes.forEach(visit); } else { visit(change.target); }
      });
    });
    state.observer.observe(doc.body, {subtree: true, childList: true, characterData: true,
                                      attributes: true, attributeFilter: ATTRIBUTES});
  }
})(%(words)s);
</script>"""


def streamlit_words(code: str) -> dict[str, object]:
    """Streamlit's English texts and their translation in ``code``: ``exact`` texts and ``patterns``
    (a regular expression and its translation, the matched value marked by a NUL character)."""
    exact = {english: t(f"streamlit.{key}", code) for english, key in _EXACT.items()}
    patterns = [[pattern, t(f"streamlit.{key}", code, **{name: _MARK})] for pattern, key, name in _PATTERNS]
    return {"exact": {k: v for k, v in exact.items() if k != v}, "patterns": patterns}


def localise_streamlit() -> None:
    """Put the translating script in the page (in English too: it puts back what another language changed)."""
    code = lang()
    words = json.dumps(streamlit_words(code), ensure_ascii=False).replace("</", "<\\/")
    st.html(_SCRIPT % {"words": words, "mark": json.dumps(_MARK)}, unsafe_allow_javascript=True)


__all__ = ["localise_streamlit", "streamlit_words"]
