"""The idea map with 10,000 ideas, and how fast ideas and votes are written.

Map (``wijk_core.ideas.idea_map``) against the **baseline** a folium user writes first:
one ``folium.CircleMarker`` with its own ``folium.Popup`` and ``folium.Tooltip`` per idea
(texts escaped the same way), in a ``folium.plugins.MarkerCluster``. For both, on the
same 10,000 synthetic ideas inside the demo municipality:

- server time to build the map and render its HTML (median of ``REPEAT`` runs);
- payload: bytes of that HTML (what ``st_folium`` hands to the browser, without the
  vendored Leaflet files, which are cached);
- first paint in headless Chromium (``/usr/bin/chromium``, the browser tests' launch
  arguments): the page is served from loopback with the vendored assets; reported are
  the first contentful paint and the time until the markers (cluster icons) are on
  screen. The baseline is checked to show the same number of ideas.

Writes, on SQLite (a temporary file) and on PostgreSQL when its server binaries are
found (a throw-away cluster, as in the tests): p50/p95 latency of adding an idea and of
voting through ``wijk_core.ideas.store`` (validation, category and rate-limit checks,
one transaction each), beside the **baseline** of a bare SQLAlchemy ``INSERT`` of the
same row in its own transaction; then 50 concurrent writers voting at once, with the
totals checked to be exact (exit status 1 otherwise).

Run: ``python bench/bench_ideas.py`` or ``python -m bench ideas``.
"""

from __future__ import annotations

import functools
import http.server
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path

import folium
import folium.plugins
import numpy as np
import pandas as pd
import shapely

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run as a script from anywhere
sys.path.insert(0, str(REPO / "tests"))  # the throw-away PostgreSQL of the tests

from wijk_core.ideas import (IDEA_COLUMNS, BUILTIN_CATEGORIES, IdeaArea, IdeaPlace, RateLimit,  # noqa: E402
                             RateLimits, escape_html, idea_map, marker_radius, new_participant_token,
                             participant_key, to_lambert, to_wgs84)
from wijk_core.maps.leaflet import new_map, use_local_assets  # noqa: E402
from wijk_core.sectors.data import load_demo  # noqa: E402
from wijk_core.store import Store  # noqa: E402
from wijk_core.ideas import store as si  # noqa: E402
from wijk_core.store.base import utc_now  # noqa: E402
from wijk_core.ideas.tables import IdeaRow, IdeaVoteRow  # noqa: E402
from wijk_core.store import projects as project_store

IDEAS = 10_000
REPEAT = 3
WRITES = 300
WRITERS = 50
VOTES_PER_WRITER = 10
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-default-apps", "--disable-extensions",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"]
CATEGORIES = {c.key: (c.key.replace("_", " ").title(), c.colour) for c in BUILTIN_CATEGORIES}
NO_LIMITS = RateLimits(ideas=RateLimit(10**9, timedelta(seconds=1)), comments=RateLimit(10**9, timedelta(seconds=1)),
                       reports=RateLimit(10**9, timedelta(seconds=1)))
FAILURES: list[str] = []


def median_seconds(*runs: Callable[[], object], repeat: int = REPEAT) -> list[float]:
    """Median wall time of each run; the runs take turns, so a busy machine slows them alike."""
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(repeat):
        for run, spent in zip(runs, times):
            started = time.perf_counter()
            run()
            spent.append(time.perf_counter() - started)
    return [statistics.median(spent) for spent in times]


# --- Data ------------------------------------------------------------------------------


def synthetic_ideas(area: IdeaArea, count: int, seed: int = 20_240_101) -> pd.DataFrame:
    """``count`` ideas at random places inside ``area``, with random categories, texts and support."""
    rng = np.random.default_rng(seed)
    minx, miny, maxx, maxy = area.geometry.bounds
    xs, ys = rng.uniform(minx, maxx, 8 * count), rng.uniform(miny, maxy, 8 * count)
    inside = shapely.contains_xy(area.geometry, xs, ys)
    xs, ys = xs[inside][:count], ys[inside][:count]
    assert len(xs) == count, "the oversampling missed: raise the factor"
    lon, lat = zip(*(to_wgs84(x, y) for x, y in zip(xs, ys)))
    keys = list(CATEGORIES)
    now = datetime(2026, 11, 23, tzinfo=timezone.utc)
    frame = pd.DataFrame({
        "id": np.arange(1, count + 1), "project_id": 1,
        "category": [keys[i] for i in rng.integers(0, len(keys), count)],
        "title": [f"Idee {i}: fietspad, bomen & <b>bankjes</b>" for i in range(count)],
        "text": ["Een korte beschrijving van het idee, zoals bewoners ze schrijven. " * 3] * count,
        "pseudonym": [None if i % 3 else f"Bewoner {i}" for i in range(count)],
        "lon": lon, "lat": lat, "x": xs, "y": ys, "status": "visible", "merged_into": None,
        "created_at": [now - timedelta(minutes=int(m)) for m in rng.integers(0, 60 * 24 * 30, count)],
        "updated_at": now, "support": rng.integers(-4, 40, count), "votes": rng.integers(0, 30, count),
        "votes_for": 0, "votes_against": 0, "comments": rng.integers(0, 8, count), "reports": 0,
        "open_reports": 0})
    return frame[list(IDEA_COLUMNS)].set_index("id", drop=False).rename_axis(None)


# --- Map -------------------------------------------------------------------------------


def ours(frame: pd.DataFrame, area: IdeaArea) -> folium.Map:
    return idea_map(frame, categories=CATEGORIES, area=area, basemap="none")


def baseline(frame: pd.DataFrame, area: IdeaArea) -> folium.Map:
    """One folium element per idea, each with its own popup and tooltip, in a MarkerCluster."""
    minx, miny, maxx, maxy = area.bounds_wgs84
    fmap = new_map(bounds_wgs84=(minx, miny, maxx, maxy), basemap="none")
    cluster = folium.plugins.MarkerCluster(name="ideas").add_to(fmap)
    for row in frame.itertuples():
        label, colour = CATEGORIES[row.category]
        popup = (f"<b>{escape_html(row.title)}</b><br>{escape_html(label)}<br>Steun: {row.support} "
                 f"({row.votes} stemmen, {row.comments} reacties)<br>{escape_html(row.pseudonym or 'Anoniem')}"
                 f"<br>{escape_html(row.text[:140])}")
        folium.CircleMarker([row.lat, row.lon], radius=marker_radius(row.support), color="#ffffff", weight=1.5,
                            fill=True, fill_color=colour, fill_opacity=0.85,
                            popup=folium.Popup(popup, max_width=260),
                            tooltip=folium.Tooltip(f"#{row.id} · {escape_html(row.title)}")).add_to(cluster)
    return fmap


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def first_paint(pages: dict[str, str]) -> dict[str, dict[str, float]] | None:
    """First contentful paint and markers-on-screen time of each page, in ms (median of 3 loads)."""
    if not CHROMIUM.is_file():
        print(f"  first paint: skipped ({CHROMIUM} not found)")
        return None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("  first paint: skipped (playwright not installed)")
        return None
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "app").mkdir()
        (root / "app" / "static").symlink_to(REPO / "static")  # /app/static/vendor/… as Streamlit serves it
        for name, text in pages.items():
            (root / f"{name}.html").write_text(text, encoding="utf-8")
        server, base = _serve(root)
        results: dict[str, dict[str, float]] = {}
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
                for name in pages:
                    fcp, ready, markers = [], [], []
                    for _ in range(3):
                        context = browser.new_context(viewport={"width": 1280, "height": 900})
                        page = context.new_page()
                        page.goto(f"{base}/{name}.html", wait_until="commit", timeout=180_000)
                        page.wait_for_function("() => document.querySelectorAll("
                                               "'.marker-cluster, path.leaflet-interactive').length > 5",
                                               timeout=180_000, polling="raf")
                        ready.append(page.evaluate("() => performance.now()"))
                        page.wait_for_function("() => performance.getEntriesByName('first-contentful-paint')"
                                               ".length > 0", timeout=60_000)
                        fcp.append(page.evaluate("() => (performance.getEntriesByName('first-contentful-paint')[0]"
                                                 " || {startTime: NaN}).startTime"))
                        markers.append(page.evaluate(
                            "() => { let n = 0; for (const l of Object.values(window)) {"
                            " if (l && l._topClusterLevel) n += l.getLayers().length; } return n; }"))
                        context.close()
                    results[name] = {"fcp": statistics.median(fcp), "ready": statistics.median(ready),
                                     "markers": markers[-1]}
                browser.close()
        finally:
            server.shutdown()
    return results


def bench_map() -> None:
    area = IdeaArea.from_layer(load_demo().sectors, "sectors")
    frame = synthetic_ideas(area, IDEAS)
    use_local_assets()
    ours_html = ours(frame, area).get_root().render()
    base_html = baseline(frame, area).get_root().render()
    ours_s, base_s = median_seconds(lambda: ours(frame, area).get_root().render(),
                                    lambda: baseline(frame, area).get_root().render(), repeat=REPEAT)
    print(f"Map with {IDEAS:,} ideas (demo municipality, clustered)")
    print(f"  {'':34}{'ours':>12}{'baseline':>14}{'ratio':>10}")
    print(f"  {'server: build + render HTML':34}{ours_s * 1e3:>9.0f} ms{base_s * 1e3:>11.0f} ms"
          f"{base_s / ours_s:>9.1f}×")
    print(f"  {'payload (HTML bytes)':34}{len(ours_html) / 1e6:>9.2f} MB{len(base_html) / 1e6:>11.2f} MB"
          f"{len(base_html) / len(ours_html):>9.1f}×")
    painted = first_paint({"ours": ours_html, "baseline": base_html})
    if painted:
        for key, label in (("fcp", "first contentful paint"), ("ready", "markers on screen")):
            mine, theirs = painted["ours"][key], painted["baseline"][key]
            print(f"  {label:34}{mine:>9.0f} ms{theirs:>11.0f} ms{theirs / mine:>9.1f}×")
        counts = (painted["ours"]["markers"], painted["baseline"]["markers"])
        print(f"  {'ideas in the cluster layer':34}{counts[0]:>12,}{counts[1]:>14,}")
        if counts != (IDEAS, IDEAS):
            FAILURES.append(f"markers shown {counts}, expected {IDEAS} each")


# --- Writes ----------------------------------------------------------------------------


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return ordered[len(ordered) // 2] * 1e3, ordered[int(len(ordered) * 0.95) - 1] * 1e3


def bench_writes(store: Store, label: str) -> None:
    project = store.write(project_store.create_project, f"bench {label}")
    x, y = to_lambert(4.74, 51.04)
    place = IdeaPlace(4.74, 51.04, x, y)
    tokens = [new_participant_token() for _ in range(WRITES)]
    ours_idea, base_idea, ours_vote, base_vote = [], [], [], []
    for token in tokens:
        started = time.perf_counter()
        with store.writing() as session:
            idea = si.add_idea(session, project.id, token, place, category="mobility", title="Bench-idee",
                               text="Een korte tekst", limits=NO_LIMITS)
        ours_idea.append(time.perf_counter() - started)
        started = time.perf_counter()
        with store.writing() as session:
            session.execute(IdeaRow.__table__.insert().values(
                project_id=project.id, category="mobility", title="Bench-idee", body="Een korte tekst",
                participant=participant_key(token), lon=4.74, lat=51.04, x=x, y=y, status="visible",
                reviewed_reports=0, created_at=utc_now(), updated_at=utc_now()))
        base_idea.append(time.perf_counter() - started)
    target = idea.id
    for token in tokens:
        started = time.perf_counter()
        with store.writing() as session:
            si.vote(session, target, token, 2)
        ours_vote.append(time.perf_counter() - started)
        started = time.perf_counter()
        with store.writing() as session:
            session.execute(IdeaVoteRow.__table__.insert().values(
                idea_id=target - 1, participant=participant_key(token), value=2, created_at=utc_now(),
                updated_at=utc_now()))
        base_vote.append(time.perf_counter() - started)
    print(f"Writes on {label} ({WRITES} each, one transaction per write), p50 / p95")
    print(f"  {'':22}{'ours':>22}{'bare INSERT':>22}{'p50 ratio':>11}")
    for name, mine, theirs in (("add an idea", ours_idea, base_idea), ("vote", ours_vote, base_vote)):
        (m50, m95), (b50, b95) = _percentiles(mine), _percentiles(theirs)
        print(f"  {name:22}{m50:>9.2f} / {m95:>6.2f} ms{b50:>9.2f} / {b95:>6.2f} ms{m50 / b50:>10.1f}×")

    # 50 writers at once, each voting on the same ten ideas
    with store.writing() as session:
        shared = [si.add_idea(session, project.id, new_participant_token(), place, category="leisure",
                              title=f"Gedeeld {n}", limits=NO_LIMITS).id for n in range(VOTES_PER_WRITER)]
    voters = [new_participant_token() for _ in range(WRITERS)]
    start = threading.Barrier(WRITERS)
    latencies: list[float] = []

    def writer(number: int) -> None:
        start.wait()
        for position, idea_id in enumerate(shared):
            began = time.perf_counter()
            with store.writing() as session:
                si.vote(session, idea_id, voters[number], (number + position) % 5 - 2)
            latencies.append(time.perf_counter() - began)

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        for future in [pool.submit(writer, n) for n in range(WRITERS)]:
            future.result()
    elapsed = time.perf_counter() - began
    with store.reading() as session:
        tallied = {i.id: i for i in si.list_ideas(session, project.id)}
    expected = {idea_id: sum((n + p) % 5 - 2 for n in range(WRITERS)) for p, idea_id in enumerate(shared)}
    exact = all(tallied[i].support == expected[i] and tallied[i].votes == WRITERS for i in shared)
    p50, p95 = _percentiles(latencies)
    total = WRITERS * VOTES_PER_WRITER
    print(f"  {WRITERS} concurrent writers, {total} votes: {total / elapsed:,.0f} votes/s, "
          f"p50 {p50:.1f} ms, p95 {p95:.1f} ms; totals exact: {'yes' if exact else 'NO'}")
    if not exact:
        FAILURES.append(f"vote totals not exact on {label}")


def main() -> int:
    bench_map()
    print()
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        try:
            bench_writes(store, "SQLite (WAL, file)")
        finally:
            store.dispose()
    print()
    try:
        import pg_server

        server = pg_server.start_postgres()
    except Exception as exc:  # no server binaries on this machine
        print(f"PostgreSQL: skipped ({exc})")
    else:
        try:
            store = Store(server.create_database())
            try:
                bench_writes(store, "PostgreSQL (loopback, fsync off)")
            finally:
                store.dispose()
        finally:
            server.stop()
    if FAILURES:
        print("FAILED: " + "; ".join(FAILURES), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
