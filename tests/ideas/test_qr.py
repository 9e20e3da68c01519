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


# --- the address phones can reach -------------------------------------------------------------

from wijk_core.ideas import is_loopback_host, lan_address, reachable_base  # noqa: E402


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "127.3.4.5", "::1", "[::1]", "0.0.0.0",
                                  "app.localhost", "169.254.1.2"])
def test_loopback_hosts_are_recognised(host: str) -> None:
    assert is_loopback_host(host)


@pytest.mark.parametrize("host", ["192.168.1.20", "10.0.0.5", "wijkwerf.example.be", "2001:db8::1"])
def test_network_hosts_are_not_loopback(host: str) -> None:
    assert not is_loopback_host(host)


def test_a_configured_public_address_wins() -> None:
    assert reachable_base("http://localhost:8501/moderatie", public_url="https://wijk.example.be/",
                          lan="192.168.1.20") == ("https://wijk.example.be", "public")
    with pytest.raises(ValueError):
        reachable_base("http://localhost:8501", public_url="wijk.example.be")


def test_a_loopback_page_address_becomes_the_network_address_with_the_same_port() -> None:
    assert reachable_base("http://127.0.0.1:8765/moderatie?x=1", lan="192.168.1.20") == \
        ("http://192.168.1.20:8765", "lan")
    assert reachable_base("http://localhost/", lan="10.0.0.5") == ("http://10.0.0.5", "lan")


def test_a_page_opened_on_the_network_keeps_its_address_and_no_network_says_so() -> None:
    assert reachable_base("http://192.168.1.20:8501/moderatie", lan="10.0.0.5") == \
        ("http://192.168.1.20:8501", "page")
    assert reachable_base("http://localhost:8501", lan=None) == ("http://localhost:8501", "loopback")
    assert reachable_base(None, lan="127.0.0.1") == ("http://localhost:8501", "loopback")


def test_the_machine_has_a_network_address_that_is_not_loopback() -> None:
    address = lan_address()
    if address is None:
        pytest.skip("this machine has no network interface besides loopback")
    assert not is_loopback_host(address)


def test_the_qr_code_decodes_to_the_reachable_address() -> None:
    zxingcpp = pytest.importorskip("zxingcpp")
    base, kind = reachable_base("http://127.0.0.1:8501/moderatie", lan="192.168.1.20")
    url = resident_url(base, project_id=2, lang="nl")
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr_png(url, scale=6))))
    assert [code.text for code in found] == ["http://192.168.1.20:8501/ideeen?project=2&lang=nl"]
