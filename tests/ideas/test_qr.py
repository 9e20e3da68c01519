"""The QR code to the residents' page."""

import io

import pytest
import segno
from PIL import Image

from wijk_core.ideas import qr_png, qr_svg, resident_url


def test_the_resident_address_keeps_a_path_prefix():
    assert resident_url("https://wijk.example.be/app/", project_id=3, lang="fr") == \
        "https://wijk.example.be/app/ideeen?project=3&lang=fr"
    assert resident_url("http://127.0.0.1:8501") == "http://127.0.0.1:8501/ideeen"
    for bad in ("javascript:alert(1)", "wijk.example.be", "ftp://x"):
        with pytest.raises(ValueError):
            resident_url(bad)


def test_the_png_holds_the_symbol_of_the_address_module_for_module():
    url = resident_url("https://wijk.example.be", project_id=1, lang="nl")
    scale, border = 4, 4
    image = Image.open(io.BytesIO(qr_png(url, scale=scale))).convert("L")
    expected = segno.make(url, error="m", micro=False).matrix
    size = len(expected)
    assert image.size == ((size + 2 * border) * scale,) * 2
    read = [[image.getpixel(((border + col) * scale + 1, (border + row) * scale + 1)) < 128
             for col in range(size)] for row in range(size)]
    assert read == [[bool(module) for module in row] for row in expected]
    other = segno.make(url.replace("nl", "fr"), error="m", micro=False).matrix
    assert read != [[bool(module) for module in row] for row in other]


def test_the_svg_is_standalone_and_titled():
    svg = qr_svg(resident_url("https://wijk.example.be"), title="Ideeënkaart")
    assert svg.startswith(b"<?xml") and b"<svg" in svg and "Ideeënkaart".encode() in svg
    with pytest.raises(ValueError):
        qr_svg("javascript:alert(1)")
