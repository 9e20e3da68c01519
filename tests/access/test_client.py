"""Where a request comes from: this machine only when loopback and not relayed; the trusted header's last entry."""

import pytest

from wijk_core.access.client import came_through_proxy, client_address, is_loopback, is_this_machine


@pytest.mark.parametrize(("address", "expected"), [
    ("127.0.0.1", True), ("127.8.9.10", True), ("::1", True), ("::ffff:127.0.0.1", True), ("[::1]", True),
    ("192.168.1.20", False), ("10.0.0.1", False), ("2001:db8::1", False), ("localhost", False), ("", False),
    (None, False),
])
def test_loopback(address, expected):
    assert is_loopback(address) is expected


@pytest.mark.parametrize("header", ["X-Forwarded-For", "x-forwarded-for", "Forwarded", "X-Real-IP", "Via",
                                    "X-Forwarded-Host", "X-Forwarded-Proto"])
def test_a_relayed_request_from_loopback_is_not_this_machine(header):
    assert came_through_proxy({header: ""})
    assert not is_this_machine({header: "203.0.113.9"}, "127.0.0.1")


def test_this_machine_is_loopback_without_proxy_headers():
    assert is_this_machine({"Host": "localhost:8501", "User-Agent": "x"}, "127.0.0.1")
    assert not is_this_machine({"Host": "192.168.1.5:8501"}, "192.168.1.9")
    assert not is_this_machine({}, None)


def test_the_trusted_header_gives_the_address_its_proxy_added():
    headers = {"X-Forwarded-For": "198.51.100.1, 203.0.113.9"}
    assert client_address(headers, "127.0.0.1", "X-Forwarded-For") == "203.0.113.9"
    assert client_address(headers, "127.0.0.1", "x-forwarded-for") == "203.0.113.9"
    assert client_address({"X-Real-IP": "2001:0db8:0000::0001"}, "127.0.0.1", "X-Real-IP") == "2001:db8::1"


def test_without_a_trusted_header_the_peer_counts_and_headers_are_ignored():
    headers = {"X-Forwarded-For": "198.51.100.1"}
    assert client_address(headers, "192.0.2.4", None) == "192.0.2.4"
    assert client_address(headers, None, None) is None
    assert client_address({}, "192.0.2.4", "X-Forwarded-For") == "192.0.2.4"


@pytest.mark.parametrize(("value", "expected"), [
    ("203.0.113.9:51234", "203.0.113.9"), ("[2001:db8::1]:443", "2001:db8::1"), ('for="[2001:db8::1]"', "2001:db8::1"),
    ("unknown", "unknown"),
])
def test_ports_and_brackets_are_taken_off(value, expected):
    assert client_address({"X-Forwarded-For": value}, None, "X-Forwarded-For") == expected
