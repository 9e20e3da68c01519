"""Predefined neighbourhoods: polygon layers, exact wijken from link tables, pseudo-wijken."""

from __future__ import annotations

import io

import geopandas as gpd
import pytest
from shapely.geometry import box

from wijk_core.readers import NeighbourhoodError, read_neighbourhoods, read_sectors


def _gpkg(frame: gpd.GeoDataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_file(buffer, driver="GPKG")
    return buffer.getvalue()


@pytest.fixture
def layer(squares):
    return read_sectors(_gpkg(squares), "sectors.gpkg")


def test_exact_wijken_from_a_link_table(layer):
    link = ("cd_sector;wijk_code;wijk_naam\n23003A001;W1;Dorp\n23003A012;W1;Dorp\n"
            "23003A02-;W2;Veld\n23003ZZZZ;23003WONB;Onbekend\n").encode()
    found = read_neighbourhoods(sectors=layer, link_table=link, link_filename="link.csv")
    assert found.exact
    assert found.wijken["wijk_code"].tolist() == ["W1", "W2"]
    assert found.wijken["area_ha"].tolist() == pytest.approx([2.0, 1.0])
    assert found.wijken["cd_munty_refnis"].tolist() == ["23003", "23003"]
    assert found.sector_to_wijk["wijk_naam"].tolist() == ["Dorp", "Dorp", "Veld"]
    report = found.report
    assert report.get("report.unknown_codes").examples == ("23003ZZZZ",)
    assert report.get("report.wijk_without_polygon").examples == ("23003WONB",)
    assert report.get("report.sectors_without_wijk").examples == ("23003B00-",)


def test_polygon_layer_with_numeric_codes_and_bilingual_names():
    frame = gpd.GeoDataFrame({"MDRC": [58, 7, 7], "NAME_DUT": ["Centrum", "Wijk", "Wijk"],
                              "NAME_FRE": ["Centre", "Quartier", "Quartier"]},
                             geometry=[box(150_000, 160_000, 150_100, 160_100),
                                       box(150_100, 160_000, 150_200, 160_100),
                                       box(150_200, 160_000, 150_300, 160_100)], crs=31370)
    found = read_neighbourhoods(_gpkg(frame), "quartiers.gpkg")
    assert not found.exact and found.sector_to_wijk.empty
    assert found.wijken[["wijk_code", "wijk_naam", "wijk_naam_fr"]].values.tolist() == [
        ["58", "Centrum", "Centre"], ["7", "Wijk", "Quartier"]]
    assert found.wijken["area_ha"].tolist() == pytest.approx([1.0, 2.0])
    assert found.report.get("report.duplicate_wijken").examples == ("7",)


def test_errors(layer):
    with pytest.raises(NeighbourhoodError) as caught:
        read_neighbourhoods(link_table=b"cd_sector,wijk_code\n23003A001,W1\n", link_filename="l.csv")
    assert caught.value.code == "errors.link_table_needs_sectors"
    with pytest.raises(NeighbourhoodError) as caught:
        read_neighbourhoods(sectors=layer, link_table=b"cd_sector,x\n23003A001,1\n",
                            link_filename="l.csv")
    assert caught.value.code == "errors.wijk_code_column_missing"
    with pytest.raises(NeighbourhoodError) as caught:
        read_neighbourhoods()
    assert caught.value.code == "errors.neighbourhoods_nothing_given"
    frame = gpd.GeoDataFrame({"label": ["x"]}, geometry=[box(150_000, 160_000, 150_100, 160_100)],
                             crs=31370)
    with pytest.raises(NeighbourhoodError) as caught:
        read_neighbourhoods(_gpkg(frame), "w.gpkg")
    assert caught.value.code == "errors.wijk_code_column_missing"


# --- real files (shared/data/real) --------------------------------------------------------

def test_zennevallei_pinc_wijken_and_link(real):
    sectors = read_sectors(real("zennevallei_sectors_statbel_20240101.geojson"))
    drawn = read_neighbourhoods(real("zennevallei_wijken_pinc_ggw72024.gpkg"))
    assert len(drawn.wijken) == 38 and not drawn.exact
    exact = read_neighbourhoods(real("zennevallei_wijken_pinc_ggw72024.gpkg"), sectors=sectors,
                                link_table=real("zennevallei_sector_to_wijk_ggw72024.csv"))
    assert len(exact.wijken) == 38 and exact.exact and len(exact.sector_to_wijk) == 132
    assert exact.report.ok and len(exact.report) == 0
    assert exact.wijken.loc[0, "wijk_naam"] == "Beersel dorp (Beersel)"
    # README §5: simplified polygons 158.65 km², union of sectors 158.67 km²
    assert drawn.wijken["area_ha"].sum() / 100 == pytest.approx(158.65, abs=0.01)
    assert exact.wijken["area_ha"].sum() == pytest.approx(sectors.sectors["area_ha"].sum())


def test_gent_stadswijken_and_the_onb_pseudo_wijk(real):
    sectors = read_sectors(real("gent_sectors_2025codes_stadgent.geojson"))
    found = read_neighbourhoods(real("gent_wijken_pinc_ggw7.gpkg"), sectors=sectors,
                                link_table=real("gent_sector_to_wijk_ggw7.csv"))
    assert len(found.wijken) == 25 and len(found.sector_to_wijk) == 254
    assert found.wijken["wijk_code"].tolist() == [f"44021W{i:02d}" for i in range(1, 26)]
    assert found.wijken.loc[0, "wijk_naam"] == "Binnenstad (Gent)"
    assert found.report.get("report.wijk_without_polygon").examples == ("44021WONB",)
    assert found.report.get("report.unknown_codes").examples == ("44021ZZZZ",)
    assert found.report.get("report.sectors_without_wijk") is None


def test_brussels_monitoring_quartiers(real):
    found = read_neighbourhoods(real("brussels_monitoring_quartiers_urbis.gpkg"))
    assert len(found.wijken) == 139
    assert found.wijken["wijk_naam"].notna().all() and found.wijken["wijk_naam_fr"].notna().all()
    sectors = read_sectors(real("brussels_sectors_statbel_20220101.gpkg"))
    by_mdrc = read_neighbourhoods(sectors=sectors, code_column="mdrc",
                                  link_table=real("brussels_sector_to_wijk_and_quartier.csv"))
    assert len(by_mdrc.wijken) == 139 and len(by_mdrc.sector_to_wijk) == 678
    pinc = read_neighbourhoods(real("brussels_wijken_pinc_ggw72024.gpkg"), sectors=sectors,
                               link_table=real("brussels_sector_to_wijk_and_quartier.csv"))
    assert len(pinc.wijken) == 192 and (pinc.wijken["wijk_code"].str[:5] ==
                                        pinc.wijken["cd_munty_refnis"]).all()
