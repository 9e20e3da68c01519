"""A workshop's residents all at once: N phones open the idea map, post ideas, vote and comment.

N residents work in parallel for a fixed time against

- ``sqlite``: one app server on a SQLite file, and
- ``postgresql``: two app servers on one PostgreSQL database, residents alternating
  between them (as behind a proxy with sticky sessions).

Two clients (``--client``):

- ``browser``: each resident a touch-screen context of one headless Chromium (outside
  network blocked). More than a few of them on this machine measure the browsers.
- ``protocol``: each resident a websocket speaking Streamlit's own protocol
  (:mod:`bench.workshop_protocol`): the BackMsgs a browser sends, the ForwardMsgs read
  until the run that shows the effect has finished. Light enough for 60 and more.
  ``auto`` (the default) takes browsers up to 5 residents, the protocol above.

Each resident opens the map of a project with a neighbourhood and a few ideas, then
loops: taps a spot inside the neighbourhood (the form opens), posts an idea (until it
is listed), opens an idea from the list, votes +1 on it once (until "your vote" shows)
and comments (until the comment shows). She pauses ``--think`` seconds on average
before each action (0: a closed loop, as fast as the server answers) and posts no more
ideas and comments than the app allows one participant. Every request carries its own
``X-Forwarded-For`` and the servers trust it (``WIJK_TRUSTED_PROXY_HEADER``), as phones
on a community centre's network each have their own address.

Printed per backend and N: p50/p95 of each action (action → effect shown), the errors
(timeouts, failures, a run that ended without the effect), the lost clicks (nothing for
8 s, after which the resident clicks again; its time counts from the first click),
whether every write was stored exactly once (each posted title once, each comment once,
the vote rows of each idea equal to the votes seen on screen), the CPU the app servers,
PostgreSQL and the protocol client used (cores), the app's CPU per action, the websocket
traffic, and whether the target holds: p95 ≤ 3 s, no error, no lost click, no write lost.
Everything runs on the same machine, so the load average before each run is printed too.

Usage::

    python bench/bench_workshop.py                       # N = 10, 30, 60; 120 s each; both backends
    python bench/bench_workshop.py --residents 5 --seconds 30 --backends sqlite --client browser
    python bench/bench_workshop.py --residents 60 --think 0 --backends postgresql
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from contextlib import ExitStack
from pathlib import Path

import geopandas as gpd
from shapely import Point
from sqlalchemy import func, select

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))  # the test suite's local PostgreSQL server
sys.path.insert(0, str(REPO / "tests" / "browser"))  # its project on the demo wijk

from bench import workshop_protocol as wp  # noqa: E402
from bench.workshop_checks import percentile, write_problems  # noqa: E402
from bench.bench_map import CHROMIUM, peak_memory_mb, serve  # noqa: E402
from ideas_ui import neighbourhood_project  # noqa: E402

from wijk_core.i18n import t  # noqa: E402
from wijk_core.ideas import IdeaArea, IdeaPlace, new_participant_token, to_lambert, to_wgs84  # noqa: E402
from wijk_core.ideas import store as si  # noqa: E402
from wijk_core.ideas.rules import DEFAULT_LIMITS  # noqa: E402
from wijk_core.ideas.tables import IdeaVoteRow  # noqa: E402
from wijk_core.store import get_store  # noqa: E402

TARGET_P95_S = 3.0
THINK_S = 5.0  # a resident reads, chooses and types between taps; 0 makes a closed loop (a stress test)
BROWSERS_UP_TO = 5  # residents; more headless browsers than this on 2 cores measure the browsers, not the server
LOST_CLICK_S = 8.0  # a click without effect for this long is lost: the resident clicks again
SHOTS = Path(os.environ["WIJK_BENCH_SHOTS"]) if os.environ.get("WIJK_BENCH_SHOTS") else None  # on errors
MAP_IFRAME = 'iframe[title*="streamlit_folium"]'
LISTED = '[class*="st-key-ideas_open_"]'  # the ideas listed beside the map (the first page of the list)
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
ACTIONS = ("open", "tap", "post", "open idea", "vote", "comment")
PAGE_NAME = "ideeen"
WORDS = {key: t(f"ideas.{name}", "nl") for key, name in (
    ("send", "send"), ("category", "field_category"), ("title", "field_title"), ("vote", "your_vote"),
    ("stance", "stance"), ("for", "stance_for"), ("comment", "comment_text"), ("comment_send", "comment_send"))}
WORDS["voted"] = t("ideas.vote_current", "nl", value="+1").split(". ")[0]  # "Jouw stem: +1"
SEEDED = ("Meer bomen op het plein", "Fietsstraat naar de school", "Bank bij de bushalte", "Speelstraat in de zomer")


def _project(url: str) -> tuple[int, IdeaArea]:
    store = get_store(url)
    project, area = neighbourhood_project(store, f"Workshop {time.time_ns()}")
    lon, lat = to_wgs84(*area.geometry.representative_point().coords[0])
    for title in SEEDED:
        store.write(si.add_idea, project.id, new_participant_token(), IdeaPlace(lon, lat, *to_lambert(lon, lat)),
                    category="environment", title=title)
    return project.id, area


def _spot(area: IdeaArea, rng: random.Random) -> tuple[float, float]:
    shape = area.geometry  # Lambert 72
    minx, miny, maxx, maxy = shape.bounds
    while True:
        point = Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if shape.buffer(-40).contains(point):
            lon, lat = gpd.GeoSeries([point], crs=31370).to_crs(4326).iloc[0].coords[0]
            return lon, lat


class Resident:
    """One phone: its address, its pace and its log of (action, seconds); the loop both clients share.

    Before each action the resident pauses ``think`` seconds on average (0.5–1.5×, 0: none, as fast as the
    server answers). She posts at most as many ideas and comments as the app allows one participant in ten
    minutes (:data:`wijk_core.ideas.rules.DEFAULT_LIMITS`), then goes on opening ideas and voting (a refused
    post would be the app's rule working, not an error).
    """

    def __init__(self, number: int, base: str, project: int, area: IdeaArea, deadline: float, think: float):
        self.number, self.base, self.project, self.area, self.deadline = number, base, project, area, deadline
        self.think = think
        self.rng = random.Random(number)
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.posted: list[str] = []
        self.comments: list[str] = []
        self.voted: set[int] = set()  # ids of the ideas this resident's vote was seen on
        self.lost_clicks: list[str] = []
        self.tried: Counter[str] = Counter()
        # the app's limits per participant (5 ideas, 20 comments per 10 minutes): a workshop run is shorter
        self.allowed = {"post": DEFAULT_LIMITS.ideas.count, "comment": DEFAULT_LIMITS.comments.count}

    async def _pause(self) -> None:
        if self.think:
            await asyncio.sleep(self.think * self.rng.uniform(0.5, 1.5))

    async def _timed(self, action: str, step, since: float | None = None) -> bool:
        """Pause, then time ``step`` (from ``since`` when given); a failure is logged and the resident goes on."""
        if since is None:
            await self._pause()
        started = time.perf_counter() if since is None else since
        self.tried[action] += 1
        try:
            await step()
        except Exception as error:  # noqa: BLE001  (a timeout, a failed step, no effect: counted)
            self.errors.append(f"{action}: {type(error).__name__}: {(str(error).splitlines() or [''])[0][:200]}")
            await self._on_error(action)
            return False
        self.times[action].append(time.perf_counter() - started)
        return True

    async def _on_error(self, action: str) -> None:
        """Keep evidence of a failed action (the browser client takes a screenshot)."""

    async def _loop(self) -> None:
        """Tap and post (while allowed), open an idea of the list, vote once on it, comment (while allowed)."""
        round_ = 0
        while time.monotonic() < self.deadline:
            round_ += 1
            if self.tried["post"] < self.allowed["post"]:
                title = f"Idee {self.number}-{round_} {self.rng.randrange(10**6)}"
                if await self._timed("tap", self._tap) and await self._timed("post", lambda: self._post(title)):
                    self.posted.append(title)
                if time.monotonic() >= self.deadline:
                    break
            listed = await self._listed()
            if not listed:
                self.errors.append("open idea: no idea listed")
                await asyncio.sleep(1)
                continue
            idea = self.rng.choice(listed)
            if not await self._timed("open idea", lambda: self._open_idea(idea)):
                continue
            if idea not in self.voted and time.monotonic() < self.deadline and await self._timed("vote", self._vote):
                self.voted.add(idea)
            if self.tried["comment"] < self.allowed["comment"] and time.monotonic() < self.deadline:
                text = f"Reactie {self.number}-{round_} {self.rng.randrange(10**6)}"
                if await self._timed("comment", lambda: self._comment(text)):
                    self.comments.append(text)

    @property
    def address(self) -> str:
        """This phone's address, as the proxy (trusted by the servers) reports it."""
        return f"10.8.{self.number // 250}.{self.number % 250 + 1}"


class BrowserResident(Resident):
    """A phone as a touch-screen context of a headless Chromium (outside network blocked)."""

    tab = None

    async def run(self, browser) -> None:
        context = await browser.new_context(
            viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, locale="nl-BE",
            service_workers="block", extra_http_headers={"X-Forwarded-For": self.address})
        await context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
            ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")) else route.abort())
        self.tab = await context.new_page()
        self.tab.set_default_timeout(30_000)
        try:
            if await self._timed("open", self._open):
                await self._loop()
        finally:
            await context.close()

    async def _on_error(self, action: str) -> None:
        if self.tab is not None and SHOTS is not None:
            SHOTS.mkdir(parents=True, exist_ok=True)
            await self.tab.screenshot(path=str(SHOTS / f"{self.number}-{len(self.errors)}-{action}.png"))

    async def _open(self) -> None:
        await self.tab.goto(f"{self.base}/{PAGE_NAME}?project={self.project}&lang=nl")
        await self.tab.wait_for_selector(IDLE)
        await self.tab.frame_locator(MAP_IFRAME).first.locator(".leaflet-container").wait_for()

    async def _tap(self) -> None:
        page = self.tab
        form = page.locator('[data-testid="stForm"]').filter(has_text=WORDS["send"])
        for attempt in range(2):
            lon, lat = _spot(self.area, self.rng)
            iframe = page.locator(MAP_IFRAME).first
            await iframe.scroll_into_view_if_needed()
            frame = next(f for f in page.frames if "streamlit_folium" in f.url)
            x, y = await frame.evaluate("([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]);"
                                        " return [p.x, p.y]; }", [lat, lon])
            box = await iframe.bounding_box()
            await page.touchscreen.tap(box["x"] + x, box["y"] + y)
            try:
                await form.wait_for(timeout=LOST_CLICK_S * 1000 if attempt == 0 else 30_000)
                return
            except Exception:  # noqa: BLE001  (nothing happened: the tap was lost, tap again)
                if attempt == 1:
                    raise
                self.lost_clicks.append("tap")

    async def _post(self, title: str) -> None:
        form = self.tab.locator('[data-testid="stForm"]').filter(has_text=WORDS["send"])
        await form.get_by_text("Mobiliteit", exact=True).click()
        await form.get_by_label(WORDS["title"]).fill(title)
        await self._click_until("post", form.get_by_role("button", name=WORDS["send"]),
                                self.tab.get_by_role("button", name=title).first)

    async def _listed(self) -> list[int]:
        classes = await self.tab.locator(LISTED).evaluate_all(
            "(all) => all.map((e) => [...e.classList].find((c) => c.startsWith('st-key-ideas_open_')))")
        return sorted({int(c.removeprefix("st-key-ideas_open_")) for c in classes})

    async def _open_idea(self, idea: int) -> None:
        button = self.tab.locator(f".st-key-ideas_open_{idea} button").filter(visible=True).first
        title = (await button.inner_text()).split(" · ")[0].strip()
        await button.click()
        await self.tab.locator(".st-key-ideas_detail_panel").get_by_role("heading", name=title).wait_for()

    async def _vote(self) -> None:
        detail = self.tab.locator(".st-key-ideas_detail_panel")
        await detail.get_by_role("radio", name="+1", exact=True).click()
        await detail.get_by_text(WORDS["voted"]).wait_for()

    async def _comment(self, text: str) -> None:
        form = self.tab.locator('[data-testid="stForm"]').filter(has_text=WORDS["comment_send"])
        await form.get_by_text(WORDS["for"], exact=True).click()
        await form.get_by_label(WORDS["comment"]).fill(text)
        await self._click_until("comment", form.get_by_role("button", name=WORDS["comment_send"]),
                                self.tab.locator(".wijk-comment-for").filter(has_text=text).first)

    async def _click_until(self, action: str, button, effect) -> None:
        """Click, and click once more when nothing came of it, as a resident would (a lost click, counted)."""
        await button.click()
        try:
            await effect.wait_for(timeout=LOST_CLICK_S * 1000)
            return
        except Exception:  # noqa: BLE001  (nothing happened: the click was lost)
            self.lost_clicks.append(action)
        await button.click()
        await effect.wait_for()


class ProtocolResident(Resident):
    """A phone speaking Streamlit's websocket protocol itself (:mod:`bench.workshop_protocol`), no browser.

    It sends what the browser would send (the map's tap as the component's JSON value, a form's fields with
    its submit button, a vote as the segmented control's value) and times each action from sending to the
    end of the run that shows its effect. A run that ends without the effect is an error; no run ending for
    8 s is a lost click, sent once more.
    """

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.page = wp.Page()
        self.states: dict[str, object] = {}
        self.socket = None
        self.changed = asyncio.Event()

    async def run(self, browser=None) -> None:  # noqa: ARG002  (same signature as the browser resident)
        import websockets  # noqa: PLC0415  (a dependency of streamlit)

        reader = None
        try:
            await self._pause()
            started = time.perf_counter()
            try:
                self.socket = await websockets.connect(
                    wp.stream_url(self.base), subprotocols=[wp.SUBPROTOCOL], max_size=None, open_timeout=30,
                    ping_interval=None, additional_headers={"X-Forwarded-For": self.address})
            except Exception as error:  # noqa: BLE001  (refused or timed out: counted)
                self.errors.append(f"open: {type(error).__name__}: {error}")
                return
            reader = asyncio.create_task(self._read())
            if await self._timed("open", lambda: self._send("open", [], self._map_shown), since=started):
                await self._loop()
        finally:
            if reader is not None:
                reader.cancel()
            if self.socket is not None:
                await self.socket.close()

    async def _read(self) -> None:
        async for data in self.socket:
            before = self.page.finished
            self.page.feed(data)
            if self.page.finished != before:
                self.changed.set()

    def _map_shown(self) -> bool:
        return bool(self.page.find("component_instance", "st_folium"))

    async def _send(self, action: str, changes: list[tuple[wp.Widget, object]], effect) -> None:
        """Send the widgets' new values (with all others the page keeps) until a run shows ``effect()``."""
        for widget, value in changes:
            self.states[widget.id] = wp.widget_state(widget, value)
        message = wp.rerun_message(f"project={self.project}&lang=nl", PAGE_NAME, list(self.states.values()))
        self.states = {k: v for k, v in self.states.items() if v.WhichOneof("value") != "trigger_value"}
        for attempt in range(2):
            runs = self.page.runs
            await self.socket.send(message)
            try:
                await asyncio.wait_for(self._finished_after(runs), LOST_CLICK_S if attempt == 0 else 30)
                break
            except TimeoutError:
                if attempt == 1:
                    raise
                self.lost_clicks.append(action)
        shown = {w.id for w in self.page.widgets()}
        self.states = {k: v for k, v in self.states.items() if k in shown}
        if not effect():
            alerts = [text for kind, element in self.page.elements.values() if kind == "alert"
                      for text in [wp.plain(element.body)]]
            raise AssertionError(f"the run ended without showing the effect; alerts: {alerts}")

    async def _finished_after(self, runs: int) -> None:
        while self.page.finished <= runs:
            self.changed.clear()
            await self.changed.wait()

    async def _tap(self) -> None:
        lon, lat = _spot(self.area, self.rng)
        (fmap,) = self.page.find("component_instance", "st_folium")
        await self._send("tap", [(fmap, wp.map_tap(lon, lat))],
                         lambda: bool(self.page.find("button", WORDS["send"], form=True)))

    async def _post(self, title: str) -> None:
        (category,) = self.page.find("radio", WORDS["category"], form=True)
        (field,) = self.page.find("text_input", WORDS["title"], form=True)
        (button,) = self.page.find("button", WORDS["send"], form=True)
        await self._send("post", [(category, self.rng.choice(category.options)), (field, title), (button, True)],
                         lambda: self.page.on_component("st_folium", title))  # a marker on the map

    async def _listed(self) -> list[int]:
        return [int(w.key.removeprefix("ideas_open_")) for w in self.page.find("button", key_prefix="ideas_open_")]

    async def _open_idea(self, idea: int) -> None:
        (button,) = [w for w in self.page.find("button", key_prefix="ideas_open_") if w.key == f"ideas_open_{idea}"]
        title = button.label.split(" · ")[0]
        await self._send("open idea", [(button, True)], lambda: bool(self.page.find("button_group", WORDS["vote"]))
                         and any(title in text for kind, element in self.page.elements.values() if kind == "html"
                                 for text in [wp.plain(element.body)]))

    async def _vote(self) -> None:
        (vote,) = self.page.find("button_group", WORDS["vote"])
        await self._send("vote", [(vote, "+1")], lambda: self.page.shows(WORDS["voted"]))

    async def _comment(self, text: str) -> None:
        (stance,) = self.page.find("radio", WORDS["stance"], form=True)
        (field,) = self.page.find("text_area", WORDS["comment"], form=True)
        (button,) = self.page.find("button", WORDS["comment_send"], form=True)
        await self._send("comment", [(stance, WORDS["for"]), (field, text), (button, True)],
                         lambda: self.page.shows(text))


def _cpu_seconds(pid: int, children: bool = False) -> float:
    """User + system CPU seconds of a process (and of its children it waited for, if ``children``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(fields[i]) for i in ((11, 12, 13, 14) if children else (11, 12)))
    return ticks / os.sysconf("SC_CLK_TCK")


def _database_cpu_seconds(data_dir: Path | None) -> float:
    """CPU seconds of the PostgreSQL server on ``data_dir``: its postmaster, the children it reaped, the live ones."""
    if data_dir is None:
        return 0.0
    postmaster = int((data_dir / "postmaster.pid").read_text().split()[0])
    total = _cpu_seconds(postmaster, children=True)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == postmaster:
                total += _cpu_seconds(int(stat.parent.name))
        except (OSError, ValueError):  # ended meanwhile
            continue
    return total


async def _workshop(urls: list[str], project: int, area: IdeaArea, residents: int, seconds: float,
                    client: str, think: float) -> list[Resident]:
    deadline = time.monotonic() + seconds
    if client == "protocol":
        crowd = [ProtocolResident(n, urls[n % len(urls)], project, area, deadline, think) for n in range(residents)]
        await asyncio.gather(*(resident.run() for resident in crowd))
        return crowd
    from playwright.async_api import async_playwright  # noqa: PLC0415  (a development tool)

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        crowd = [BrowserResident(n, urls[n % len(urls)], project, area, deadline, think) for n in range(residents)]
        await asyncio.gather(*(resident.run(browser) for resident in crowd))
        await browser.close()
    return crowd


def _stored_once(url: str, project: int, crowd: list[Resident]) -> list[str]:
    """What was lost or doubled: every posted title once, every comment once, one vote per resident and idea."""
    store = get_store(url)
    with store.reading() as session:
        ideas = si.list_ideas(session, project)
        comments = [c.text for idea in ideas for c in si.list_comments(session, idea.id)]
        rows = {idea.id: session.scalar(select(func.count()).select_from(IdeaVoteRow).where(
            IdeaVoteRow.idea_id == idea.id)) for idea in ideas}
    voted = Counter(idea for r in crowd for idea in r.voted)
    return write_problems([t for r in crowd for t in r.posted], [idea.title for idea in ideas],
                          [c for r in crowd for c in r.comments], comments, voted, rows,
                          {idea.id: idea.votes for idea in ideas})


def _report(backend: str, residents: int, client: str, crowd: list[Resident], problems: list[str],
            load: dict[str, float]) -> bool:
    """Print one workshop's numbers; returns whether the target held."""
    times: dict[str, list[float]] = defaultdict(list)
    for resident in crowd:
        for action, values in resident.times.items():
            times[action] += values
    errors = [e for r in crowd for e in r.errors]
    lost = [action for r in crowd for action in r.lost_clicks]
    worst = max((percentile(times[a], 0.95) for a in ACTIONS if times[a]), default=float("nan"))
    held = worst <= TARGET_P95_S and not errors and not problems and not lost
    wall = load["wall"]
    print(f"\n{backend}, {residents} residents ({client} client), {wall:.0f} s, load average before "
          f"{load['load_before']:.1f}: app server CPU {load['app_cpu'] / wall:.2f} cores "
          f"({', '.join(f'{c / wall:.2f}' for c in load['app_cpus'])} per server), database "
          f"{load['db_cpu'] / wall:.2f} cores, this client {load['client_cpu'] / wall:.2f} cores "
          f"(2 cores on this machine); peak memory {', '.join(f'{m:.0f} MB' for m in load['memory'])}")
    received = sum(r.page.received for r in crowd if isinstance(r, ProtocolResident))
    actions = sum(len(v) for v in times.values())
    print(f"  {actions} actions, {actions / wall:.1f} per second; app server CPU per action "
          f"{load['app_cpu'] / max(actions, 1) * 1000:.0f} ms" + (
              f"; websocket {received / 1e6:.1f} MB received, {received / 1e3 / actions:.0f} kB per action"
              if received and actions else ""))
    print(f"  {'action':<10} {'count':>6} {'p50 s':>7} {'p95 s':>7}")
    for action in ACTIONS:
        values = times[action]
        print(f"  {action:<10} {len(values):>6} {statistics.median(values) if values else float('nan'):>7.2f} "
              f"{percentile(values, 0.95):>7.2f}")
    print(f"  errors: {len(errors)}" + "".join(f"\n    {e}" for e in errors[:8]))
    print(f"  lost clicks (clicked again after {LOST_CLICK_S:.0f} s): {len(lost)}"
          + (f" ({', '.join(f'{a} {lost.count(a)}' for a in dict.fromkeys(lost))})" if lost else ""))
    print(f"  stored exactly once: {'yes' if not problems else 'NO'}" + "".join(f"\n    {p}" for p in problems[:8]))
    print(f"  target (p95 ≤ {TARGET_P95_S:.0f} s, 0 errors, 0 lost clicks, 0 lost writes): "
          f"{'met' if held else 'MISSED'}", flush=True)
    return held


def _servers(backend: str, stack: ExitStack, work: Path) -> tuple[list, str, Path | None]:
    env = {**os.environ, "WIJK_BASEMAP": "none", "WIJK_TRUSTED_PROXY_HEADER": "X-Forwarded-For",
           "PYTHONUNBUFFERED": "1"}
    env.pop("WIJK_FACILITATOR_PASSWORD", None)
    if backend == "sqlite":
        url = f"sqlite:///{work / 'workshop.sqlite3'}"
        count, data_dir = 1, None
    else:
        import pg_server  # noqa: PLC0415  (the test suite's local server)

        server = pg_server.start_postgres(pg_server.find_bindir())
        stack.callback(server.stop)
        url = server.create_schema()
        count, data_dir = 2, server.data_dir
    get_store(url)  # migrate once, before the servers start
    command = [sys.executable, "-m", "wijk_app.serve"]
    served = [stack.enter_context(serve(command, {**env, "WIJK_DATABASE_URL": url}, work / f"{backend}-{n}.log",
                                        REPO)) for n in range(count)]
    return served, url, data_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", default="10,30,60", help="comma-separated numbers of residents")
    parser.add_argument("--seconds", type=float, default=120.0, help="how long each workshop lasts")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--think", type=float, default=THINK_S,
                        help="seconds a resident pauses before each action, on average (0: none)")
    parser.add_argument("--client", choices=("auto", "browser", "protocol"), default="auto",
                        help=f"browser contexts, or Streamlit's websocket protocol (auto: browsers up to "
                             f"{BROWSERS_UP_TO} residents)")
    args = parser.parse_args(argv)
    counts = [int(n) for n in args.residents.split(",")]
    held_up_to: dict[str, int] = {}
    failed = False
    for backend in args.backends.split(","):
        with tempfile.TemporaryDirectory(prefix="wijk-workshop-") as folder, ExitStack() as stack:
            served, url, data_dir = _servers(backend, stack, Path(folder))
            for residents in counts:
                client = args.client if args.client != "auto" else (
                    "browser" if residents <= BROWSERS_UP_TO else "protocol")
                project, area = _project(url)
                pids = [process.pid for _, process in served]
                before = [_cpu_seconds(pid) for pid in pids], _database_cpu_seconds(data_dir), time.process_time()
                load_before = os.getloadavg()[0]
                started = time.monotonic()
                crowd = asyncio.run(_workshop([base for base, _ in served], project, area, residents, args.seconds,
                                              client, args.think))
                app_cpus = [_cpu_seconds(pid) - cpu for pid, cpu in zip(pids, before[0], strict=True)]
                load = {"wall": time.monotonic() - started, "load_before": load_before, "app_cpus": app_cpus,
                        "app_cpu": sum(app_cpus), "db_cpu": _database_cpu_seconds(data_dir) - before[1],
                        "client_cpu": time.process_time() - before[2], "memory": [peak_memory_mb(p) for p in pids]}
                problems = _stored_once(url, project, crowd)
                failed |= bool(problems)
                if _report(f"{backend}, think {args.think:g} s", residents, client, crowd, problems, load):
                    held_up_to[backend] = residents
    print("\nlargest N that held the target: " + ", ".join(
        f"{backend} {held_up_to.get(backend, 'none')}" for backend in args.backends.split(",")))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
