"""What every page needs to be usable with a screen reader and a keyboard, beyond what Streamlit gives.

Streamlit's own markup misses three things the pages need (WCAG 2.1 AA), set here once a run:

- the page's ``lang`` (Streamlit always says ``en``): the chosen language, so a screen
  reader speaks Dutch or French with the right voice;
- the page menu's list markup: Streamlit puts each section's header and links in a
  ``div`` inside the ``ul``; each section becomes a list of its own, labelled by its header;
- a text alternative for images (``st.image`` writes none): the image's caption.

and captions dark enough to read (Streamlit's grey is 3.9:1 on white; 4.5:1 is needed).
"""

from __future__ import annotations

import json

import streamlit as st

from .state import lang

_SCRIPT = """
<script>
(() => {
  const settings = %s;
  window.wijkPage = settings;
  const fix = () => {
    const s = window.wijkPage, doc = document;
    if (doc.documentElement.lang !== s.lang) doc.documentElement.lang = s.lang;
    if (doc.documentElement.dataset.wijkPage !== s.lang) doc.documentElement.dataset.wijkPage = s.lang;
    doc.querySelectorAll('[data-testid="stImage"] img:not([alt])').forEach((image) => {
      const caption = image.closest('[data-testid="stImage"]').querySelector('[data-testid="stImageCaption"]');
      image.setAttribute('alt', caption ? caption.textContent.trim() : '');
    });
    doc.querySelectorAll('[data-testid="stSidebarNavItems"]').forEach((list) => {
      if (list.getAttribute('role') !== 'none') list.setAttribute('role', 'none');
      Array.from(list.children).forEach((section, index) => {
        if (section.tagName === 'LI') return;
        const header = section.querySelector(':scope > header');
        if (section.getAttribute('role') !== 'list') section.setAttribute('role', 'list');
        if (header) {
          const id = 'wijk-nav-section-' + index;
          if (header.id !== id) header.id = id;
          if (section.getAttribute('aria-labelledby') !== id) section.setAttribute('aria-labelledby', id);
          if (header.getAttribute('role') !== 'none') header.setAttribute('role', 'none');
        }
      });
    });
  };
  fix();
  if (!window.wijkPageObserver) {
    let pending = false;
    window.wijkPageObserver = new MutationObserver(() => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => { pending = false; fix(); });
    });
    window.wijkPageObserver.observe(document.body, {childList: true, subtree: true});
  }
})();
</script>
"""

_CSS = """
<style>
[data-testid="stCaptionContainer"] { color: #5c5b5a; opacity: 1; }
</style>
"""


def page_semantics() -> None:
    """The page's language, menu markup, image texts and readable captions (call once per run).

    Streamlit's own skip link ("Skip to main content", the first Tab stop) is put in the
    user's language by :mod:`wijk_app.ui_words`.
    """
    settings = {"lang": lang()}
    st.sidebar.html(_CSS)
    st.sidebar.html(_SCRIPT % json.dumps(settings), unsafe_allow_javascript=True)
