"""The idea map (residents), in the spirit of Debatomap: pin, comment, vote, moderate.

A resident taps the map inside the project's perimeter (:class:`IdeaArea`), picks a
category (Debatomap's five, :data:`BUILTIN_CATEGORIES`, plus the project's own),
writes a title and a text and may sign with a pseudonym. Others comment for, against
or neutral (:class:`Stance`) and vote −2..+2, one vote per participant per idea,
changeable. Anyone can report an idea; after N reports it is hidden pending the
facilitator's review, who approves, hides or merges duplicates (:class:`IdeaStatus`),
every action in an audit log, nothing deleted. Storage is in
:mod:`wijk_core.ideas.store` (tables in :mod:`wijk_core.ideas.tables`); this package holds the rules and the pure parts:

- ``text``: cleaning and limits of residents' text, escaping for HTML and markdown;
- ``categories``: categories, stances, statuses, moderation actions, the vote scale;
- ``rules``: participant tokens, rate limits, the report threshold, marker size;
- ``place``: the perimeter, tap checks, :func:`ideas_per_candidate`;
- ``table``, ``stats``: ideas as a DataFrame, filters, counts, top ideas;
- ``export``: CSV, GeoJSON, XLSX; ``qr``: the QR code to the resident page;
- ``ideamap``: the folium map; ``cards``: HTML of an idea and its comments.

Errors are :class:`IdeaError` (a ``WijkError``) with codes ``errors.ideas_*``.
"""

from wijk_core.ideas.cards import IdeaLabels, comments_html, format_support, idea_card_html, legend_html
from wijk_core.ideas.categories import (BUILTIN_CATEGORIES, CUSTOM_COLOURS, VOTE_MAX, VOTE_MIN, Category, IdeaStatus,
                         ModerationAction, Stance, all_categories, category_key, check_colour, check_vote)
from wijk_core.ideas.errors import IdeaError
from wijk_core.ideas.export import (comments_frame, export_table, export_value_labels, ideas_csv, ideas_geojson,
                                    ideas_xlsx, log_frame)
from wijk_core.ideas.ideamap import (DEFAULT_CLUSTER_THRESHOLD, idea_id_from_tooltip, idea_layer, idea_map,
                                    overlay_layer)
from wijk_core.ideas.place import IdeaArea, IdeaPlace, ideas_per_candidate, to_lambert, to_wgs84
from wijk_core.ideas.qr import is_loopback_host, lan_address, qr_png, qr_svg, reachable_base, resident_url
from wijk_core.ideas.rules import (DEFAULT_LIMITS, DEFAULT_REPORT_THRESHOLD, RateLimit, RateLimits, check_report_threshold,
                    is_issued_token, marker_radius, new_participant_token, participant_key)
from wijk_core.ideas.stats import counts_over_time, counts_per_category, top_ideas
from wijk_core.ideas.frames import IDEA_COLUMNS, LOCAL_TIMEZONE, filter_ideas, ideas_frame, local_dates
from wijk_core.ideas.text import (COMMENT_MAX, PSEUDONYM_MAX, TEXT_MAX, TITLE_MAX, clean_comment, clean_pseudonym,
                   clean_text, clean_title, escape_html, shorten)

__all__ = [
    "BUILTIN_CATEGORIES", "COMMENT_MAX", "CUSTOM_COLOURS", "Category", "DEFAULT_CLUSTER_THRESHOLD",
    "DEFAULT_LIMITS", "DEFAULT_REPORT_THRESHOLD", "IDEA_COLUMNS", "IdeaArea", "IdeaError", "IdeaPlace",
    "IdeaStatus", "LOCAL_TIMEZONE", "IdeaLabels", "ModerationAction", "PSEUDONYM_MAX", "RateLimit", "RateLimits",
    "Stance", "TEXT_MAX", "TITLE_MAX", "VOTE_MAX", "VOTE_MIN", "all_categories", "category_key",
    "check_colour", "check_report_threshold", "check_vote", "clean_comment", "clean_pseudonym", "clean_text",
    "clean_title", "comments_frame", "comments_html", "counts_over_time", "counts_per_category",
    "escape_html", "export_table", "export_value_labels", "filter_ideas", "format_support", "idea_card_html",
    "idea_id_from_tooltip", "idea_layer", "idea_map",
    "ideas_csv", "ideas_frame", "ideas_geojson", "ideas_per_candidate", "ideas_xlsx", "is_issued_token", "legend_html",
    "local_dates", "log_frame", "marker_radius", "new_participant_token",
    "overlay_layer", "participant_key", "qr_png", "qr_svg", "reachable_base", "resident_url", "is_loopback_host", "lan_address", "shorten", "to_lambert",
    "to_wgs84", "top_ideas",
]
