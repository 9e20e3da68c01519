"""Accounts and the audit log as an administrator reads them, in three languages."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from wijk_core.access import Account, AuditEntry, Role, RoleGrant
from wijk_core.access.summary import accounts_table, audit_table, roles_text, until

WHEN = datetime(2026, 3, 1, 9, 30, 5, 123, tzinfo=UTC)
NAMES = {1: "Muide", 2: "Brugse Poort"}


def _account(username, roles=(), *, has_password=True, disabled=False):
    return Account(7, username, "Fien", None, has_password, disabled, tuple(roles), WHEN, WHEN)


@pytest.mark.parametrize(("lang", "expected"), [
    ("nl", "ambtenaar in alle projecten; begeleider in Muide; beheerder in 9"),
    ("fr", "fonctionnaire dans tous les projets; animateur·rice dans Muide; administrateur·rice dans 9"),
    ("en", "officer in every project; facilitator in Muide; administrator in 9"),
])
def test_roles_read_as_one_line(lang, expected):
    grants = [RoleGrant(None, Role.OFFICER), RoleGrant(1, Role.FACILITATOR), RoleGrant(9, Role.ADMINISTRATOR)]
    assert roles_text(grants, NAMES, lang) == expected
    assert roles_text([], NAMES, lang) != ""


def test_the_accounts_table_says_yes_and_no_in_words():
    table = accounts_table([_account("fien", [RoleGrant(2, Role.FACILITATOR)]),
                            _account("sso", has_password=False, disabled=True)], NAMES, "nl")
    assert list(table.columns) == ["Gebruikersnaam", "Naam", "E-mail", "Rollen", "Wachtwoord", "Uitgeschakeld"]
    assert table.values.tolist() == [
        ["fien", "Fien", "", "begeleider in Brugse Poort", "ja", "nee"],
        ["sso", "Fien", "", "geen rol (bewoner)", "nee", "ja"]]


def test_the_audit_table_names_projects_and_cuts_times_to_the_second():
    entries = [AuditEntry(1, WHEN, 7, "fien", 1, "ideas.moderate", "hide idea: idea 3", None),
               AuditEntry(2, WHEN, None, "command line", None, "accounts.manage", "add account: account 8", None)]
    table = audit_table(entries, NAMES, "en")
    assert table.values.tolist() == [
        ["2026-03-01 09:30:05", "fien", "Muide", "ideas.moderate", "hide idea: idea 3"],
        ["2026-03-01 09:30:05", "command line", "outside a project", "accounts.manage", "add account: account 8"]]
    assert until(entries, WHEN) == [] and until(entries, None) == entries
