"""A workshop's residents all at once: N phones open the idea map, post ideas, vote and comment.

N residents, each a touch-screen browser context of one headless Chromium (outside
network blocked), work in parallel for a fixed time against

- ``sqlite``: one app server on a SQLite file, and
- ``postgresql``: two app servers on one PostgreSQL database, residents alternating
  between them (as behind a proxy with sticky sessions).

Each resident opens the map of a project with a neighbourhood and a few ideas, then
loops: taps a spot inside the neighbourhood (the form opens), posts an idea (until it
is listed), opens another idea from the list, votes +1 (until "your vote" shows) and
comments (until the comment shows). Every request carries its own ``X-Forwarded-For``
and the servers trust it (``WIJK_TRUSTED_PROXY_HEADER``), as phones on a community
centre's network each have their own address.

Printed per backend and N: p50/p95 of each action (click → effect visible), the
errors (timeouts and failures), whether every write was stored exactly once (each
posted title once, each comment once, one vote per resident and idea), the servers'
CPU seconds per wall second, the lost clicks (a click that showed nothing for 8 s, after
which the resident clicks again; its time counts from the first click), and whether the
target holds: p95 ≤ 3 s, no error, no lost click, no write lost. The browsers run on the same machine as the servers and take their share
of its cores: the numbers are an upper bound of what the server alone would need.

Usage::

    python bench/bench_workshop.py                       # N = 10, 30, 60; 120 s each; both backends
    python bench/bench_workshop.py --residents 5 --seconds 30 --backends sqlite
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
from collections import defaultdict
from contextlib import ExitStack
from pathlib import Path

import geopandas as gpd
from shapely import Point
from sqlalchemy import func, select

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))  # the test suite's local PostgreSQL server
sys.path.insert(0, str(REPO / "tests" / "browser"))  # its project on the demo wijk

from bench.bench_map import CHROMIUM, peak_memory_mb, serve  # noqa: E402
from ideas_ui import neighbourhood_project  # noqa: E402

from wijk_core.ideas import IdeaArea, IdeaPlace, new_participant_token, to_lambert, to_wgs84  # noqa: E402
from wijk_core.ideas import store as si  # noqa: E402
from wijk_core.ideas.tables import IdeaVoteRow  # noqa: E402
from wijk_core.store import get_store  # noqa: E402

TARGET_P95_S = 3.0
LOST_CLICK_S = 8.0  # a click without effect for this long is lost: the resident clicks again
SHOTS = Path(os.environ["WIJK_BENCH_SHOTS"]) if os.environ.get("WIJK_BENCH_SHOTS") else None  # on errors
MAP_IFRAME = 'iframe[title*="streamlit_folium"]'
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
ACTIONS = ("open", "tap", "post", "open idea", "vote", "comment")
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
    """One phone: its own context, address and log of (action, seconds)."""

    def __init__(self, number: int, base: str, project: int, area: IdeaArea, deadline: float):
        self.number, self.base, self.project, self.area, self.deadline = number, base, project, area, deadline
        self.rng = random.Random(number)
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.posted: list[str] = []
        self.comments: list[str] = []
        self.voted: set[str] = set()
        self.lost_clicks: list[str] = []

    async def _timed(self, action: str, step, page=None) -> bool:
        started = time.perf_counter()
        try:
            await step()
        except Exception as error:  # a timeout or a failed step: counted, the resident goes on
            self.errors.append(f"{action}: {type(error).__name__}: {str(error).splitlines()[0][:160]}")
            if page is not None and SHOTS is not None:
                SHOTS.mkdir(parents=True, exist_ok=True)
                await page.screenshot(path=str(SHOTS / f"{self.number}-{len(self.errors)}-{action}.png"))
            return False
        self.times[action].append(time.perf_counter() - started)
        return True

    async def run(self, browser) -> None:
        context = await browser.new_context(
            viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, locale="nl-BE",
            service_workers="block",
            extra_http_headers={"X-Forwarded-For": f"10.8.{self.number // 250}.{self.number % 250 + 1}"})
        await context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
            ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")) else route.abort())
        page = await context.new_page()
        page.set_default_timeout(30_000)
        try:
            if not await self._timed("open", lambda: self._open(page)):
                return
            round_ = 0
            while time.monotonic() < self.deadline:
                round_ += 1
                title = f"Idee {self.number}-{round_} {self.rng.randrange(10**6)}"
                if await self._timed("tap", lambda: self._tap(page), page):
                    if await self._timed("post", lambda: self._post(page, title), page):
                        self.posted.append(title)
                other = self.rng.choice(SEEDED)
                if time.monotonic() >= self.deadline:
                    break
                if await self._timed("open idea", lambda: self._open_idea(page, other), page):
                    if other not in self.voted and await self._timed("vote", lambda: self._vote(page), page):
                        self.voted.add(other)
                    text = f"Reactie {self.number}-{round_} {self.rng.randrange(10**6)}"
                    if await self._timed("comment", lambda: self._comment(page, text), page):
                        self.comments.append(text)
        finally:
            await context.close()

    async def _open(self, page) -> None:
        await page.goto(f"{self.base}/ideeen?project={self.project}&lang=nl")
        await page.wait_for_selector(IDLE)
        await page.frame_locator(MAP_IFRAME).first.locator(".leaflet-container").wait_for()

    async def _tap(self, page) -> None:
        form = page.locator('[data-testid="stForm"]').filter(has_text="Plaats mijn idee")
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

    async def _post(self, page, title: str) -> None:
        form = page.locator('[data-testid="stForm"]').filter(has_text="Plaats mijn idee")
        await form.get_by_text("Mobiliteit", exact=True).click()
        await form.get_by_label("Titel").fill(title)
        await self._click_until(page, "post", form.get_by_role("button", name="Plaats mijn idee"),
                                page.get_by_role("button", name=title).first)

    async def _open_idea(self, page, title: str) -> None:
        await page.get_by_role("button", name=title).first.click()
        await page.locator(".st-key-ideas_detail_panel").get_by_role("heading", name=title).wait_for()

    async def _vote(self, page) -> None:
        detail = page.locator(".st-key-ideas_detail_panel")
        await detail.get_by_role("radio", name="+1", exact=True).click()
        await detail.get_by_text("Jouw stem: +1").wait_for()

    async def _comment(self, page, text: str) -> None:
        form = page.locator('[data-testid="stForm"]').filter(has_text="Plaats reactie")
        await form.get_by_text("Voor", exact=True).click()
        await form.get_by_label("Je reactie").fill(text)
        await self._click_until(page, "comment", form.get_by_role("button", name="Plaats reactie"),
                                page.locator(".wijk-comment-for").filter(has_text=text).first)

    async def _click_until(self, page, action: str, button, effect) -> None:
        """Click, and click once more when nothing came of it, as a resident would (a lost click, counted)."""
        await button.click()
        try:
            await effect.wait_for(timeout=LOST_CLICK_S * 1000)
            return
        except Exception:  # noqa: BLE001  (nothing happened: the click was lost)
            self.lost_clicks.append(action)
        await button.click()
        await effect.wait_for()


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _workshop(urls: list[str], project: int, area: IdeaArea, residents: int, seconds: float) -> list[Resident]:
    from playwright.async_api import async_playwright  # noqa: PLC0415  (a development tool)

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        deadline = time.monotonic() + seconds
        crowd = [Resident(n, urls[n % len(urls)], project, area, deadline) for n in range(residents)]
        await asyncio.gather(*(resident.run(browser) for resident in crowd))
        await browser.close()
    return crowd


def _stored_once(url: str, project: int, crowd: list[Resident]) -> list[str]:
    """What was lost or doubled: every posted title once, every comment once, one vote per resident and idea."""
    store = get_store(url)
    with store.reading() as session:
        ideas = si.list_ideas(session, project)
        titles = [idea.title for idea in ideas]
        comments = [c.text for idea in ideas for c in si.list_comments(session, idea.id)]
        votes = {idea.title: idea.votes for idea in ideas}
        rows = {idea.title: session.scalar(select(func.count()).select_from(IdeaVoteRow).where(
            IdeaVoteRow.idea_id == idea.id)) for idea in ideas}
        clients = {idea.title: session.scalar(select(func.count(func.distinct(IdeaVoteRow.client))).where(
            IdeaVoteRow.idea_id == idea.id)) for idea in ideas}
    problems = []
    for title in (t for r in crowd for t in r.posted):
        if titles.count(title) != 1:
            problems.append(f"idea {title!r} stored {titles.count(title)}×")
    for text in (c for r in crowd for c in r.comments):
        if comments.count(text) != 1:
            problems.append(f"comment {text!r} stored {comments.count(text)}×")
    for title in SEEDED:
        expected = sum(title in r.voted for r in crowd)
        if votes.get(title, 0) < expected:
            problems.append(f"{title!r}: {votes.get(title, 0)} votes counted, {expected} confirmed on screen, "
                            f"{rows.get(title, 0)} vote rows from {clients.get(title, 0)} client keys")
    return problems


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] if ordered else float("nan")


def _report(backend: str, residents: int, crowd: list[Resident], problems: list[str], cpu: float,
            wall: float, memory: list[float]) -> bool:
    times: dict[str, list[float]] = defaultdict(list)
    for resident in crowd:
        for action, values in resident.times.items():
            times[action] += values
    errors = [e for r in crowd for e in r.errors]
    worst = max((_percentile(times[a], 0.95) for a in ACTIONS if times[a]), default=float("nan"))
    held = worst <= TARGET_P95_S and not errors and not problems and not any(r.lost_clicks for r in crowd)
    print(f"\n{backend}, {residents} residents, {wall:.0f} s: server CPU {cpu / wall:.2f} cores "
          f"(2 on this machine, shared with the browsers), peak memory {', '.join(f'{m:.0f} MB' for m in memory)}")
    print(f"  {'action':<10} {'count':>6} {'p50 s':>7} {'p95 s':>7}")
    for action in ACTIONS:
        values = times[action]
        print(f"  {action:<10} {len(values):>6} {statistics.median(values) if values else float('nan'):>7.2f} "
              f"{_percentile(values, 0.95):>7.2f}")
    lost = [action for r in crowd for action in r.lost_clicks]
    print(f"  errors: {len(errors)}" + "".join(f"\n    {e}" for e in errors[:8]))
    print(f"  lost clicks (clicked again after {LOST_CLICK_S:.0f} s): {len(lost)}"
          + (f" ({', '.join(f'{a} {lost.count(a)}' for a in dict.fromkeys(lost))})" if lost else ""))
    print(f"  stored exactly once: {'yes' if not problems else 'NO'}" + "".join(f"\n    {p}" for p in problems[:8]))
    print(f"  target (p95 ≤ {TARGET_P95_S:.0f} s, 0 errors, 0 lost clicks, 0 lost writes): "
          f"{'met' if held else 'MISSED'}")
    return held


def _servers(backend: str, stack: ExitStack, work: Path) -> tuple[list, str]:
    env = {**os.environ, "WIJK_BASEMAP": "none", "WIJK_TRUSTED_PROXY_HEADER": "X-Forwarded-For",
           "PYTHONUNBUFFERED": "1"}
    env.pop("WIJK_FACILITATOR_PASSWORD", None)
    if backend == "sqlite":
        url = f"sqlite:///{work / 'workshop.sqlite3'}"
        count = 1
    else:
        import pg_server  # noqa: PLC0415  (the test suite's local server)

        server = pg_server.start_postgres(pg_server.find_bindir())
        stack.callback(server.stop)
        url = server.create_schema()
        count = 2
    get_store(url)  # migrate once, before the servers start
    command = [sys.executable, "-m", "wijk_app.serve"]
    served = [stack.enter_context(serve(command, {**env, "WIJK_DATABASE_URL": url}, work / f"{backend}-{n}.log",
                                        REPO)) for n in range(count)]
    return served, url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", default="10,30,60", help="comma-separated numbers of residents")
    parser.add_argument("--seconds", type=float, default=120.0, help="how long each workshop lasts")
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args(argv)
    counts = [int(n) for n in args.residents.split(",")]
    held_up_to: dict[str, int] = {}
    failed = False
    for backend in args.backends.split(","):
        with tempfile.TemporaryDirectory(prefix="wijk-workshop-") as folder, ExitStack() as stack:
            served, url = _servers(backend, stack, Path(folder))
            for residents in counts:
                project, area = _project(url)
                pids = [process.pid for _, process in served]
                cpu_before = sum(_cpu_seconds(pid) for pid in pids)
                started = time.monotonic()
                crowd = asyncio.run(_workshop([base for base, _ in served], project, area, residents, args.seconds))
                wall = time.monotonic() - started
                cpu = sum(_cpu_seconds(pid) for pid in pids) - cpu_before
                problems = _stored_once(url, project, crowd)
                failed |= bool(problems)
                if _report(backend, residents, crowd, problems, cpu, wall, [peak_memory_mb(p) for p in pids]):
                    held_up_to[backend] = residents
    print("\nlargest N that held the target: " + ", ".join(
        f"{backend} {held_up_to.get(backend, 'none')}" for backend in args.backends.split(",")))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
