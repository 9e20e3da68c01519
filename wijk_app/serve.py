"""Start the app: ``python -m wijk_app.serve [streamlit options]`` (what ``make run`` does).

Runs :mod:`wijk_app.asgi`: the pages of ``app.py`` plus the sign-in routes, which
``streamlit run app.py`` alone would not serve. One more difference: The app keeps its pages in
``pages/`` and navigates with ``st.navigation``; until the first script run of a
server process calls ``st.navigation``, Streamlit still treats ``pages/`` as a legacy
pages folder, so the first visitor who opens a page link directly (a resident
scanning the idea-map QR code, say) would be told "Page not found". Declaring up
front that the folder is not a legacy pages folder avoids that.
"""

from __future__ import annotations

import sys
from pathlib import Path

APP = Path(__file__).resolve().parent / "asgi.py"


def main(argv: list[str] | None = None) -> None:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(APP), *(sys.argv[1:] if argv is None else argv)]
    cli.main()


if __name__ == "__main__":
    main()
