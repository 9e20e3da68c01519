"""Section "Log": the audit log, filtered by project, account, action and period, and exported as CSV."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import streamlit as st

from wijk_core.access import Action, Actor, audit_csv, audit_entries
from wijk_core.access import store as access_store
from wijk_core.access.summary import audit_table, until
from wijk_core.access.audit import AuditEntry
from wijk_core.store import Store

from ..state import lang, tr, trn
from .common import acting, project_names


def entries(db: Store, *, project_id: int | None = None, account_id: int | None = None,
            action: Action | None = None, period: tuple[date, ...] = ()) -> list[AuditEntry]:
    """The log's entries for the filters; ``period`` is (first day) or (first day, last day), in UTC."""
    since = datetime.combine(period[0], time(), UTC) if period else None
    end = datetime.combine(period[1] + timedelta(days=1), time(), UTC) if len(period) > 1 else None
    return until(db.read(audit_entries, project_id=project_id, account_id=account_id, action=action,
                         since=since), end)


def render(actor: Actor) -> None:
    db = acting(actor)
    names = project_names()
    accounts = {account.id: account.username for account in db.read(access_store.list_accounts)}
    cols = st.columns(4)
    project_id = cols[0].selectbox(tr("access.filter_project"), [None, *names], key="audit_project",
                                   format_func=lambda p: tr("access.all") if p is None else names[p])
    account_id = cols[1].selectbox(tr("access.filter_account"), [None, *accounts], key="audit_account",
                                   format_func=lambda a: tr("access.all") if a is None else accounts[a])
    action = cols[2].selectbox(tr("access.filter_action"), [None, *Action], key="audit_action",
                               format_func=lambda a: tr("access.all") if a is None else a.value)
    period = cols[3].date_input(tr("access.filter_period"), value=(), key="audit_period")
    found = entries(db, project_id=project_id, account_id=account_id, action=action,
                    period=tuple(period) if isinstance(period, (tuple, list)) else (period,))
    if not found:
        st.info(tr("access.audit_empty"))
        return
    st.caption(trn("access.audit_count", len(found)))
    st.dataframe(audit_table(found, names, lang()), hide_index=True, key="audit_table")
    st.download_button(tr("access.audit_export"), lambda: audit_csv(found).encode("utf-8"),
                       "wijkwerf-logboek.csv", "text/csv", key="audit_export", on_click="ignore",
                       icon=":material/download:")
