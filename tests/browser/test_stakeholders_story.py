"""The facilitator's story on the stakeholders page, in a real browser, offline.

She uploads her XLSX list (the Demoveld example plus a row with a hostile name and
three bad rows), reads what is wrong, imports the good rows only, corrects a cell
in the table, notes an interview, shows the five charts (a screenshot of each lands
in test-output/browser/), saves one as a PNG with plotly's camera button, and
downloads the inventory (XLSX, CSV) and the HTML handout, which she opens with
the internet walled off.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from playwright.sync_api import expect
from streamlit_ui import wait_for_app_idle

from wijk_core.i18n import t
from wijk_core.stakeholders import demo_example, inventory_xlsx
from wijk_core.store import get_store
from wijk_core.stakeholders import store as stored
from wijk_core.store import projects as project_store

pytestmark = pytest.mark.browser

HOSTILE = "<script>alert(1)</script>"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "browser"
CHARTS = ("grid", "onion", "network", "ladder", "map")
OVERLAPPING_NAMES = """chart => {
    const boxes = [...chart.querySelectorAll('.scatterlayer .textpoint text')]
        .map(text => [text.textContent, text.getBoundingClientRect()]).filter(([, b]) => b.width > 0);
    const pairs = [];
    boxes.forEach(([a, p], i) => boxes.slice(i + 1).forEach(([b, q]) => {
        const x = Math.min(p.right, q.right) - Math.max(p.left, q.left);
        const y = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
        if (x > 1 && y > 1) pairs.push([a, b]);
    }));
    return pairs; }"""


def _story_file(path: Path) -> Path:
    """The example as an exported workbook, with a hostile name and three bad rows added."""
    example = demo_example()
    book = openpyxl.load_workbook(io.BytesIO(inventory_xlsx(example.inventory, "nl", relations=example.relations)))
    sheet = book["Actoren"]
    header = [c.value for c in sheet[1]]
    for values in ({"Naam": HOSTILE, "Groep": "bewoners", "Niveau": "micro", "Belang (1–5)": 5,
                    "Invloed (1–5)": 2, "Positie (−2…+2)": -1, "Breedtegraad": 51.036,
                    "Lengtegraad": 4.75, "Voorgesteld door": "Buurtwerker Stationskwartier"},
                   {"Naam": "Bakkerij Centrum", "Groep": "economisch", "Belang (1–5)": 9},
                   {"Naam": "Fonds", "Groep": "Marsmannetjes"},
                   {"Naam": "Jeugdraad", "Groep": "sociaal", "Participatie: besluit": "meebeslissen"}):
        sheet.append([values.get(h) for h in header])
    book["Relaties"].append(["Buurtwerker Stationskwartier", HOSTILE, 4, None])
    book.save(path)
    return path


def _section(page: Any, name: str) -> None:
    page.locator('[data-testid="stButtonGroup"] button').filter(has_text=name).first.click()
    wait_for_app_idle(page)


def _rows(database: str, project_id: int) -> dict[str, dict]:
    with get_store(database).reading() as session:
        return {row["name"]: row for row in stored.inventory_rows(session, project_id)}


def _wait_for(page: Any, check, what: str) -> None:
    for _ in range(100):  # confirmations are messages that a rerun replaces: ask the database
        if check():
            wait_for_app_idle(page)
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"{what} did not happen")


def test_facilitator_maps_the_stakeholders_end_to_end(page: Any, app_url: str, app_database: str, screenshot: Any,
                                                      blocked_requests: list[Any], tmp_path: Path) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    project = get_store(app_database).write(project_store.create_project, "Actorenkaart Demoveld")
    page.goto(f"{app_url}/actoren?project={project.id}")
    wait_for_app_idle(page)
    expect(page.get_by_role("heading", name="Actoren")).to_be_visible()

    # 1. the upload: every bad row named, the good rows only when she agrees
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(_story_file(tmp_path / "a.xlsx")))
    wait_for_app_idle(page)
    expect(page.get_by_text("21 rijen gelezen: 18 in orde, 3 met fouten.")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Toevoegen (zelfde naam wordt bijgewerkt)")).to_be_visible()
    assert _rows(app_database, project.id) == {}
    screenshot("stakeholders-import.png")
    page.get_by_role("button", name="Lees alleen de 18 goede rijen in").click()
    _wait_for(page, lambda: len(_rows(app_database, project.id)) == 18, "the import")
    rows = _rows(app_database, project.id)
    assert rows[HOSTILE]["suggested_by"] == "Buurtwerker Stationskwartier"
    assert "Bakkerij Centrum" not in rows and "Fonds" not in rows

    # 2. she corrects a cell in the table: the first stakeholder's interest becomes 3
    editor = page.locator('[data-testid="stDataFrame"]').last
    expect(editor).to_have_attribute("data-testid", "stDataFrame")
    for _ in range(50):  # the grid grows to its rows once the rerun after the import is drawn
        editor.evaluate("element => element.scrollIntoView({block: 'start'})")
        box = editor.bounding_box()
        if box and box["height"] > 300 and 0 <= box["y"] < 400:
            break
        page.wait_for_timeout(200)
    page.mouse.click(box["x"] + 60, box["y"] + 35 + 17)  # first data row, name column
    expect(page.locator('[data-testid="glide-cell-1-0"]')).to_have_attribute("aria-selected", "true")
    for column in range(2, 6):  # name → organisation → group → level → interest
        page.keyboard.press("ArrowRight")
        expect(page.locator(f'[data-testid="glide-cell-{column}-0"]')).to_have_attribute("aria-selected", "true")
    page.keyboard.type("3")  # typing on a selected cell opens its editor with that text
    expect(page.locator("#portal input.gdg-input")).to_have_value("3")
    page.keyboard.press("Enter")
    expect(page.locator("#portal input.gdg-input")).to_have_count(0)
    page.wait_for_timeout(1_000)  # the grid hands its edit to the app a moment after the cell closes
    wait_for_app_idle(page)
    page.get_by_role("button", name="Bewaar de tabel").click()
    _wait_for(page, lambda: _rows(app_database, project.id)["Schepen van Wonen en Klimaat"]["interest"] == 3,
              "saving the edited interest")
    screenshot("stakeholders-table.png")

    # 3. an interview note against the seed's questions
    _section(page, "Interviews")
    form = page.locator('[data-testid="stForm"]').first
    form.get_by_label("Wat verwacht u van de wijkrenovatie?").fill("Minder uitstoot tegen 2030")
    form.get_by_role("button", name="Bewaar de notities").click()

    def noted() -> bool:
        with get_store(app_database).reading() as session:
            return any(n.answer == "Minder uitstoot tegen 2030" for n in stored.interview_notes(session, project.id))

    _wait_for(page, noted, "saving the interview note")

    # 4. the charts for the group, each captured, hostile text shown as text
    _section(page, "Kaarten")
    charts = page.locator('[data-testid="stPlotlyChart"]')
    expect(charts).to_have_count(5, timeout=30_000)
    expect(page.locator(".js-plotly-plot")).to_have_count(5, timeout=30_000)
    for index, name in enumerate(CHARTS):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        expect(chart.locator(".main-svg").first).to_be_visible()
        page.wait_for_timeout(300)
        chart.screenshot(path=str(SCREENSHOTS / f"stakeholders-{name}.png"))
    screenshot("stakeholders-charts.png")
    for index in (0, 2):  # the grid and the network: no name covers another
        overlaps = charts.nth(index).evaluate(OVERLAPPING_NAMES)
        assert overlaps == [], f"{CHARTS[index]}: names drawn over each other: {overlaps}"
    hostile_labels = page.locator(".js-plotly-plot text").filter(has_text=HOSTILE)
    assert hostile_labels.count() >= 4  # grid, onion, network, ladder, map: a label as written
    assert page.locator("script", has_text="alert(1)").count() == 0

    # plotly's camera button saves a chart as a PNG, in the browser, offline
    grid = charts.nth(0)
    grid.hover()
    with page.expect_download() as download_info:
        grid.get_by_role("button", name=t("streamlit.download_png", "nl")).click()  # Plotly's, in Dutch
    png = Path(download_info.value.path()).read_bytes()
    assert png.startswith(b"\x89PNG") and download_info.value.suggested_filename == "macht-belang.png"

    # 5. the exports
    _section(page, "Export")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Inventaris (XLSX)").click()
    workbook = openpyxl.load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    assert workbook.sheetnames == ["Actoren", "Relaties", "Interviews", "Keuzelijsten"]
    names = [c.value for c in workbook["Actoren"]["A"]][1:]
    assert HOSTILE in names and len(names) == 18
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Inventaris (CSV)").click()
    assert Path(download_info.value.path()).read_bytes().decode("utf-8-sig").startswith("Naam;Organisatie;Groep")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Hand-out met kaarten (HTML)").click()
    handout = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(handout)
    assert handout.suffix == ".html"
    html = handout.read_text(encoding="utf-8")
    assert not re.search(r'<(script|link|img|iframe)\b[^>]*\b(src|href)="https?://', html)
    assert HOSTILE not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    # the handout opens and draws every chart with the internet walled off
    reader = page.context.new_page()
    reader.goto(handout.as_uri())
    expect(reader.locator(".js-plotly-plot")).to_have_count(5, timeout=30_000)
    expect(reader.locator(".js-plotly-plot text").filter(has_text=HOSTILE).first).to_be_attached()
    reader.screenshot(path=str(SCREENSHOTS / "stakeholders-handout.png"), full_page=False)
    reader.close()

    assert dialogs == []  # no script in a name ever ran
    assert not blocked_requests, blocked_requests
