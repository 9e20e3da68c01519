"""The pure parts of the workshop benchmark: Streamlit's messages built and read, the exactly-once verdict."""

from __future__ import annotations

import json
import math

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.workshop_checks import percentile, write_problems
from bench.workshop_protocol import Page, Widget, map_tap, plain, rerun_message, stream_url, widget_state


def _new_session() -> bytes:
    message = ForwardMsg()
    message.new_session.page_script_hash = "ideas"
    return message.SerializeToString()


def _finished(status=ForwardMsg.FINISHED_SUCCESSFULLY) -> bytes:
    message = ForwardMsg()
    message.script_finished = status
    return message.SerializeToString()


def _element(path: tuple[int, ...], fill) -> bytes:
    message = ForwardMsg()
    message.metadata.delta_path.extend(path)
    fill(message.delta.new_element)
    return message.SerializeToString()


def _button(label: str, key: str, form: str = ""):
    def fill(element):
        element.button.id, element.button.label, element.button.form_id = f"$$ID-0a1b-{key}", label, form
    return fill


def _markdown(body: str):
    def fill(element):
        element.markdown.body = body
    return fill


def _radio(label: str, options: list[str], form: str):
    def fill(element):
        element.radio.id, element.radio.label, element.radio.form_id = "$$ID-9f-stance", label, form
        element.radio.options.extend(options)
    return fill


def test_the_stream_lies_under_the_servers_address():
    assert stream_url("http://127.0.0.1:8501") == "ws://127.0.0.1:8501/_stcore/stream"
    assert stream_url("https://wijk.example.be/app/") == "wss://wijk.example.be/app/_stcore/stream"


def test_a_rerun_carries_the_query_the_page_and_every_widget_state():
    button = Widget("button", "$$ID-1-ideas_open_3", "Idee")
    text = Widget("text_input", "$$ID-2-ideas_new_title", "Titel", form_id="f")
    message = BackMsg()
    message.ParseFromString(rerun_message("project=4&lang=nl", "ideeen",
                                          [widget_state(button, True), widget_state(text, "Bank")]))
    assert message.WhichOneof("type") == "rerun_script"
    assert (message.rerun_script.query_string, message.rerun_script.page_name) == ("project=4&lang=nl", "ideeen")
    states = {s.id: s for s in message.rerun_script.widget_states.widgets}
    assert states[button.id].trigger_value is True
    assert states[text.id].string_value == "Bank"


def test_each_widget_kind_sends_the_value_the_browser_would():
    radio = Widget("radio", "r", "Thema", ("Mobiliteit", "Milieu"))
    assert widget_state(radio, "Milieu").string_value == "Milieu"
    vote = Widget("button_group", "v", "Jouw steun", ("−1", "0", "+1"))
    assert list(widget_state(vote, "+1").string_array_value.data) == ["+1"]
    tap = widget_state(Widget("component_instance", "m", "streamlit_folium.st_folium"), map_tap(4.35, 50.85))
    assert json.loads(tap.json_value)["last_clicked"] == {"lat": 50.85, "lng": 4.35}
    assert widget_state(Widget("text_area", "t", "Je reactie"), "Goed").string_value == "Goed"


def test_a_value_the_widget_does_not_offer_or_an_unknown_widget_is_refused():
    with pytest.raises(ValueError, match="not an option"):
        widget_state(Widget("radio", "r", "Thema", ("Mobiliteit",)), "Sport")
    with pytest.raises(ValueError, match="not options"):
        widget_state(Widget("button_group", "v", "Steun", ("+1",)), ["+2"])
    with pytest.raises(ValueError, match="no state"):
        widget_state(Widget("slider", "s", "Hoeveel"), 3)


def test_the_user_key_is_read_from_the_end_of_the_id():
    assert Widget("button", "$$ID-0a1b-ideas_open_12", "x").key == "ideas_open_12"
    assert Widget("button", "$$ID-0a1b-key-with-dashes", "x").key == "key-with-dashes"
    assert Widget("component_instance", "d29b1beac288", "x").key == ""


def test_plain_text_drops_what_kept_user_text_literal():
    assert plain("Idee 3\\-1 \\*groen\\*") == "Idee 3-1 *groen*"
    assert plain("a\u2060b") == "ab"


def test_the_page_is_the_last_run_that_finished_and_a_run_cut_short_for_a_rerun_is_not():
    page = Page()
    page.feed(_new_session())
    page.feed(_element((0, 0), _markdown("oud")))
    page.feed(_finished())
    assert (page.runs, page.finished) == (1, 1) and page.shows("oud")
    page.feed(_new_session())
    page.feed(_element((0, 0), _markdown("half")))
    page.feed(_finished(ForwardMsg.FINISHED_EARLY_FOR_RERUN))
    assert page.finished == 1 and page.shows("oud") and not page.shows("half")
    page.feed(_new_session())
    page.feed(_element((0, 1), _button("Bank \\- bij de halte · Milieu", "ideas_open_7")))
    page.feed(_element((0, 0), _radio("Jouw standpunt", ["Voor", "Tegen"], form="comment")))
    page.feed(_element((0, 2), _button("Plaats reactie", "send", form="comment")))
    assert page.finished == 1  # not done until its script_finished
    page.feed(_finished())
    assert (page.runs, page.finished) == (3, 3)
    assert not page.shows("oud")
    assert [w.kind for w in page.widgets()] == ["radio", "button", "button"]  # in page order
    assert page.shows("Bank - bij de halte")
    (listed,) = page.find("button", key_prefix="ideas_open_")
    assert listed.label.startswith("Bank - bij") and listed.form_id == ""
    assert [w.label for w in page.find("button", form=True)] == ["Plaats reactie"]
    assert page.find("radio", "standpunt", form=True)[0].options == ("Voor", "Tegen")
    assert page.received > 0 and not page.page_not_found


def test_a_page_that_does_not_exist_is_noticed():
    page = Page()
    message = ForwardMsg()
    message.page_not_found.page_name = "ideen"
    page.feed(message.SerializeToString())
    assert page.page_not_found


def test_every_write_seen_and_stored_once_passes():
    assert write_problems(["A", "B"], ["A", "B", "seeded"], ["c1"], ["c1", "other"], {1: 2, 2: 1},
                          {1: 2, 2: 1, 3: 0}, {1: 2, 2: 1}) == []


def test_lost_doubled_and_unseen_writes_are_named():
    problems = write_problems(["A", "B"], ["A", "A"], ["c1"], [], {1: 2}, {1: 1, 2: 1}, {1: 1, 2: 1})
    assert "idea 'A' stored 2×" in problems
    assert "idea 'B' stored 0×" in problems
    assert "comment 'c1' stored 0×" in problems
    assert "idea 1: 2 votes confirmed on screen, 1 stored, 1 counted" in problems
    assert "idea 2: 0 votes confirmed on screen, 1 stored, 1 counted" in problems  # stored, never seen
    assert len(problems) == 5


def test_percentile_takes_the_nearest_rank():
    assert percentile([3.0, 1.0, 2.0], 0.5) == 2.0
    assert percentile([float(v) for v in range(1, 21)], 0.95) == 19.0
    assert math.isnan(percentile([], 0.95))


def test_a_component_shows_what_its_arguments_carry():
    def fill(element):
        element.component_instance.id = "d29b"
        element.component_instance.component_name = "streamlit_folium.st_folium"
        element.component_instance.json_args = json.dumps({"feature_group": "tooltip('#12 · Bank bij de halte')"})
    page = Page()
    for data in (_new_session(), _element((0, 0), fill), _finished()):
        page.feed(data)
    assert page.on_component("st_folium", "Bank bij de halte")
    assert not page.on_component("st_folium", "Speelstraat")
    assert not page.on_component("other", "Bank bij de halte")
