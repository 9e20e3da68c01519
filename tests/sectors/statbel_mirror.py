"""A synthetic Statbel open-data folder and loopback HTTP servers for download tests.

The files have Statbel's formats: the 2024 sector edition as a zipped GeoJSON in a folder
of the same name, the 2025 edition as a zipped Shapefile, ``TF_PSNL_INC_TAX_SECTOR.zip``
holding the ``|``-separated txt with Statbel's columns, ``OPENDATA_SECTOREN_2024.zip`` and
``TF_CAR_HH_SECTOR.zip`` holding ``|``-separated txt (UTF-8 with a byte-order mark) with theirs. Geometry: squares of 1 km in EPSG:31370. Municipalities: Melle 44040
(3 sectors) and Merelbeke 44043 (2), merged into Merelbeke-Melle 44088 in 2025, and Beersel
23003 (2); the 2025 edition renumbers the merged sectors.
"""

from __future__ import annotations

import http.server
import socket
import io
import threading
import warnings
import zipfile
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import geopandas as gpd
from shapely.geometry import box

from wijk_core.sectors.download import OFFICIAL_FILES

INCOME_COLUMNS = ["CD_YEAR", "CD_MUNTY_REFNIS", "CD_SECTOR", "MS_NBR_NON_ZERO_INC", "MS_TOT_NET_TAXABLE_INC",
                  "MS_AVG_TOT_NET_TAXABLE_INC", "MS_MEDIAN_NET_TAXABLE_INC", "MS_INT_QUART_DIFF",
                  "MS_INT_QUART_COEFF", "MS_INT_QUART_ASSYM"]
"""The columns of Statbel's TF_PSNL_INC_TAX_SECTOR (as in shared/data/real's Zennevallei extract)."""

POPULATION_HEADER = ("CD_REFNIS|CD_SECTOR|TOTAL|DT_STRT_SECTOR|DT_STOP_SECTOR|OPPERVLAKKTE IN HM²|"
                     "TX_DESCR_SECTOR_NL|TX_DESCR_SECTOR_FR|TX_DESCR_NL|TX_DESCR_FR")
"""The columns of OPENDATA_SECTOREN (as documented for its 2022 edition; the values here are made up)."""

CARS_HEADER = ("CD_YEAR|CD_REFNIS|TX_MUNTY_DESCR_FR|TX_MUNTY_DESCR_NL|TX_MUNTY_DESCR_DE|TX_MUNTY_DESCR_EN|"
               "cd_sector|total_huisH|total_wagens")
"""The columns of TF_CAR_HH_SECTOR."""

SECTORS_2024 = {"44040": ["44040A00-", "44040A01-", "44040B10-"], "44043": ["44043A00-", "44043A1MJ"],
                "23003": ["23003A001", "23003A002"]}
SECTORS_2025 = {"44088": ["44088A00-", "44088A01-", "44088B10-", "44088C00-", "44088C1MJ"],
                "23003": ["23003A001", "23003A002"]}
NAMES = {"44040": "Melle", "44043": "Merelbeke", "44088": "Merelbeke-Melle", "23003": "Beersel"}
ELSEWHERE = {"62063": ["62063A00-", "62063B11-"], "21004": ["21004A00-"]}
"""Sectors of Liège and Brussels in the national tables only (no geometry): other regions."""


def _layer(sectors: dict[str, list[str]]) -> gpd.GeoDataFrame:
    rows = []
    for column, (munty, codes) in enumerate(sectors.items()):
        for row, code in enumerate(codes):
            x, y = 150_000 + 1000 * column, 170_000 + 1000 * row
            rows.append({"cd_sector": code, "tx_sector_descr_nl": f"{NAMES[munty]} {row}",
                         "cd_munty_refnis": munty, "tx_munty_descr_nl": NAMES[munty], "cd_rgn_refnis": "02000",
                         "geometry": box(x, y, x + 1000, y + 1000)})
    return gpd.GeoDataFrame(rows, crs="EPSG:31370")


def income_rows(sectors: dict[str, list[str]] = SECTORS_2024) -> list[list[str]]:
    """Two income years per sector; values known by hand: declarations 100 + i, total 3 000 000 + i."""
    rows, i = [], 0
    for munty, codes in sectors.items():
        for code in codes:
            for year in (2022, 2023):
                rows.append([str(year), munty, code, str(100 + i), f"{3_000_000 + i}.5", str(30000 + i), str(25000 + i),
                             "20000", "80", "10"])
            i += 1
    return rows


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def build_mirror(root: Path) -> Path:
    """Write the synthetic open-data folder under ``root`` (paths as on Statbel's server)."""
    def place(key: str, data: bytes) -> None:
        path = root / OFFICIAL_FILES[key].path.replace("%20", " ")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    stem = OFFICIAL_FILES["sectors"].filename.removesuffix(".zip")
    geojson = _layer(SECTORS_2024).to_json(drop_id=True).encode("utf-8")
    place("sectors", _zip({f"{stem}/{stem}": geojson}))
    shp_dir = root / "_shp"
    shp_dir.mkdir(parents=True, exist_ok=True)
    shp_stem = OFFICIAL_FILES["sectors_2025"].filename.removesuffix(".shp.zip")
    with warnings.catch_warnings():  # Shapefile field names are cut to 10 characters, as in Statbel's
        warnings.simplefilter("ignore")
        _layer(SECTORS_2025).to_file(shp_dir / f"{shp_stem}.shp")
    place("sectors_2025", _zip({p.name: p.read_bytes() for p in sorted(shp_dir.iterdir())}))
    rows = income_rows() + income_rows(ELSEWHERE)
    text = "\n".join("|".join(r) for r in [INCOME_COLUMNS, *rows]) + "\n"
    place("income", _zip({"TF_PSNL_INC_TAX_SECTOR.txt": text.encode("utf-8")}))
    population = [POPULATION_HEADER] + [f"{m}|{c}|{500 + n}|01/01/1977|31/12/9999|{40 + n}|{NAMES[m].upper()} {n}|"
                                        f"{NAMES[m].upper()} {n}|{NAMES[m]}|{NAMES[m]}"
                                        for m, codes in SECTORS_2024.items() for n, c in enumerate(codes)]
    place("population", _zip({"OPENDATA_SECTOREN_2024.txt": ("\n".join(population) + "\n").encode("utf-8-sig")}))
    cars = [CARS_HEADER] + [f"{year}|{m}|{NAMES[m]}|{NAMES[m]}|{NAMES[m]}|{NAMES[m]}|{c}|{200 + n}|{300 + n}"
                            for m, codes in SECTORS_2024.items() for n, c in enumerate(codes) for year in (2022, 2023)]
    place("cars", _zip({"TF_CAR_HH_SECTOR.txt": ("\n".join(cars) + "\n").encode("utf-8-sig")}))
    return root


class Quiet(http.server.SimpleHTTPRequestHandler):
    """Serves a folder without logging."""

    def log_message(self, *args) -> None:
        pass


class CutShort(Quiet):
    """Announces 100 000 bytes, sends 10 000, then drops the connection."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self.wfile.write(b"PK" + b"0" * 9998)
        self.wfile.flush()
        self.close_connection = True


class ServerError(Quiet):
    """Answers 500 to everything."""

    def do_GET(self) -> None:
        self.send_error(500, "Internal Server Error")


class Truncated(Quiet):
    """Serves the first half of each file as if it were whole (a cut zip with a matching length)."""

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if not path.is_file():
            self.send_error(404)
            return
        data = path.read_bytes()[: path.stat().st_size // 2]
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def serve(handler, directory: Path | None = None) -> Iterator[str]:
    """Run ``handler`` on a loopback port; yield its base URL; stop it afterwards."""
    if directory is not None:
        handler = partial(handler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def dead_port() -> str:
    """A loopback URL where nobody listens (the server is gone, or the machine is offline)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}/"
