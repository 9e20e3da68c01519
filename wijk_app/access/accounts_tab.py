"""Section "Accounts": who has an account, with which role where; add, change, disable, reset a password."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from wijk_core.access import AccessError, Account, Actor, Role
from wijk_core.access import store as access_store
from wijk_core.access.summary import accounts_table, role_label
from wijk_core.errors import WijkError
from wijk_core.store import Store

from ..state import flash, lang, show_error, tr, trm
from .common import acting, project_names

ROLES = (Role.FACILITATOR, Role.OFFICER, Role.ADMINISTRATOR)
"""The roles an account can be given (a resident needs no account)."""


def add(db: Store, username: str, password: str, again: str, *, display_name: str = "", email: str = "",
        role: Role | None = None, project_id: int | None = None) -> Account:
    """Create an account with a password and (optionally) a first role, through the guarded store."""
    if password != again:
        raise AccessError("errors.access_passwords_differ")
    return db.write(access_store.add_account, username, password=password, display_name=display_name,
                    email=email or None, role=role, project_id=project_id)


def _done(action: Callable[[], Account], message: str) -> None:
    try:
        account = action()
    except WijkError as err:
        show_error(err)
        return
    flash("success", trm(message, name=account.username))
    st.rerun()


def _scope(key: str, names: dict[int, str]) -> int | None:
    return st.selectbox(tr("access.scope"), [None, *names], key=key,
                        format_func=lambda p: tr("access.every_project") if p is None else names[p])


def render(actor: Actor) -> None:
    db = acting(actor)
    names = project_names()
    accounts = db.read(access_store.list_accounts)
    if accounts:
        st.dataframe(accounts_table(accounts, names, lang()), hide_index=True, key="accounts_table")
    else:
        st.info(tr("access.no_accounts"))
    _add_form(db, names)
    if accounts:
        _change(db, accounts, names)


def _add_form(db: Store, names: dict[int, str]) -> None:
    st.subheader(tr("access.add_title"))
    with st.form("accounts_add", clear_on_submit=False, border=True):
        username = st.text_input(tr("access.username"), key="accounts_new_username", max_chars=120)
        password = st.text_input(tr("access.password"), type="password", key="accounts_new_password")
        again = st.text_input(tr("access.password_again"), type="password", key="accounts_new_again")
        display_name = st.text_input(tr("access.display_name"), key="accounts_new_display_name", max_chars=200)
        email = st.text_input(tr("access.email"), key="accounts_new_email", max_chars=254)
        role = st.selectbox(tr("access.role"), [None, *ROLES], key="accounts_new_role",
                            format_func=lambda r: tr("access.no_role") if r is None else role_label(r, lang()))
        project_id = _scope("accounts_new_scope", names)
        submitted = st.form_submit_button(tr("access.add_button"), type="primary", icon=":material/person_add:")
    if submitted:
        _done(lambda: add(db, username, password, again, display_name=display_name, email=email, role=role,
                          project_id=project_id), "access.added")


def _change(db: Store, accounts: list[Account], names: dict[int, str]) -> None:
    st.subheader(tr("access.change_title"))
    by_id = {account.id: account for account in accounts}
    chosen = by_id[st.selectbox(tr("access.account"), list(by_id), key="accounts_chosen",
                                format_func=lambda i: by_id[i].username)]
    cols = st.columns(2)
    role = cols[0].selectbox(tr("access.role"), ROLES, key="accounts_role",
                             format_func=lambda r: role_label(r, lang()))
    with cols[1]:
        project_id = _scope("accounts_role_scope", names)
    buttons = st.columns(3)
    if buttons[0].button(tr("access.set_role_button"), key="accounts_set_role", type="primary"):
        _done(lambda: db.write(access_store.set_role, chosen.id, role, project_id), "access.role_set")
    if buttons[1].button(tr("access.remove_role_button"), key="accounts_remove_role"):
        _done(lambda: db.write(access_store.remove_role, chosen.id, project_id), "access.role_removed")
    if chosen.disabled:
        if buttons[2].button(tr("access.enable_button"), key="accounts_enable"):
            _done(lambda: db.write(access_store.enable_account, chosen.id), "access.enabled")
    elif buttons[2].button(tr("access.disable_button"), key="accounts_disable"):
        _done(lambda: db.write(access_store.disable_account, chosen.id), "access.disabled")
    with st.form("accounts_password", border=True):
        password = st.text_input(tr("access.new_password"), type="password", key="accounts_reset_password")
        again = st.text_input(tr("access.password_again"), type="password", key="accounts_reset_again")
        submitted = st.form_submit_button(tr("access.password_button"))
    if submitted:
        _done(lambda: reset_password(db, chosen.id, password, again), "access.password_set")


def reset_password(db: Store, account_id: int, password: str, again: str) -> Account:
    """Give an account a new password (typed twice), through the guarded store."""
    if password != again:
        raise AccessError("errors.access_passwords_differ")
    return db.write(access_store.set_password, account_id, password)
