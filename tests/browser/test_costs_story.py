"""The officer's total-cost story in a real browser, offline.

She loads three renovation scenarios for the neighbourhood, corrects and adds cost
items by typing in the table (a negative lifetime is refused first), reads the
results (stacked NPV bars, break-even year, tornado), switches on the externalities,
fills the project budget, downloads the XLSX file and finds everything again after
reloading. Charts are checked for their numbers through plotly's own data in the page.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from playwright.sync_api import Error as PlaywrightError, expect
from streamlit_ui import wait_for_app_idle

from wijk_core.costs.budget import summarise_budget
from wijk_core.costs import compare
from wijk_core.i18n import t
from wijk_core.store import get_store
from wijk_core.costs.store import get_budget, get_parameters, list_scenarios
from wijk_core.store import projects as project_store

pytestmark = pytest.mark.browser

GRID = '[data-testid="stDataFrame"]'
HEADER_PX, ROW_PX = 37, 35  # glide data grid: header and row height


def _study(database: str):
    store = get_store(database)
    project = store.write(project_store.ensure_project, t("project.demo_name", "nl"))
    with store.reading() as session:
        scenarios = {s.name: s.scenario for s in list_scenarios(session, project.id)}
        return get_parameters(session, project.id), scenarios, get_budget(session, project.id)


def _wait_for(page: Any, condition, what: str) -> None:
    for _ in range(150):  # confirmations fade: ask the database
        if condition():
            wait_for_app_idle(page)
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"not saved: {what}")


def _section(page: Any, name: str) -> None:
    page.locator('[data-testid="stButtonGroup"] button').filter(has_text=name).first.click()
    wait_for_app_idle(page)


def _select(page: Any, label: str, option: str) -> None:
    """Pick an option; a rerun can redraw the box while its list is open, so try again then."""
    for attempt in range(4):
        wait_for_app_idle(page)
        box = page.locator('[data-testid="stSelectbox"]').filter(has=page.get_by_text(label, exact=True)).first
        try:
            box.locator("input").click(timeout=10_000)
            box.locator("input").fill(option[:20], timeout=10_000)
            page.get_by_role("option", name=option, exact=True).first.click(timeout=5_000)
        except PlaywrightError:
            if attempt == 3:
                raise
            page.keyboard.press("Escape")
            continue
        wait_for_app_idle(page)
        return


class Grid:
    """Typing into a Streamlit data editor (glide-data-grid on a canvas).

    Glide keeps an accessible twin of the focused cell (``td#glide-cell-<column>-<row>``,
    column 0 being the row marker), which tells where the keyboard is before typing.
    """

    def __init__(self, page: Any, locator: Any) -> None:
        self.page, self.locator = page, locator
        wait_for_app_idle(page)
        for attempt in range(5):  # a rerun may replace the grid between finding and scrolling
            try:
                locator.scroll_into_view_if_needed()
                return
            except PlaywrightError:
                if attempt == 4:
                    raise
                page.wait_for_timeout(500)

    def _cell(self, row: int) -> tuple[float, float]:
        box = self.locator.bounding_box()  # again each time: the page may have scrolled
        return box["x"] + 100, box["y"] + HEADER_PX + ROW_PX * row + ROW_PX / 2

    def _active(self) -> str:
        return self.page.evaluate("() => document.activeElement ? document.activeElement.id || "
                                  "document.activeElement.className : ''")

    def _select(self, row: int) -> None:
        """Click the row's first cell until the grid says it is selected (the first click may only focus)."""
        wait_for_app_idle(self.page)
        for _ in range(4):
            self.page.mouse.click(*self._cell(row))
            self.page.wait_for_timeout(600)  # apart enough not to count as a double click
            if self._active() == f"glide-cell-1-{row}":
                return
        raise AssertionError(f"row {row} not selected; focus on {self._active()!r}")

    def type(self, row: int, column: int, text: str) -> None:
        self._select(row)
        for _ in range(column):
            self.page.keyboard.press("ArrowRight")
            self.page.wait_for_timeout(100)
        self.page.wait_for_timeout(200)
        assert self._active() == f"glide-cell-{column + 1}-{row}", self._active()
        self.page.keyboard.press("Enter")  # opens the cell's editor
        self.page.wait_for_timeout(300)
        assert not self._active().startswith("glide-cell"), "the cell editor did not open"
        self.page.keyboard.press("Control+A")
        self.page.keyboard.type(text, delay=20)
        self.page.keyboard.press("Enter")
        self.page.wait_for_timeout(300)

    def add_row(self, rows: int, first_cell: str) -> None:
        """Click the empty row under the table: a row is added with its first cell open for typing."""
        wait_for_app_idle(self.page)
        for _ in range(4):
            self.page.mouse.click(*self._cell(rows))
            self.page.wait_for_timeout(600)
            if "gdg-input" in self._active() or "gdg-" in self._active():
                break
        self.page.keyboard.type(first_cell, delay=20)
        self.page.keyboard.press("Enter")
        self.page.wait_for_timeout(300)


def _plotly(page: Any) -> list[list[dict]]:
    """Every plotly chart on the page as drawn: plotly's own full data (arrays decoded), per trace."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(plot =>
        plot._fullData.map(trace => ({name: trace.name, type: trace.type,
                                      x: Array.from(trace.x || []), y: Array.from(trace.y || []),
                                      base: Array.from(trace.base || []),
                                      measure: Array.from(trace.measure || [])})))""")


def test_officer_compares_total_costs_and_fills_the_budget(page: Any, app_url: str, app_database: str,
                                                             screenshot: Any, blocked_requests: list[Any]) -> None:
    page.goto(f"{app_url}/kosten")
    wait_for_app_idle(page)
    expect(page.get_by_role("heading", name="Totale kosten en budget")).to_be_visible()

    # the method, explained in the page
    page.get_by_text("Hoe wordt dit berekend?").click()
    expect(page.get_by_text(re.compile(r"Restwaarde\.")).first).to_be_visible()

    # 1. three scenarios from the example: minimal repair, deep renovation, + heat network
    load = page.get_by_role("button", name="Laad dit voorbeeld")
    for _ in range(4):  # the expander may be open already, or still opening: open it until the button shows
        wait_for_app_idle(page)
        if load.is_visible():
            break
        page.get_by_text("Begin met een voorbeeld of een bestand").click()
        page.wait_for_timeout(700)
    load.click()
    _wait_for(page, lambda: len(_study(app_database)[1]) == 3, "three scenarios")
    parameters, scenarios, _ = _study(app_database)
    assert (parameters.period_years, parameters.discount_rate) == (30, 0.02)

    # 2. in the deep renovation: a negative lifetime is refused, then corrected, and a row is added
    _select(page, "Scenario", "Diepe renovatie")
    form = page.locator('[data-testid="stForm"]').filter(has_text="Bewaar het scenario")
    grid = Grid(page, form.locator(GRID).first)
    grid.type(2, 4, "-20")  # row 2 = heat pumps, column 4 = lifetime
    form.get_by_role("button", name="Bewaar het scenario").click()
    wait_for_app_idle(page)
    expect(page.get_by_text("De levensduur van ‘Warmtepompen’ kan geen -20 jaar zijn")).to_be_visible()
    assert _study(app_database)[1]["Diepe renovatie"] == scenarios["Diepe renovatie"]
    screenshot("costs-bad-lifetime.png")
    grid.type(2, 4, "20")
    grid.type(1, 2, "4000000")  # the envelope works: 4.000.000 instead of 4.300.000
    grid.add_row(8, "Zonnepanelen")
    grid.type(8, 2, "240000")
    grid.type(8, 4, "25")
    screenshot("costs-editing.png")
    form.get_by_role("button", name="Bewaar het scenario").click()
    _wait_for(page, lambda: len(_study(app_database)[1]["Diepe renovatie"].items) == 9, "the added row")
    deep = _study(app_database)[1]["Diepe renovatie"]
    assert deep.items[1].amount == 4_000_000 and deep.items[2].lifetime == 20
    assert (deep.items[-1].name, deep.items[-1].category.value, deep.items[-1].amount, deep.items[-1].lifetime) \
        == ("Zonnepanelen", "investment", 240_000, 25)
    expect(page.get_by_text("Scenario ‘Diepe renovatie’ bewaard.")).to_be_visible()
    screenshot("costs-scenarios.png")

    # 3. the results: stacked NPV bars, cumulative curves with break-even, tornado
    parameters, scenarios, _ = _study(app_database)
    comparison = compare(list(scenarios.values()), parameters)
    year = comparison.break_even()["Diepe renovatie"]
    _section(page, "Resultaten")
    expect(page.get_by_text(f"‘Diepe renovatie’ kost minder dan ‘Minimale herstelling’ vanaf jaar {year}."))\
        .to_be_visible(timeout=30_000)
    expect(page.locator(".js-plotly-plot")).to_have_count(3, timeout=30_000)
    npv, cumulative, tornado = _plotly(page)
    bars = [trace for trace in npv if trace["type"] == "bar"]
    totals = [sum(bar["y"][i] for bar in bars) for i in range(3)]
    assert totals == pytest.approx([r.total for r in comparison.results])
    lines = [trace for trace in cumulative if trace["type"] == "scatter"]
    assert [line["y"][-1] for line in lines] == pytest.approx([r.total for r in comparison.results])
    low = tornado[0]
    assert len(low["y"]) == 4 and low["base"][0] == pytest.approx(
        comparison.result("Diepe renovatie").total - comparison.result("Minimale herstelling").total)
    expect(page.locator(GRID).first).to_be_visible()
    charts = page.locator('[data-testid="stPlotlyChart"]')
    for index, name in enumerate(("costs-results.png", "costs-cumulative.png", "costs-tornado.png")):
        charts.nth(index).scroll_into_view_if_needed()  # the page scrolls inside its own container
        screenshot(name)

    # 4. the externalities, shown apart
    page.get_by_text("Toon de uitgebreide totale kosten (externe effecten)").click()
    wait_for_app_idle(page)
    expect(page.locator(".js-plotly-plot")).to_have_count(4, timeout=30_000)
    extended = _plotly(page)[3]
    stacked = [sum(bar["y"][i] for bar in extended if bar["type"] == "bar") for i in range(3)]
    assert stacked == pytest.approx([r.extended_total for r in comparison.results])
    expect(page.get_by_text("Uitgebreide totale kosten per scenario")).to_be_visible()
    charts.nth(3).scroll_into_view_if_needed()
    screenshot("costs-extended.png")

    # 5. the project budget: amounts typed in the table, the gap as a waterfall
    _section(page, "Budget")
    form = page.locator('[data-testid="stForm"]').filter(has_text="Bewaar het budget")
    grid = Grid(page, form.locator(GRID).first)
    for row, amount in ((0, "60000"), (1, "40000"), (2, "10000"), (4, "95000"), (5, "30000"), (6, "12000"),
                        (7, "8000")):
        grid.type(row, 2, amount)
    grid.type(4, 1, "Projectleider 0,8 VTE")
    form.get_by_role("button", name="Bewaar het budget").click()
    _wait_for(page, lambda: summarise_budget(_study(app_database)[2]).total_expenses == 145_000, "the budget")
    budget = summarise_budget(_study(app_database)[2])
    assert (budget.total_income, budget.funding_gap) == (110_000, 35_000)
    assert _study(app_database)[2][4].label == "Projectleider 0,8 VTE"
    expect(page.get_by_text(re.compile(r"Nog te vinden: €\s35\.000"))).to_be_visible(timeout=30_000)
    expected = [60_000, 40_000, 10_000, -95_000, -30_000, -12_000, -8_000, -35_000]
    for _ in range(50):  # the chart is redrawn after the rerun that saved the budget
        waterfall = _plotly(page)[-1][0]
        if waterfall.get("y") == expected:
            break
        page.wait_for_timeout(300)
    assert waterfall["y"] == expected
    assert waterfall["measure"][-1] == "total" and waterfall["x"][-1] == "Financieringstekort"
    page.locator('[data-testid="stPlotlyChart"]').last.scroll_into_view_if_needed()
    screenshot("costs-budget.png")

    # 6. everything in one workbook
    _section(page, "Export")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Totale kosten en budget (XLSX)").click()
    assert download_info.value.suggested_filename.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    assert "Overzicht" in book.sheetnames and "Budget" in book.sheetnames and "Gevoeligheid" in book.sheetnames

    # 7. a reload is a new session: the results are still there
    page.reload()
    wait_for_app_idle(page)
    _section(page, "Resultaten")
    expect(page.get_by_text(f"vanaf jaar {year}.").first).to_be_visible(timeout=30_000)
    assert not blocked_requests, blocked_requests
