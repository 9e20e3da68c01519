"""The closed sets of the inventory: keys, labels in three languages and aliases in, anything else out."""

import pytest

from wijk_core.i18n import LANGUAGES, t
from wijk_core.stakeholders import (
    CHOICE_COLUMNS,
    COLUMNS,
    LADDER_COLUMNS,
    GovernanceRole,
    Group,
    LadderStep,
    Level,
    Phase,
    StakeholderError,
    column_spec,
)

ENUMS = (Group, Level, GovernanceRole, LadderStep, Phase)


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_label_reads_back_as_its_member(enum, lang):
    for member in enum:
        label = t(enum.label_key(member.value), lang)
        assert label != enum.label_key(member.value), f"{enum.label_key(member.value)} missing in {lang}"
        assert enum(label) is member
        assert enum(label.upper()) is member
        assert enum(member.value) is member


@pytest.mark.parametrize(("enum", "typed", "expected"), [
    (Group, "bewoners", Group.RESIDENTS),
    (Group, "Habitants", Group.RESIDENTS),
    (Group, "OCMW-achtige sociale actoren", None),
    (Group, "kapitaal", Group.CAPITAL),
    (Level, "Méso", Level.MESO),
    (Level, "wijk", Level.MICRO),
    (GovernanceRole, "stuurgroep", GovernanceRole.STEERING_COMMITTEE),
    (GovernanceRole, "Comité de pilotage", GovernanceRole.STEERING_COMMITTEE),
    (GovernanceRole, "werkgroep", GovernanceRole.WORKING_GROUP),
    (LadderStep, "Co-beheer", LadderStep.COMANAGEMENT),
    (LadderStep, "co-production", LadderStep.COPRODUCTION),
    (LadderStep, "overleg", LadderStep.CONCERTATION),
    (LadderStep, 3, LadderStep.CONCERTATION),
    (LadderStep, 6.0, LadderStep.COMANAGEMENT),
    (LadderStep, "1", LadderStep.INFORMATION),
    (Phase, "uitvoering", Phase.IMPLEMENTATION),
])
def test_aliases(enum, typed, expected):
    if expected is None:
        with pytest.raises(StakeholderError):
            enum(typed)
    else:
        assert enum(typed) is expected


def test_an_unknown_value_is_refused_with_the_allowed_keys():
    with pytest.raises(StakeholderError) as caught:
        Level("mega")
    assert caught.value.code == "errors.stakeholders_option_unknown"
    assert caught.value.params == {"value": "mega", "allowed": "micro, meso, macro"}
    for bad in (True, 7, 2.5, None, ""):
        with pytest.raises(StakeholderError):
            LadderStep(bad)


def test_the_ladder_has_six_ordered_steps_from_the_seed():
    assert [s.rank for s in LadderStep] == [1, 2, 3, 4, 5, 6]
    assert [s.value for s in LadderStep] == ["information", "consultation", "concertation", "negotiation",
                                             "coproduction", "comanagement"]
    assert t("stakeholders.ladder_concertation", "nl") == "Overleg"


def test_columns_cover_the_spec():
    for key in ("name", "organisation", "group", "level", "interest", "influence", "position", "expertise",
                "knows_project", "governance", "contact", "latitude", "longitude", "suggested_by"):
        assert key in COLUMNS
    assert LADDER_COLUMNS == tuple(f"ladder_{p.value}" for p in Phase)
    assert set(CHOICE_COLUMNS) == {"group", "level", "governance", *LADDER_COLUMNS}
    assert column_spec("position").low == -2 and column_spec("position").high == 2
    assert column_spec("name").required and column_spec("group").required
    for key in COLUMNS:
        for lang in LANGUAGES:
            assert t(f"stakeholders.col_{key}", lang) != f"stakeholders.col_{key}"
