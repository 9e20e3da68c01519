"""The selection map at national scale, in headless Chromium: ours vs a plain folium.GeoJson.

For two layers — the national-size layer of ``bench/national.py`` (~20,800 sectors,
~200 vertices each) and all real sectors of ``../shared/data/real`` (Zennevallei,
Brussels, Gent together) — the one-map page ``bench/map_app.py`` is served twice in
the same run: ``ours`` (the selection page's sector layer: cached geometry files,
canvas) and ``baseline`` (``folium.GeoJson`` of the raw layer in ``st_folium``). For
each it prints:

- first paint: from navigation to every sector in view drawn, in a fresh browser
  (empty HTTP cache) against a server that has already seen the layer once;
- bytes sent to the browser: the map's own (websocket messages, the component, the
  map's scripts and geometry files) and the total including Streamlit's frontend;
- a rerun that changes nothing on the map (a slider above it): the script's server
  time, the websocket bytes it sends and whether any geometry is fetched again;
- hovering shows the sector's name and value; a click is reported to the server.

Then, on the real app (``python -m wijk_app.serve``) with the national layer
uploaded as a project's data: the time to a first map on a new data set (reading the
files and building the geometry files), the server time of an unchanged rerun of the
selection page (AppTest), and the app server's peak memory.

Targets (issue 16): first paint <= 3 s, map bytes <= 3 MB, unchanged rerun <= 0.3 s; in
the real app, the server's peak memory with the national layer <= 1 GB and the first map
of a new national data set <= 10 s. Each is printed as met or MISSED; a miss exits 1. The
real app also reports a warm open of the map (a fresh browser, the server has the data).

Run: ``python bench/bench_map.py`` or ``python -m bench map`` (about 5-10 minutes;
the baseline on the national layer is the slow part and is given up after
``BASELINE_TIMEOUT`` seconds). ``python bench/bench_map.py --app`` runs the real app
part alone (about 2 minutes).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import geopandas as gpd
import pandas as pd

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from national import national_indicators, national_sectors  # noqa: E402
from wijk_core.store import projects as project_store
from wijk_core.sectors import store as sector_store

REAL = Path(os.environ.get("WIJK_REAL_DATA", REPO.parent / "shared" / "data" / "real"))
CHROMIUM = os.environ.get("WIJK_CHROMIUM", "/usr/bin/chromium")
BASELINE_TIMEOUT = 240.0
TARGET_PAINT_S, TARGET_BYTES, TARGET_RERUN_S, TARGET_MEMORY_MB = 3.0, 3_000_000, 0.3, 1024
TARGET_FIRST_MAP_S = 10.0  # a new national data set: read the files, build the geometry files, paint
FAILURES: list[str] = []


# ---------------------------------------------------------------- layers

def national_layer() -> gpd.GeoDataFrame:
    sectors = national_sectors()
    values = national_indicators(sectors)["share_65plus_pct"]
    return sectors.assign(value=values.to_numpy())


def real_layer() -> gpd.GeoDataFrame | None:
    files = ["zennevallei_sectors_statbel_20240101.geojson", "brussels_sectors_statbel_20220101.gpkg",
             "gent_sectors_2025codes_stadgent.geojson"]
    if not all((REAL / name).is_file() for name in files):
        return None
    from wijk_core.readers import read_sectors

    parts = []
    for name in files:
        sectors = read_sectors(REAL / name).sectors
        parts.append(sectors[["cd_sector", "tx_sector_descr_nl", "geometry"]])
    layer = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs=parts[0].crs)
    return layer.assign(value=(layer.area / 10_000).round(1))  # area in ha: present everywhere


# ---------------------------------------------------------------- serving

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serve(command: list[str], env: dict, log: Path, cwd: Path):
    """Run a Streamlit server until the block ends; yields (url, process)."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    options = ["--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
               "--browser.gatherUsageStats", "false", "--server.maxMessageSize", "1000"]
    with log.open("w") as out:
        process = subprocess.Popen([*command, *options], cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                        break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"server did not start: {log.read_text()[-3000:]}") from None
                    time.sleep(0.3)
            yield url, process
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


def _status_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_memory_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a process, in MB."""
    return _status_mb(pid, "VmHWM")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def resident_memory_mb(pid: int) -> float:
    """Resident memory (VmRSS) of a process now, in MB."""
    return _status_mb(pid, "VmRSS")


# ---------------------------------------------------------------- browser

class Traffic:
    """Bytes the browser receives, by kind, through the DevTools protocol."""

    def __init__(self, page):
        self.urls: dict[str, str] = {}
        self.http: list[tuple[str, int]] = []
        self.websocket = 0
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.requestWillBeSent", lambda e: self.urls.__setitem__(e["requestId"], e["request"]["url"]))
        cdp.on("Network.loadingFinished",
               lambda e: self.http.append((self.urls.get(e["requestId"], "?"), int(e["encodedDataLength"]))))
        cdp.on("Network.webSocketFrameReceived", self._frame)

    def _frame(self, event) -> None:
        payload = event["response"]["payloadData"]
        self.websocket += len(payload) * 3 // 4 if event["response"]["opcode"] == 2 else len(payload.encode())

    def reset(self) -> None:
        self.http.clear()
        self.websocket = 0

    @staticmethod
    def _is_map(url: str) -> bool:
        return "/component/" in url or "/app/static/" in url

    def summary(self) -> dict:
        map_http = sum(n for url, n in self.http if self._is_map(url))
        total_http = sum(n for _, n in self.http)
        return {"map_bytes": map_http + self.websocket, "total_bytes": total_http + self.websocket,
                "websocket": self.websocket,
                "geometry_files": sum(1 for url, _ in self.http if "/app/static/cache/" in url)}


def _block_outside(context) -> None:
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")) else route.abort())


def _idle(page, timeout_s: float) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                           timeout=timeout_s * 1000)


def _map_frame(page):
    for frame in page.frames:
        if "streamlit_folium" in frame.url:
            return frame
    return None


def _painted(page, mode: str, count: int) -> bool:
    frame = _map_frame(page)
    if frame is None:
        return False
    try:
        if mode == "ours":
            return frame.evaluate("""() => {
                const c = document.querySelector('.leaflet-container');
                return !!c && c.dataset.sectorState === 'ready'; }""")
        return frame.evaluate("() => document.querySelectorAll('path.leaflet-interactive').length") >= count
    except Exception:  # the frame navigated while we asked
        return False


def first_paint(browser, url: str, mode: str, count: int, timeout_s: float,
                inside: tuple[float, float] | None = None) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    _block_outside(context)
    page = context.new_page()
    traffic = Traffic(page)
    started = time.monotonic()
    page.goto(f"{url}/?mode={mode}", timeout=timeout_s * 1000)
    painted = None
    while time.monotonic() - started < timeout_s:
        if _painted(page, mode, count):
            _map_frame(page).evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            painted = time.monotonic() - started
            break
        page.wait_for_timeout(100)
    result = {"paint_s": painted, **traffic.summary()}
    if painted is not None:
        _idle(page, timeout_s)
        result.update(rerun(page, traffic, url))
        if inside is not None:
            result.update(hover_and_click(page, inside))
    context.close()
    return result


def rerun(page, traffic: Traffic, url: str) -> dict:
    """Move the unrelated slider one step: what does that rerun cost?"""
    page.wait_for_timeout(1_000)
    traffic.reset()
    timings = Path(os.environ["WIJK_BENCH_TIMINGS"])
    before = len(timings.read_text().splitlines())
    page.get_by_role("slider").first.focus()
    page.keyboard.press("ArrowRight")
    deadline = time.monotonic() + 300
    while len(timings.read_text().splitlines()) == before and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    _idle(page, 300)
    page.wait_for_timeout(500)
    last = json.loads(timings.read_text().splitlines()[-1])
    summary = traffic.summary()
    return {"rerun_server_s": last["seconds"], "rerun_bytes": summary["websocket"],
            "rerun_geometry_files": summary["geometry_files"]}


def hover_and_click(page, inside: tuple[float, float]) -> dict:
    """Hover a point inside a sector (lat, lon): is there a tooltip? Click it: does Python hear?"""
    frame = page.frame_locator('iframe[title*="streamlit_folium"]').first
    box = frame.locator(".leaflet-container").bounding_box()
    point = _map_frame(page).evaluate("p => map.latLngToContainerPoint(p)", list(inside))
    x, y = box["x"] + point["x"], box["y"] + point["y"]
    page.mouse.move(x - 3, y - 3)
    page.mouse.move(x, y, steps=3)
    tooltip = frame.locator(".wijk-sector-tooltip")
    try:
        tooltip.wait_for(timeout=10_000)
        text = tooltip.inner_text()
    except Exception:
        text = ""
    page.mouse.click(x, y)
    try:
        page.get_by_text(re.compile(r"clicked: \d")).first.wait_for(timeout=20_000)
        clicked = True
    except Exception:
        clicked = False
    return {"tooltip": " | ".join(text.split("\n")), "click_reported": clicked}


def inside_point(layer: gpd.GeoDataFrame) -> tuple[float, float]:
    """(lat, lon) of a point inside the sector nearest the layer's middle."""
    middle = layer.geometry.union_all().centroid if len(layer) < 5_000 else \
        layer.geometry.iloc[len(layer) // 2].centroid
    nearest = layer.geometry.distance(middle).idxmin()
    point = gpd.GeoSeries([layer.geometry.loc[nearest].representative_point()], crs=layer.crs).to_crs(4326)[0]
    return point.y, point.x


# ---------------------------------------------------------------- report

def _mb(n: float) -> str:
    return f"{n / 1e6:.2f} MB"


def _seconds(value: float | None) -> str:
    return f"{value:.2f} s" if value is not None else f"> {BASELINE_TIMEOUT:.0f} s (gave up)"


def compare(name: str, layer: gpd.GeoDataFrame, browser, work: Path) -> None:
    import shapely

    vertices = shapely.get_num_coordinates(layer.geometry.values)
    print(f"\n{name}: {len(layer):,} sectors, {int(vertices.sum()):,} vertices "
          f"({vertices.mean():.0f} per sector)")
    path = work / f"{name.split()[0].lower()}.parquet"
    layer.to_parquet(path)
    timings = work / f"{path.stem}-timings.jsonl"
    timings.write_text("")
    os.environ["WIJK_BENCH_TIMINGS"] = str(timings)
    env = dict(os.environ, WIJK_BENCH_LAYER=str(path), WIJK_BENCH_TIMINGS=str(timings), WIJK_REPO=str(REPO))
    script = work / "map_app.py"
    results = {}
    with serve([sys.executable, "-m", "streamlit", "run", str(script)], env, work / f"{path.stem}.log",
               work) as (url, process):
        # a first visit builds the geometry files, once per data set; then a fresh browser
        started = time.monotonic()
        first_paint(browser, url, "ours", len(layer), 900)
        print(f"  ours, first visit of a new layer (builds the geometry files): "
              f"{time.monotonic() - started:.1f} s")
        results["ours"] = first_paint(browser, url, "ours", len(layer), 120, inside_point(layer))
        results["baseline"] = first_paint(browser, url, "baseline", len(layer), BASELINE_TIMEOUT)
        memory = peak_memory_mb(process.pid)
    ours, base = results["ours"], results["baseline"]
    print(f"  {'':34} {'ours':>14} {'baseline':>18} {'ratio':>8}")

    def row(label: str, a, b, show, better_low=True) -> None:
        ratio = (b / a if better_low else a / b) if a and b else float("nan")
        print(f"  {label:34} {show(a):>14} {show(b):>18} {ratio:>7.1f}×")

    row("first paint", ours["paint_s"], base["paint_s"], _seconds)
    row("bytes for the map", ours["map_bytes"], base["map_bytes"], _mb)
    row("bytes in all (with Streamlit)", ours["total_bytes"], base["total_bytes"], _mb)
    if base["paint_s"] is not None:
        row("unchanged rerun, server time", ours["rerun_server_s"], base["rerun_server_s"], _seconds)
        row("unchanged rerun, bytes sent", ours["rerun_bytes"], base["rerun_bytes"], _mb)
    else:
        print(f"  unchanged rerun (ours): {ours['rerun_server_s']:.3f} s on the server, "
              f"{_mb(ours['rerun_bytes'])} sent; baseline not measured (no first paint)")
    print(f"  geometry files fetched again by the rerun: {ours['rerun_geometry_files']}")
    print(f"  hover: {ours.get('tooltip') or 'NO TOOLTIP'}; click reported: {ours.get('click_reported')}")
    print(f"  peak memory of this one-map server (both modes): {memory:.0f} MB")
    checks = {
        f"first paint <= {TARGET_PAINT_S} s": ours["paint_s"] is not None and ours["paint_s"] <= TARGET_PAINT_S,
        "map bytes <= 3 MB": ours["map_bytes"] <= TARGET_BYTES,
        f"unchanged rerun <= {TARGET_RERUN_S} s": ours["rerun_server_s"] <= TARGET_RERUN_S,
        "rerun re-sends no geometry": ours["rerun_geometry_files"] == 0 and ours["rerun_bytes"] < 200_000,
        "hover shows name and value": bool(ours.get("tooltip")) and "Naam" in ours.get("tooltip", ""),
        "click reaches the server": bool(ours.get("click_reported")),
    }
    for label, met in checks.items():
        print(f"  {label}: {'met' if met else 'MISSED'}")
        if not met:
            FAILURES.append(f"{name}: {label}")


def forget_package(sectors_file: Path) -> None:
    """Delete the app's geometry files of this layer left by an earlier run: the first map must build them."""
    from wijk_core import config
    from wijk_core.maps.sector_layer import _layer_key
    from wijk_core.readers import read_sectors

    sectors = read_sectors(sectors_file).sectors
    folder = config.map_cache_dir() / _layer_key(sectors.geometry, tuple(sectors["cd_sector"]))
    if folder.is_dir():
        shutil.rmtree(folder)
        print("  (the geometry files of an earlier run were deleted: this is a new data set to the app)")


def open_map(browser, url: str) -> float:
    """Seconds from navigation to the selection map's sectors drawn, in a fresh browser context."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    _block_outside(context)
    page = context.new_page()
    started = time.monotonic()
    page.goto(url)
    frame = page.frame_locator('iframe[title*="streamlit_folium"]').first
    frame.locator('.leaflet-container[data-sector-state="ready"]').wait_for(timeout=600_000)
    seconds = time.monotonic() - started
    context.close()
    return seconds


def real_app(layer_dir: Path, work: Path) -> None:
    """The real selection page on a national project: first map, unchanged rerun, memory."""
    from playwright.sync_api import sync_playwright

    from wijk_core.store import get_store

    database = f"sqlite:///{work / 'app.sqlite3'}"
    store = get_store(database)
    project = store.write(project_store.create_project, "België")
    for role, name in [("sectors", "sectors.gpkg"), ("indicators", "indicators.csv"),
                       ("catalogue", "indicator_catalogue.csv"), ("neighbourhoods", "wijken.geojson"),
                       ("link_table", "sector_to_wijk.csv")]:
        store.write(sector_store.add_file, project.id, role, name, (layer_dir / name).read_bytes())
    env = dict(os.environ, WIJK_DATABASE_URL=database, WIJK_BASEMAP="none")
    forget_package(layer_dir / "sectors.gpkg")
    print("\nreal app, national project (files uploaded: "
          f"{_mb(sum((layer_dir / n).stat().st_size for n in os.listdir(layer_dir)))})")
    with serve([sys.executable, "-m", "wijk_app.serve"], env, work / "app.log", REPO) as (url, process), \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        print(f"  (load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
        cpu = cpu_seconds(process.pid)
        first = open_map(browser, f"{url}/wijkselectie?project={project.id}")
        cpu = cpu_seconds(process.pid) - cpu
        met = first <= TARGET_FIRST_MAP_S
        print(f"  first map of a new data set (read files, build geometry files, paint): {first:.1f} s "
              f"(target <= {TARGET_FIRST_MAP_S:.0f} s: {'met' if met else 'MISSED'}); server CPU {cpu:.1f} s "
              "(all threads: less swayed by a busy machine than the wall time)")
        if not met:
            FAILURES.append("real app: first map of a new data set")
        warm = sorted(open_map(browser, f"{url}/wijkselectie?project={project.id}") for _ in range(3))
        print(f"  warm open of the map (a fresh browser, the server has the data; median of 3): {warm[1]:.1f} s "
              f"(all: {', '.join(f'{w:.1f}' for w in warm)} s)")
        memory = peak_memory_mb(process.pid)
        print(f"  app server peak memory with the national layer loaded: {memory:.0f} MB "
              f"(target <= {TARGET_MEMORY_MB} MB: {'met' if memory <= TARGET_MEMORY_MB else 'MISSED'}); "
              f"resident now: {resident_memory_mb(process.pid):.0f} MB")
        print(f"  (load average after: {os.getloadavg()[0]:.1f})")
        if memory > TARGET_MEMORY_MB:
            FAILURES.append("real app: peak memory")
        browser.close()

    import logging

    from streamlit.testing.v1 import AppTest

    # AppTest runs the script outside a server session; Streamlit says so on every run
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)
    os.environ.update(env)
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=600)
    at.session_state["project_id"] = project.id
    at.run()
    at.switch_page("pages/selection.py").run()
    times = []
    for _ in range(5):
        started = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - started)
    assert not at.exception, at.exception
    median = sorted(times)[len(times) // 2]
    print(f"  selection page, unchanged rerun (AppTest, median of 5): {median * 1e3:.0f} ms "
          f"(target <= {TARGET_RERUN_S * 1e3:.0f} ms: {'met' if median <= TARGET_RERUN_S else 'MISSED'})")
    if median > TARGET_RERUN_S:
        FAILURES.append("real app: unchanged rerun")


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    app_only = "--app" in (sys.argv[1:] if argv is None else argv)
    work = Path(tempfile.mkdtemp(prefix="wijk-bench-map-"))
    try:
        if app_only:
            from national import write

            write(work / "national-files", demo=True)
            real_app(work / "national-files", work)
            return _verdict()
        # the one-map page runs from a folder whose static/ is the app's (assets, cache)
        shutil.copy(HERE / "map_app.py", work / "map_app.py")
        (work / "static").symlink_to(REPO / "static")
        (work / ".streamlit").mkdir()
        (work / ".streamlit" / "config.toml").write_text("[server]\nenableStaticServing = true\n")
        print("Selection map in headless Chromium: ours (sector layer files, canvas) vs "
              "folium.GeoJson of the raw layer")
        started = time.perf_counter()
        national = national_layer()
        print(f"(national layer generated in {time.perf_counter() - started:.1f} s)")
        layers = [("national-size layer (bench/national.py)", national)]
        real = real_layer()
        if real is None:
            print(f"(real data folder {REAL} not found: real sectors skipped; set WIJK_REAL_DATA)")
        else:
            layers.append(("real sectors (Zennevallei + Brussels + Gent)", real))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            for name, layer in layers:
                compare(name, layer, browser, work)
            browser.close()
        from national import write

        write(work / "national-files", demo=True)
        real_app(work / "national-files", work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return _verdict()


def _verdict() -> int:
    if FAILURES:
        print(f"\nMISSED: {', '.join(FAILURES)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
