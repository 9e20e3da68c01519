"""Every interaction of the three users' core paths, timed in the real app, against a baseline commit.

The app (``python -m wijk_app.serve``) runs on a throw-away SQLite database holding one
project per scale — the real Zennevallei data (132 sectors, six indicator tables, 38 wijken,
loaded through ``change_sources`` as the Data section stores them) and the national synthetic
layer of ``bench/national.py`` (~20,800 sectors) — and is driven in headless Chromium with all
outside network blocked:

- officer (desktop): open the selection map (first, then again), switch the indicator, an
  unchanged rerun, click two sectors, draw a polygon (closing it), save it as a candidate,
  open the candidate profiles, add criteria (the ranking), switch to TOPSIS and back, change a
  weight, the hotspot map, the export section and each export, back to the map;
- facilitator (projector, signed in): open the moderation page, the queue, approve a reported
  idea, merge two duplicates, the stakeholder charts;
- resident (phone): open the idea map, tap a spot (the form), post an idea, open an idea,
  vote, comment, remove category filters.

Each user keeps her browser profile (cookies and HTTP cache) over the repetitions, as a real
browser does; outside network is walled by a proxy that does not exist, not by routing the
requests (a routed context keeps no cache: every opening then fetched and compiled the app's
scripts anew, which no returning user waits for).

Per interaction it prints p50/p95 of *click → idle* (the action to Streamlit's script state
``notRunning``, read from a MutationObserver in the page, so the time the harness takes to
notice is not counted), of *click → result visible* (until a locator specific to the effect is
visible), the server process's CPU time over the interaction, and the ratio current / baseline
of the p50 of the later of the two. The baseline is another commit (default: ``main`` when the
bench starts) checked out with ``git worktree add`` into a temporary folder and served the same
way in the same run; the two servers take turns in every repetition. Targets of issue 16,
judged on the later of idle and visible: at Zennevallei scale p50 <= 1 s and p95 <= 2 s per
interaction, an unchanged rerun <= 0.2 s; at national scale p95 <= 3 s. A missed target is
printed, not an error: the script exits 1 only when an interaction could not be driven.

Usage::

    python bench/bench_interactions.py                           # both scales, 3 repetitions, vs main
    python bench/bench_interactions.py --scale zennevallei --repeat 3 --no-baseline
    python bench/bench_interactions.py --only "officer: indicator,resident" --baseline HEAD~3
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TREE = Path(os.environ.get("WIJK_BENCH_TREE", REPO))  # the code to seed with: this checkout or the baseline's
sys.path.insert(0, str(TREE))
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "tests" / "browser"))

from ideas_ui import screen_point  # noqa: E402  (the browser tests' helpers)
from interactions_report import UNCHANGED_RERUN, Sample, summarise, summary_line, table  # noqa: E402
from streamlit_ui import MAP_IFRAME, SECTORS_READY, click_vertex, map_frame  # noqa: E402

REAL = Path(os.environ.get("WIJK_REAL_DATA", REPO.parent / "shared" / "data" / "real"))
CHROMIUM = os.environ.get("WIJK_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "bench-interactions"
ACCOUNTS = {"officer": "bench-officer", "facilitator": "bench-facilitator"}  # username per role
SHOTS = Path(os.environ["WIJK_BENCH_SHOTS"]) if os.environ.get("WIJK_BENCH_SHOTS") else None  # on failures
SCALES = ("zennevallei", "national")
ZENNEVALLEI = {
    "sectors": ["zennevallei_sectors_statbel_20240101.geojson"],
    "indicators": ["zennevallei_income_TF_PSNL_INC_TAX_SECTOR_2019_2023.csv", "zennevallei_heat_vulnerability_2026.csv",
                   "zennevallei_groenkaart_green_2018_2021.csv", "zennevallei_jaarbak_soil_sealing_2018_2024.csv",
                   "zennevallei_fluvius_energy_2018_2021.csv", "zennevallei_landuse_open_space_2013_2016.csv"],
    "neighbourhoods": ["zennevallei_wijken_pinc_ggw72024.gpkg"],
    "link_table": ["zennevallei_sector_to_wijk_ggw72024.csv"],
}
NATIONAL = [("sectors", "sectors.gpkg"), ("indicators", "indicators.csv"), ("catalogue", "indicator_catalogue.csv"),
            ("neighbourhoods", "wijken.geojson"), ("link_table", "sector_to_wijk.csv")]
SEEDED = ("Meer bomen op het plein", "Fietsstraat naar de school", "Bank bij de bushalte", "Speelstraat in de zomer")
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
RUNNING_ICON = '[data-testid="stStatusWidgetRunningIcon"]'
RANKED = re.compile(r"staat eerst in")
# Streamlit's script state as the page sees it, with the page's clock: read after each interaction.
OBSERVER = """
(() => {
  window.__wijkMarks = {idle: [], run: []};
  const watch = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) { setTimeout(watch, 5); return; }
    new MutationObserver(() => {
      const state = app.getAttribute('data-test-script-state');
      (state === 'notRunning' ? window.__wijkMarks.idle : window.__wijkMarks.run).push(performance.now());
    }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  };
  watch();
})();
"""


# ---------------------------------------------------------------- data, seeded by the code under test

def seed(scale: str, url: str, repeat: int, folder: Path) -> dict:
    """A project of ``scale`` in the database at ``url``, with candidates, ideas and stakeholders.

    Runs in a subprocess whose ``wijk_core`` is the served tree's, so each database is written by
    the code that serves it. Returns what the interactions need (ids, titles, spots to tap).
    """
    import geopandas as gpd

    from wijk_core.access.store import add_account, list_accounts
    from wijk_core.ideas import IdeaArea, new_participant_token, to_wgs84
    from wijk_core.ideas import store as si
    from wijk_core.sectors import store as sector_store
    from wijk_core.sectors.data import load_demo, load_sources
    from wijk_core.sectors.model import NewSource
    from wijk_core.selection import store as selection_store
    from wijk_core.selection.candidates import from_neighbourhood
    from wijk_core.stakeholders import store as stakeholder_store
    from wijk_core.stakeholders.frames import records
    from wijk_core.stakeholders.templates import demo_example
    from wijk_core.store import get_store
    from wijk_core.store import projects as project_store

    store = get_store(url)
    with store.reading() as session:
        known = {account.username for account in list_accounts(session)}
    for role, username in ACCOUNTS.items():
        if username not in known:
            store.write(add_account, username, password=PASSWORD, role=role)
    project = store.write(project_store.create_project, f"Bench {scale}")
    if scale == "zennevallei":
        sources = [NewSource(role, name, (REAL / name).read_bytes()) for role, names in ZENNEVALLEI.items()
                   for name in names]
        data, _ = load_sources([(s.role, s.content, s.filename) for s in sources])
    else:
        sources = [NewSource(role, name, (folder / name).read_bytes()) for role, name in NATIONAL]
        data = load_demo()  # the national layer holds the demo municipality and its wijken
    store.write(sector_store.change_sources, project.id, sources)
    shapes = []
    for code in list(data.wijken["wijk_code"])[:2]:
        shape = from_neighbourhood(data, code)
        store.write(selection_store.create_candidate, project.id, f"Wijk {code}", shape.geometry,
                    origin=shape.origin, sector_codes=shape.sector_codes, source_ref=shape.source_ref)
        shapes.append(shape.geometry)
    area = IdeaArea.from_layer(gpd.GeoSeries(shapes, crs=31370), "candidates")
    spots, free = (_grid(shape) for shape in shapes)  # ideas of the seed in the first; taps in the second
    reported, duplicates = [], []
    with store.writing() as session:
        si.set_report_threshold(session, project.id, 1)
        for rep in range(repeat):
            idea = si.add_idea(session, project.id, new_participant_token(), area.locate(*spots[-1]),
                               category="services", title=f"Gemeld idee {rep}")
            reported.append(idea.id)
            pair = [f"Petanquebaan {rep}", f"Petanque op het plein {rep}"]
            for title in pair:
                si.add_idea(session, project.id, new_participant_token(), area.locate(*spots[1]),
                            category="leisure", title=title)
            duplicates.append(pair)
        # last, so they are the newest: the list shows ten ideas a page, newest first
        for n, title in enumerate(SEEDED):
            si.add_idea(session, project.id, new_participant_token(), area.locate(*spots[n % len(spots)]),
                        category="environment", title=title)
    for idea_id in reported:
        with store.writing() as session:
            si.report_idea(session, idea_id, new_participant_token(), "reclame")
    example = demo_example()
    with store.writing() as session:
        stakeholder_store.import_inventory(session, project.id, records(example.inventory))
        stakeholder_store.save_relations(session, project.id, records(example.relations))
    outside = data.sectors.to_crs(31370)
    outside = outside[~outside.intersects(shapes[0].union(shapes[1]))]
    middle = outside.geometry.union_all().centroid
    nearest = outside.assign(d=outside.geometry.representative_point().distance(middle)).nsmallest(2, "d")
    sector_points = [to_wgs84(p.x, p.y) for p in nearest.geometry.representative_point()]
    return {"project": project.id, "spots": spots, "free": free, "sector_points": sector_points,
            "reported": reported, "duplicates": duplicates}


def _grid(shape: Any) -> list[tuple[float, float]]:
    """Points 40 m or more inside ``shape`` on an 8 × 8 grid, in WGS84, in an order that spreads them."""
    import shapely

    from wijk_core.ideas import to_wgs84

    inner = shape.buffer(-40)
    minx, miny, maxx, maxy = inner.bounds
    grid = [shapely.Point(minx + (maxx - minx) * i / 9, miny + (maxy - miny) * j / 9)
            for i in range(1, 9) for j in range(1, 9)]
    inside = [to_wgs84(p.x, p.y) for p in grid if inner.contains(p)]
    return inside[::2] + inside[1::2]


# ---------------------------------------------------------------- servers

@dataclass
class Server:
    label: str  # "current" or "baseline"
    tree: Path
    url: str = ""
    pid: int = 0
    projects: dict[str, dict] = field(default_factory=dict)
    browsers: dict[str, Any] = field(default_factory=dict)  # one browser profile per user, kept


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _baseline_tree(ref: str, stack: ExitStack) -> Path:
    commit = subprocess.run(["git", "rev-parse", "--verify", f"{ref}^{{commit}}"], cwd=REPO, check=True,
                            capture_output=True, text=True).stdout.strip()
    folder = Path(tempfile.mkdtemp(prefix="wijk-bench-baseline-"))
    tree = folder / "tree"
    subprocess.run(["git", "worktree", "add", "--detach", str(tree), commit], cwd=REPO, check=True,
                   capture_output=True)
    stack.callback(shutil.rmtree, folder, ignore_errors=True)
    stack.callback(subprocess.run, ["git", "worktree", "remove", "--force", str(tree)], cwd=REPO,
                   capture_output=True)
    (tree / ".venv").symlink_to(REPO / ".venv")
    print(f"baseline: {ref} = {commit[:10]} in {tree}")
    return tree


def _start(server: Server, scales: list[str], repeat: int, work: Path, national: Path | None,
           stack: ExitStack) -> None:
    from bench_map import serve

    database = f"sqlite:///{work / f'{server.label}.sqlite3'}"
    env = {**os.environ, "WIJK_BENCH_TREE": str(server.tree), "PYTHONPATH": str(server.tree)}
    for scale in scales:
        done = subprocess.run([sys.executable, str(Path(__file__)), "--seed", scale, database, str(repeat),
                               str(national or work)], cwd=server.tree, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"seeding {scale} for {server.label} failed:\n{done.stderr[-3000:]}")
        server.projects[scale] = json.loads(done.stdout.strip().splitlines()[-1])
    env = {**os.environ, "WIJK_DATABASE_URL": database, "WIJK_BASEMAP": "none", "PYTHONUNBUFFERED": "1",
           "PYTHONPATH": str(server.tree)}
    env.pop("WIJK_FACILITATOR_PASSWORD", None)  # accounts sign in: an officer may change the selection
    server.url, process = stack.enter_context(serve([sys.executable, "-m", "wijk_app.serve"], env,
                                                    work / f"{server.label}.log", server.tree))
    server.pid = process.pid


# ---------------------------------------------------------------- measuring

class Recorder:
    """Times interactions of one page against one server; keeps the samples and the failures."""

    def __init__(self, server: Server, only: list[str], timeout_ms: int):
        self.server, self.only, self.timeout_ms = server, only, timeout_ms
        self.samples: list[Sample] = []
        self.failed: dict[str, str] = {}

    def wanted(self, name: str) -> bool:
        return not self.only or any(word in name for word in self.only)

    def measure(self, page: Any, name: str, action: Callable[[], Any], effect: Callable[[], Any], *,
                navigation: bool = False, rerun: bool = True, prepare: Callable[[], Any] | None = None,
                after_run: bool = False) -> bool:
        """Run ``action`` then ``effect`` (a wait for the visible result) and record one sample.

        ``rerun``: the action must make the script run; an interaction that did not is a failure,
        not a zero. ``prepare`` runs first, untimed. ``after_run``: the effect's locator is on screen
        before the action too (the ranking), so it is awaited once the run has ended. Returns whether it
        worked (later steps may depend on it).
        """
        if not self.wanted(name):
            if prepare is not None:
                prepare()
            action()
            effect()
            _idle(page, self.timeout_ms)
            return True
        try:
            if prepare is not None:
                prepare()
            origin = 0.0 if navigation else page.evaluate("performance.now()")
            cpu = _cpu_seconds(self.server.pid)
            started = time.perf_counter()
            action()
            if rerun and not navigation:  # the action reached the server: its run has begun
                page.wait_for_function("origin => window.__wijkMarks.run.some(m => m > origin)", arg=origin,
                                       timeout=self.timeout_ms, polling=10)
            if not after_run:
                effect()
                visible = time.perf_counter() - started
            _idle(page, self.timeout_ms)
            if after_run:  # an effect already on screen before the action: shown again by the run
                effect()
                visible = time.perf_counter() - started
            cpu = _cpu_seconds(self.server.pid) - cpu
            marks = page.evaluate("window.__wijkMarks")
            after = [m for m in marks["idle"] if m > origin]
            ran = any(m > origin for m in marks["run"])
            if navigation:  # the page's clock starts with the navigation
                idle = max(after) / 1000 if after else time.perf_counter() - started
            elif ran and after:
                idle = (max(after) - origin) / 1000
            elif rerun:
                raise AssertionError("the action did not make the app run")
            else:
                idle = 0.0  # nothing ran on the server: the app stayed idle
            self.samples.append(Sample(name, idle, visible, cpu))
            return True
        except Exception as error:  # noqa: BLE001  (reported per interaction; the path goes on)
            self.failed.setdefault(name, f"{type(error).__name__}: {str(error).splitlines()[0][:140]}")
            if SHOTS is not None:
                SHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SHOTS / f"{self.server.label}-{re.sub(r'[^a-z]+', '-', name)}.png"))
            try:
                _idle(page, self.timeout_ms)
            except Exception:  # noqa: BLE001
                pass
            return False


def _idle(page: Any, timeout_ms: int) -> None:
    page.wait_for_selector(IDLE, timeout=timeout_ms)
    page.locator(RUNNING_ICON).wait_for(state="detached", timeout=timeout_ms)


def _visible(locator: Any, timeout_ms: int) -> Callable[[], None]:
    return lambda: locator.first.wait_for(state="visible", timeout=timeout_ms)


def _section_button(page: Any, name: str) -> Any:
    return page.locator('[data-testid="stButtonGroup"] button').filter(has_text=name).first


def _options(page: Any, label: str, kind: str = "stSelectbox") -> list[str]:
    """The first options of a select box (the list is virtual: the first screenful)."""
    box = page.locator(f'[data-testid="{kind}"]').filter(has_text=label).first
    box.locator("input").click()
    page.get_by_role("option").first.wait_for()
    names = [name.strip() for name in page.get_by_role("option").all_inner_texts()]
    page.keyboard.press("Escape")
    return [name for name in names if name and name != "Select all"]


class _Pick:
    """Choosing ``option`` in a select box: ``open`` (not timed) opens and filters the list,
    ``click`` (timed) clicks the option."""

    def __init__(self, page: Any, label: str, option: str, kind: str = "stSelectbox"):
        self.page, self.label, self.option, self.kind = page, label, option, kind
        self.choice: Any = None

    def open(self) -> None:
        box = self.page.locator(f'[data-testid="{self.kind}"]').filter(has_text=self.label).first
        box.locator("input").click()
        box.locator("input").fill(self.option[:20])
        self.choice = self.page.get_by_role("option", name=re.compile(re.escape(self.option))).first
        self.choice.wait_for()

    def click(self) -> None:
        self.choice.click()


def _wait_text_changes(page: Any, pattern: str, timeout_ms: int) -> Callable[[], None]:
    """An effect: the text matching ``pattern`` (a JS regex with one group) differs from now."""
    before = page.evaluate("p => (document.body.innerText.match(new RegExp(p)) || [null, null])[1]", pattern)
    return lambda: page.wait_for_function(
        "([p, before]) => { const m = document.body.innerText.match(new RegExp(p));"
        " return m !== null && m[1] !== before; }", arg=[pattern, before], timeout=timeout_ms)


def _context(browser: Any, size: dict, phone: bool = False) -> Any:
    """A new browser profile, outside network blocked.

    The wall is a proxy that does not exist for everything but the loopback address (names
    other than 127.0.0.1 do not resolve either: see the browser's launch), not a request
    route: a routed context keeps no HTTP cache, and a user's browser does.
    """
    context = browser.new_context(viewport=size, locale="nl-BE", service_workers="block", has_touch=phone,
                                  is_mobile=phone, proxy={"server": "http://127.0.0.1:9",
                                                          "bypass": "127.0.0.1,localhost"})
    context.add_init_script(OBSERVER)
    return context


def _user_page(server: Server, browser: Any, role: str, size: dict, phone: bool = False) -> tuple[Any, str]:
    """A new tab in this user's browser, kept over the repetitions as her own browser keeps its cache.

    Returns the page and how its opening is named: "first" (a new profile: for the resident an empty
    cache; the officer and the facilitator come from the sign-in, which loaded the app's files) or
    "again" (on every later visit).
    """
    visit = "again" if role in server.browsers else "first"
    if role not in server.browsers:
        server.browsers[role] = _context(browser, size, phone)
    return server.browsers[role].new_page(), visit


def _sign_in(page: Any, server: Server, role: str, timeout_ms: int) -> None:
    from urllib.parse import urlencode

    from wijk_core.i18n import t

    page.goto(f"{server.url}/wijk/signin?{urlencode({'lang': 'nl', 'next': '/'})}")
    page.get_by_label(t("signin.username", "nl")).fill(ACCOUNTS[role])
    page.get_by_label(t("signin.password", "nl")).fill(PASSWORD)
    page.get_by_role("button", name=t("signin.submit", "nl")).click()
    page.wait_for_load_state()
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    _idle(page, timeout_ms)


# ---------------------------------------------------------------- the officer

def officer(rec: Recorder, browser: Any, scale: str, rep: int) -> None:
    server, timeout = rec.server, rec.timeout_ms
    project = server.projects[scale]["project"]
    page, visit = _user_page(server, browser, f"{scale}/officer", {"width": 1400, "height": 1000})
    page.set_default_timeout(timeout)
    downloads: list[Any] = []
    page.on("download", lambda download: downloads.append(download))
    try:
        _sign_in(page, server, "officer", timeout)
        name = f"officer: open map ({visit})"
        frame = page.frame_locator(MAP_IFRAME).first
        if not rec.measure(page, name, lambda: page.goto(f"{server.url}/wijkselectie?project={project}"),
                           _visible(frame.locator(SECTORS_READY), timeout), navigation=True):
            return
        if scale == "national":  # she zooms to her municipality, as in test_selection_national
            from wijk_core.sectors.data import load_demo
            west, south, east, north = load_demo().sectors.to_crs(4326).total_bounds
            map_frame(page).evaluate("b => window.map.fitBounds(b)", [[south, west], [north, east]])
            frame.locator(SECTORS_READY).wait_for()
            _idle(page, timeout)
        indicators = _options(page, "Indicator")[1:3]
        for option in indicators:  # the second is shown after the first repetition: both change it
            pick = _Pick(page, "Indicator", option)
            rec.measure(page, "officer: indicator switch", pick.click,
                        _visible(frame.locator(".wijk-legend").filter(has_text=option[:25]), timeout),
                        prepare=pick.open)
        page.locator("h1").first.click()
        rec.measure(page, UNCHANGED_RERUN, lambda: page.keyboard.press("r"), lambda: None, after_run=True)
        for lon, lat in server.projects[scale]["sector_points"]:
            _map_box(page, timeout)  # a rerun may have moved the map: ask it where the sector is now
            rec.measure(page, "officer: click a sector",
                        lambda lon=lon, lat=lat: page.mouse.click(*screen_point(page, lon, lat)),
                        _wait_text_changes(page, r"Aangeklikte sectoren: (\d+)", timeout))
        box = _map_box(page, timeout)
        frame.locator(".leaflet-draw-draw-polygon").click()
        shift = 0.01 * (rep % 5)
        points = [(box["x"] + (fx + shift) * box["width"], box["y"] + fy * box["height"])
                  for fx, fy in [(0.36, 0.30), (0.47, 0.30), (0.47, 0.45), (0.36, 0.45)]]
        for x, y in points:
            click_vertex(page, frame, x, y)
        drawn = rec.measure(page, "officer: draw (close the polygon)", lambda: page.mouse.click(*points[0]),
                            _wait_text_changes(page, r"(Perimeter ontvangen: [^\n]*)", timeout))
        if drawn:
            candidate = f"Bench {server.label} {rep}"
            form = page.locator('[data-testid="stForm"]').filter(has_text="Bewaar de tekening als kandidaat")
            form.get_by_label("Naam van de kandidaat-wijk").fill(candidate)
            rec.measure(page, "officer: save as candidate",
                        form.get_by_role("button", name="Bewaar de tekening als kandidaat").click,
                        _visible(page.get_by_text(f"Kandidaat ‘{candidate}’ bewaard"), timeout))
        rec.measure(page, "officer: open profiles", _section_button(page, "Kandidaat-wijken").click,
                    _visible(page.locator('[data-testid="stDataFrame"]'), timeout))
        rec.measure(page, "officer: open framework", _section_button(page, "Afwegingskader").click,
                    _visible(page.get_by_text("Criteria uit de gegevens"), timeout))
        _framework(rec, page, rep)
        rec.measure(page, "officer: hotspots", _section_button(page, "Hotspots").click,
                    _visible(page.frame_locator(MAP_IFRAME).first.locator(SECTORS_READY), timeout))
        rec.measure(page, "officer: open export", _section_button(page, "Export").click,
                    _visible(page.get_by_role("button", name="Verslag (HTML, afdrukbaar)"), timeout))
        for label in ("Perimeters (GeoJSON)", "Profielen en scores (XLSX)", "Verslag (HTML, afdrukbaar)"):
            count = len(downloads)
            rec.measure(page, f"officer: export {label.split(' (')[1][:-1]}",
                        page.get_by_role("button", name=label).click,
                        lambda count=count: _until(page, lambda: len(downloads) > count, timeout), rerun=False)
        rec.measure(page, "officer: back to the map", _section_button(page, "Kaart").click,
                    _visible(page.frame_locator(MAP_IFRAME).first.locator(SECTORS_READY), timeout))
    finally:
        page.close()


def _framework(rec: Recorder, page: Any, rep: int) -> None:
    timeout = rec.timeout_ms
    ranked = _visible(page.get_by_text(RANKED), timeout)
    label = "Criteria uit de gegevens"
    box = page.locator('[data-testid="stMultiSelect"]').first
    chosen = [t.strip() for t in box.locator('[data-baseweb="tag"]').all_inner_texts()]
    if not chosen:  # the first time: three criteria, the ranking appears with the first
        for number, option in enumerate(_options(page, label, "stMultiSelect")[:3]):
            pick = _Pick(page, label, option, "stMultiSelect")
            rec.measure(page, "officer: add a criterion (ranking)", lambda pick=pick: _choose_and_close(page, pick),
                        ranked, prepare=pick.open, after_run=number > 0)
    else:  # later: take the last one away and add it again
        last = chosen[-1]
        remove = box.get_by_role("button", name=re.compile(re.escape(last[:20])))
        rec.measure(page, "officer: remove a criterion (ranking)", remove.last.click, ranked, after_run=True)
        pick = _Pick(page, label, last, "stMultiSelect")
        rec.measure(page, "officer: add a criterion (ranking)", lambda: _choose_and_close(page, pick), ranked,
                    prepare=pick.open, after_run=True)
    for method in ("TOPSIS", "Gewogen som"):
        radio = page.get_by_role("radiogroup").filter(has_text="TOPSIS").get_by_text(method, exact=True)
        rec.measure(page, f"officer: method {method}", radio.click, ranked, after_run=True)
    weight = page.locator('[data-testid="stNumberInput"] input').first
    weight.fill(str(2 + rep % 4))
    rec.measure(page, "officer: weight change", lambda: weight.press("Enter"), ranked, after_run=True)


def _choose_and_close(page: Any, pick: _Pick) -> None:
    """A multiselect sends its value when its list closes."""
    pick.click()
    page.keyboard.press("Escape")


def _until(page: Any, check: Callable[[], bool], timeout_ms: int) -> None:
    deadline = time.monotonic() + timeout_ms / 1000
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError("no download")
        page.wait_for_timeout(20)


def _map_box(page: Any, timeout_ms: int) -> dict:
    _idle(page, timeout_ms)
    frame = page.frame_locator(MAP_IFRAME).first
    frame.locator(SECTORS_READY).wait_for(timeout=timeout_ms)
    return frame.locator(".leaflet-container").bounding_box()


# ---------------------------------------------------------------- the facilitator

def facilitator(rec: Recorder, browser: Any, scale: str, rep: int) -> None:
    server, timeout = rec.server, rec.timeout_ms
    seeded = server.projects[scale]
    project = seeded["project"]
    page, visit = _user_page(server, browser, f"{scale}/facilitator", {"width": 1920, "height": 1080})
    page.set_default_timeout(timeout)
    try:
        _sign_in(page, server, "facilitator", timeout)
        if not rec.measure(page, f"facilitator: open moderation ({visit})",
                           lambda: page.goto(f"{server.url}/moderatie?workshop=1&project={project}"),
                           _visible(page.locator(".js-plotly-plot"), timeout), navigation=True):
            return
        rec.measure(page, "facilitator: moderation queue", _section_button(page, "Moderatie").click,
                    _visible(page.locator("[data-idea]"), timeout))
        idea = seeded["reported"][rep % len(seeded["reported"])]
        rec.measure(page, "facilitator: approve", page.locator(f".st-key-ideas_approve_{idea} button").click,
                    _visible(page.get_by_text(f"Idee #{idea} is goedgekeurd en zichtbaar."), timeout))
        duplicate, keep = seeded["duplicates"][rep % len(seeded["duplicates"])][::-1]
        for label, title in (("Dubbel idee", duplicate), ("Samenvoegen met", keep)):
            pick = _Pick(page, label, title)
            pick.open()
            pick.click()
            page.wait_for_timeout(300)
            _idle(page, timeout)
        rec.measure(page, "facilitator: merge", page.get_by_role("button", name="Voeg samen").click,
                    _visible(page.get_by_text(re.compile("is samengevoegd met")), timeout))
        page.goto(f"{server.url}/actoren?project={project}")
        _idle(page, timeout)
        rec.measure(page, "facilitator: stakeholder charts", _section_button(page, "Kaarten").click,
                    lambda: page.locator(".js-plotly-plot").nth(4).wait_for(timeout=timeout))
    finally:
        page.close()


# ---------------------------------------------------------------- the resident

def resident(rec: Recorder, browser: Any, scale: str, rep: int) -> None:
    from wijk_core.i18n import t

    server, timeout = rec.server, rec.timeout_ms
    seeded = server.projects[scale]
    page, visit = _user_page(server, browser, f"{scale}/resident", {"width": 390, "height": 844}, phone=True)
    page.set_default_timeout(timeout)
    try:
        name = f"resident: open idea map ({visit})"
        frame = page.frame_locator(MAP_IFRAME).first
        if not rec.measure(page, name, lambda: page.goto(f"{server.url}/ideeen?project={seeded['project']}&lang=nl"),
                           _visible(frame.locator("path.wijk-idea"), timeout), navigation=True):
            return
        page.wait_for_timeout(800)  # Leaflet fits the bounds after the first frame
        form = page.locator('[data-testid="stForm"]').filter(has_text="Plaats mijn idee")
        spot: list[tuple[float, float]] = []
        if rec.measure(page, "resident: tap the map", lambda: page.touchscreen.tap(*spot[0]), _visible(form, timeout),
                       prepare=lambda: spot.append(_away_from_ideas(page, seeded["free"]))):
            title = f"Idee {server.label} {rep} {time.time_ns() % 10**6}"
            form.get_by_text("Mobiliteit", exact=True).click()
            form.get_by_label("Titel").fill(title)
            rec.measure(page, "resident: post an idea", form.get_by_role("button", name="Plaats mijn idee").click,
                        _visible(page.get_by_role("button", name=title), timeout))
        other = SEEDED[rep % len(SEEDED)]
        detail = page.locator(".st-key-ideas_detail_panel")
        if rec.measure(page, "resident: open an idea", page.get_by_role("button", name=other).first.click,
                       _visible(detail.get_by_role("heading", name=other), timeout)):
            rec.measure(page, "resident: vote", detail.get_by_role("radio", name="+1", exact=True).click,
                        _visible(detail.get_by_text("Jouw stem: +1"), timeout))
            text = f"Reactie {server.label} {rep} {time.time_ns() % 10**6}"
            comment = page.locator('[data-testid="stForm"]').filter(has_text="Plaats reactie")
            comment.get_by_text("Voor", exact=True).click()
            comment.get_by_label("Je reactie").fill(text)
            rec.measure(page, "resident: comment", comment.get_by_role("button", name="Plaats reactie").click,
                        _visible(page.locator(".wijk-comment-for").filter(has_text=text), timeout))
        page.get_by_text("Filter de ideeën").first.click()
        categories = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Thema's").first
        # the ideas of the seed are in environment and leisure: their markers leave the map;
        # for the others the page is drawn again by the run, with the same markers
        for category, counted in (("Milieu", True), ("Lokale economie", False), ("Vrije tijd", True),
                                  ("Diensten", False)):
            chip = categories.get_by_role("button", name=t("streamlit.remove", "nl", name=category))
            effect = (_markers_change(page, timeout) if counted else
                      lambda chip=chip: chip.first.wait_for(state="detached", timeout=timeout))
            rec.measure(page, "resident: remove a category filter", chip.first.click, effect, after_run=not counted)
    finally:
        page.close()


def first_map(server: Server, browser: Any, scale: str, timeout_ms: int) -> float:
    """Open the selection map of a scale once, untimed by the table: the first map of a new data set reads
    its files and builds the map's geometry files (minutes for the national layer). Returns seconds."""
    context = _context(browser, {"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    try:
        _sign_in(page, server, "officer", timeout_ms)
        started = time.perf_counter()
        page.goto(f"{server.url}/wijkselectie?project={server.projects[scale]['project']}")
        page.frame_locator(MAP_IFRAME).first.locator(SECTORS_READY).wait_for(timeout=600_000)
        return time.perf_counter() - started
    finally:
        context.close()


def _markers_change(page: Any, timeout_ms: int) -> Callable[[], None]:
    """An effect: the number of idea markers on the map differs from now."""
    markers = page.frame_locator(MAP_IFRAME).first.locator("path.wijk-idea")
    before = markers.count()
    return lambda: _until(page, lambda: markers.count() != before, timeout_ms)


def _away_from_ideas(page: Any, spots: list[tuple[float, float]]) -> tuple[float, float]:
    """The screen point of the spot farthest from every idea's marker (a tap on a marker opens that idea).

    Measured once the page and the map's view have settled (on a phone the map is scrolled into view first,
    and a returning browser restores its last view after the first frame: a point taken before either
    moved lands elsewhere, often on a marker), as the distance to each marker's edge, not its centre.
    """
    page.locator(MAP_IFRAME).first.scroll_into_view_if_needed()
    last = None
    for _ in range(40):
        view = [page.evaluate("() => window.scrollY"), page.locator(MAP_IFRAME).first.bounding_box()["y"],
                map_frame(page).evaluate("() => { const c = window.map.getCenter(); "
                                         "return [c.lat, c.lng, window.map.getZoom()]; }")]
        if view == last:
            break
        last = view
        page.wait_for_timeout(150)
    boxes = page.frame_locator(MAP_IFRAME).first.locator("path.wijk-idea").evaluate_all(
        "paths => paths.map(p => { const b = p.getBoundingClientRect(); return [b.x, b.y, b.width, b.height]; })")
    origin = page.locator(MAP_IFRAME).first.bounding_box()

    def clearance(point: tuple[float, float]) -> float:
        x, y = point[0] - origin["x"], point[1] - origin["y"]
        return min((((max(left - x, 0.0, x - left - width)) ** 2 + (max(top - y, 0.0, y - top - height)) ** 2) ** 0.5
                    for left, top, width, height in boxes), default=0.0)

    points = []
    for lon, lat in spots:
        try:
            points.append(screen_point(page, lon, lat))
        except AssertionError:  # out of the map's view
            continue
    return max(points, key=clearance)


PATHS = {"officer": officer, "facilitator": facilitator, "resident": resident}


# ---------------------------------------------------------------- main

def _load() -> str:
    try:
        load = os.getloadavg()
        return f"load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} on {os.cpu_count()} cores"
    except OSError:
        return "load average unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3,
                        help="repetitions of each user's path at Zennevallei scale (default 3: about 15 min in all)")
    parser.add_argument("--scale", choices=(*SCALES, "both"), default="both")
    parser.add_argument("--only", default="", help="comma-separated words: only interactions whose name has one")
    parser.add_argument("--baseline", default="main", help="git commit to compare with (default: main)")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--national-repeat", type=int, default=1,
                        help="repetitions at national scale (default 1: its first map alone takes minutes)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds one interaction may take")
    parser.add_argument("--seed", nargs=4, metavar=("SCALE", "URL", "REPEAT", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.seed:
        scale, url, repeat, folder = args.seed
        print(json.dumps(seed(scale, url, int(repeat), Path(folder))))
        return 0
    if not Path(CHROMIUM).is_file():
        print(f"{CHROMIUM} not found: set WIJK_CHROMIUM (interaction benchmark skipped)")
        return 0
    scales = list(SCALES) if args.scale == "both" else [args.scale]
    if "zennevallei" in scales and not (REAL / ZENNEVALLEI["sectors"][0]).is_file():
        print(f"(real data folder {REAL} not found: Zennevallei skipped; set WIJK_REAL_DATA)")
        scales.remove("zennevallei")
    only = [word.strip() for word in args.only.split(",") if word.strip()]
    print(f"Interactions in headless Chromium, outside network blocked; {_load()} at the start")
    failures = False
    with ExitStack() as stack:
        work = Path(tempfile.mkdtemp(prefix="wijk-bench-interactions-"))
        stack.callback(shutil.rmtree, work, ignore_errors=True)
        national = None
        if "national" in scales:
            from national import write

            started = time.perf_counter()
            national = work / "national"
            write(national, demo=True)
            print(f"(national layer written in {time.perf_counter() - started:.0f} s)")
        servers = [Server("current", REPO)]
        if not args.no_baseline:
            servers.append(Server("baseline", _baseline_tree(args.baseline, stack)))
        for server in servers:
            _start(server, scales, max(args.repeat, args.national_repeat), work, national, stack)
        from playwright.sync_api import sync_playwright

        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"])
        timeout_ms = int(args.timeout * 1000)
        for scale in scales:
            recorders = {s.label: Recorder(s, only, timeout_ms) for s in servers}
            repeat = args.repeat if scale == "zennevallei" else args.national_repeat
            if scale == "national":
                for server in servers:
                    print(f"({server.label}: first map of the national data set, files read and geometry built, "
                          f"{first_map(server, browser, scale, timeout_ms):.0f} s)", flush=True)
            started = time.perf_counter()
            for rep in range(repeat):
                turn = servers if rep % 2 == 0 else servers[::-1]  # take turns: a busy moment slows both
                for role, path in PATHS.items():
                    for server in turn:
                        try:
                            path(recorders[server.label], browser, scale, rep)
                        except Exception as error:  # noqa: BLE001  (a step that is not timed failed)
                            recorders[server.label].failed.setdefault(
                                f"{role}: path stopped", f"{type(error).__name__}: {str(error).splitlines()[0][:140]}")
                print(f"  {scale}: repetition {rep + 1} of {repeat} done "
                      f"({time.perf_counter() - started:.0f} s)", flush=True)
            rows = summarise(recorders["current"].samples)
            baseline = ({row.name: row for row in summarise(recorders["baseline"].samples)}
                        if "baseline" in recorders else None)
            print(f"\n{scale}: {repeat} repetitions in {time.perf_counter() - started:.0f} s; {_load()}; "
                  f"seconds; cpu = server CPU seconds per interaction; ratio = current / baseline, p50 of the later "
                  f"of idle and visible")
            print(table(scale, rows, baseline, recorders["current"].failed))
            if "baseline" in recorders and recorders["baseline"].failed:
                print("  baseline could not: " + "; ".join(
                    f"{name}: {error}" for name, error in recorders["baseline"].failed.items()))
            print(summary_line(scale, rows, recorders["current"].failed))
            failures |= bool(recorders["current"].failed)
        browser.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
