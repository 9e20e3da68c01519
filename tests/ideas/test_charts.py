"""Charts of the idea map: the numbers of the tables, category colours, escaped labels."""

from datetime import datetime, timezone

from wijk_core.i18n import tn
from wijk_core.ideas.charts import category_chart, timeline_chart, top_ideas_chart
from wijk_core.ideas import counts_over_time, counts_per_category, top_ideas

from hostile import IMG, SCRIPT

from .helpers import CATEGORIES, FakeIdea, frame

IDEAS = frame(FakeIdea(1, title=SCRIPT, support=5, votes=3, created_at=datetime(2026, 3, 2, tzinfo=timezone.utc)),
              FakeIdea(2, category="environment", support=2, votes=1,
                       created_at=datetime(2026, 3, 4, tzinfo=timezone.utc)),
              FakeIdea(3, category="mine", title="x" * 100, support=-1, votes=1,
                       created_at=datetime(2026, 3, 4, tzinfo=timezone.utc)))
CATS = {**CATEGORIES, "mine": (IMG, "#444444")}


def test_category_chart_draws_every_category_in_its_colour():
    counts = counts_per_category(IDEAS, list(CATS))
    bar = category_chart(counts, CATS, title="Per thema", ideas_label="ideeën", support_label="Steun",
                         ideas_text=lambda n: tn("ideas.ideas_count", n, "nl")).data[0]
    assert list(bar.x) == list(counts["ideas"])[::-1] and sum(bar.x) == 3
    assert list(bar.marker.color)[-1] == "#0072b2"  # the first category is drawn on top
    assert all("<img" not in label for label in bar.y) and "&lt;img" in bar.y[0]


def test_timeline_stacks_one_trace_per_category_without_the_total():
    over_time = counts_over_time(IDEAS, "day", list(CATS))
    figure = timeline_chart(over_time, CATS, title="Tijd", ideas_label="ideeën")
    assert len(figure.data) == len(CATS) and figure.layout.barmode == "stack"
    assert sum(sum(trace.y) for trace in figure.data) == 3
    assert [str(x)[:10] for x in figure.data[0].x] == ["2026-03-02", "2026-03-03", "2026-03-04"]
    assert figure.layout.xaxis.type == "date" and figure.layout.yaxis.dtick == 1  # no half ideas


def test_top_ideas_chart_escapes_and_shortens_titles():
    figure = top_ideas_chart(top_ideas(IDEAS, 3), CATS, title="Top", support_label="Steun",
                             votes_text=lambda n: tn("ideas.votes_count", n, "nl"))
    bar = figure.data[0]
    assert list(bar.x) == [-1, 2, 5]  # best on top
    assert bar.y[-1] == "#1 &lt;script&gt;window.__xss=1&lt;/script&gt;"
    assert len(bar.y[0]) <= len("#3 ") + 60 and bar.y[0].endswith("…")
    assert list(bar.marker.color) == ["#444444", "#009e73", "#0072b2"]


def test_a_quote_in_a_title_reaches_plotly_once_escaped():
    """Plotly decodes &amp; &lt; &gt; but not &quot;: a quote must reach it as typed."""
    ideas = frame(FakeIdea(1, title='De "groene" straat & <b>plein</b>', support=0, votes=1))
    bar = top_ideas_chart(top_ideas(ideas, 1), CATS, title="Top", support_label="Steun",
                          votes_text=lambda n: tn("ideas.votes_count", n, "nl")).data[0]
    assert bar.y[0] == '#1 De "groene" straat &amp; &lt;b&gt;plein&lt;/b&gt;'
    assert "&quot;" not in bar.y[0] and "&#x27;" not in bar.y[0]


def test_no_support_shows_as_zero_and_one_vote_as_singular():
    ideas = frame(FakeIdea(1, support=0, votes=1), FakeIdea(2, category="environment", support=-2, votes=3))
    bar = top_ideas_chart(top_ideas(ideas, 2), CATS, title="Top", support_label="Steun",
                          votes_text=lambda n: tn("ideas.votes_count", n, "nl")).data[0]
    assert sorted(map(tuple, bar.customdata)) == [("0", "1 stem"), ("\u22122", "3 stemmen")]
    counts = counts_per_category(ideas, list(CATS))
    by_category = category_chart(counts, CATS, title="t", ideas_label="i", support_label="s",
                                 ideas_text=lambda n: tn("ideas.ideas_count", n, "nl")).data[0]
    assert ("0", "1 idee") in map(tuple, by_category.customdata)
    assert "+0" not in [row[0] for row in by_category.customdata] and "0" in [row[0] for row in by_category.customdata]
    assert "+" not in by_category.hovertemplate.replace("<br>", "")


def test_timeline_dates_are_in_the_readers_language_without_a_time():
    """Plotly's own axis wrote "Mar 2, 2026" and a time of 00:00:00 in Dutch and French pages."""
    over_time = counts_over_time(IDEAS, "day", list(CATS))
    for lang, first in (("nl", "2 mrt 2026"), ("fr", "2 mars 2026"), ("en", "02 Mar 2026")):
        figure = timeline_chart(over_time, CATS, title="Tijd", ideas_label="ideeën", lang=lang)
        assert figure.layout.xaxis.ticktext[0] == first
        assert list(figure.data[0].customdata)[0] == first and "%{customdata}" in figure.data[0].hovertemplate
        assert "%{x" not in figure.data[0].hovertemplate  # plotly's date format would be English
    monthly = timeline_chart(counts_over_time(IDEAS, "month", list(CATS)), CATS, title="T", ideas_label="i",
                             lang="fr", period="month")
    assert list(monthly.layout.xaxis.ticktext) == ["mars 2026"]


def test_a_long_timeline_writes_about_a_dozen_dates():
    many = frame(*[FakeIdea(n, created_at=datetime(2026, 1, 1 + n % 28, tzinfo=timezone.utc)) for n in range(28)])
    figure = timeline_chart(counts_over_time(many, "day", list(CATS)), CATS, title="T", ideas_label="i", lang="nl")
    assert len(figure.data[0].x) == 28 and 10 <= len(figure.layout.xaxis.ticktext) <= 14


def test_support_axis_counts_whole_votes_in_the_readers_notation():
    figure = top_ideas_chart(top_ideas(IDEAS, 3), CATS, title="Top", support_label="Steun",
                             votes_text=lambda n: tn("ideas.votes_count", n, "fr"), lang="fr")
    assert figure.layout.xaxis.dtick == 1 and figure.layout.separators == ",\u202f"
