"""Interface messages in Dutch (default), French and English, and Belgian number formatting.

Messages live in TOML files, one folder per language beside this module
(``nl/``, ``fr/``, ``en/``), one file per area of the app (``app.toml``,
``costs.toml``, …); keys are dotted paths such as ``home.title``. A key defined in
two files of one language is an error. A message with a count is a plural group: the
sub-keys ``one`` and ``other`` (``stakeholders.imported.one``), chosen by Babel's plural
rules for the language (:func:`tn`; French says "one" for 0 and 1). Numbers and
money are formatted by Babel with the Belgian locales (``nl_BE``, ``fr_BE``,
``en_BE``), so an amount reads ``€ 1.234,56`` in Dutch.
"""

from __future__ import annotations

import logging
import tomllib
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.numbers import (format_currency, format_decimal, format_percent, get_decimal_symbol,
                           get_group_symbol)

from wijk_core.enums import AliasEnum

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "Language",
    "catalogue",
    "english",
    "format_date",
    "format_money",
    "format_number",
    "format_numbers",
    "format_percent_value",
    "language",
    "missing_keys",
    "plotly_separators",
    "plural_form",
    "t",
    "tn",
    "with_unit",
]

log = logging.getLogger(__name__)

_HERE = Path(__file__).resolve().parent


class Language(AliasEnum):
    """An interface language. Accepts a few aliases (``NL``, ``nl-BE``, ``french``)."""

    NL = "nl"
    FR = "fr"
    EN = "en"

    @classmethod
    def _normalise(cls, value: object) -> str | None:
        if not isinstance(value, str):
            return None
        text = value.strip().lower().replace("_", "-")
        return _LANGUAGE_NAMES.get(text, text.split("-")[0])  # nl-BE → nl

    @property
    def locale(self) -> str:
        """The Babel locale used for numbers and money."""
        return f"{self.value}_BE"


_LANGUAGE_NAMES = {"dutch": "nl", "nederlands": "nl", "french": "fr", "français": "fr",
                   "francais": "fr", "english": "en"}

LANGUAGES: tuple[str, ...] = tuple(lang.value for lang in Language)
DEFAULT_LANGUAGE = Language.NL.value


def language(value: str | None) -> str:
    """Return the supported language code for ``value``, or the default when unknown."""
    try:
        return Language(value).value if value else DEFAULT_LANGUAGE
    except ValueError:
        return DEFAULT_LANGUAGE


def _flatten(table: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{path}."))
        else:
            flat[path] = str(value)
    return flat


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    """All messages of one language as a flat ``{dotted.key: text}`` mapping."""
    merged: dict[str, str] = {}
    for path in sorted((_HERE / Language(lang).value).glob("*.toml")):
        with path.open("rb") as handle:
            flat = _flatten(tomllib.load(handle))
        clash = set(flat) & set(merged)
        if clash:
            raise ValueError(f"{path}: keys already defined in another file: {sorted(clash)}")
        merged.update(flat)
    return merged


def missing_keys() -> dict[str, set[str]]:
    """Keys present in some language but missing in another, per language."""
    keys = {lang: set(catalogue(lang)) for lang in LANGUAGES}
    every = set().union(*keys.values())
    return {lang: every - present for lang, present in keys.items() if every - present}


def t(key: str, lang: str | None = None, /, **params: object) -> str:
    """Translate ``key`` into ``lang``, filling ``{placeholders}`` from ``params``.

    Parameters
    ----------
    key
        Dotted catalogue key, e.g. ``"home.title"``.
    lang
        Language code; unknown or empty means the default (Dutch).
    **params
        Values for the placeholders of the message.

    Returns
    -------
    str
        The message. A key missing from the language falls back to Dutch, and a key
        missing everywhere is returned as is (and logged), so the page keeps running.
    """
    code = language(lang)
    text = catalogue(code).get(key)
    if text is None and "count" in params and f"{key}.other" in catalogue(code):
        count = params.pop("count")
        return tn(key, count, code, **params)  # type: ignore[arg-type]
    if text is None:
        log.warning("message %r missing in %s", key, code)
        text = catalogue(DEFAULT_LANGUAGE).get(key, key)
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            log.warning("message %r in %s does not fit parameters %s", key, code, sorted(params))
    return text


def plural_form(count: float, lang: str | None = None) -> str:
    """Babel's plural category of ``count`` in ``lang``: ``"one"`` or ``"other"`` (Dutch, French,
    English know no others; French says ``"one"`` for 0 and 1)."""
    form = Locale.parse(Language(language(lang)).locale).plural_form(abs(count))
    return form if form == "one" else "other"


def tn(key: str, count: float, lang: str | None = None, /, **params: object) -> str:
    """Translate the plural group ``key`` for ``count``: the message ``key.one`` or ``key.other``.

    Parameters
    ----------
    key
        Dotted key of a plural group, e.g. ``"stakeholders.imported"`` for
        ``stakeholders.imported.one`` and ``stakeholders.imported.other``.
    count
        The number the message is about; filled into ``{count}`` too.
    lang
        Language code; unknown or empty means the default (Dutch).
    **params
        Values for the other placeholders.

    Returns
    -------
    str
        The message in the form Babel's plural rules choose for ``count`` in ``lang``
        ("1 actor ingelezen", "0 acteur importé", "2 stakeholders imported"); ``key.other``
        when the language has no ``key.one``.
    """
    code = language(lang)
    return t(_plural_key(key, count, code), code, count=count, **params)


def _plural_key(key: str, count: float, code: str) -> str:
    """``key.one`` or ``key.other`` for ``count`` in ``code``; ``key.other`` where ``key.one`` is missing."""
    form_key = f"{key}.{plural_form(count, code)}"
    if form_key not in catalogue(code) and form_key not in catalogue(DEFAULT_LANGUAGE):
        return f"{key}.other"
    return form_key


class _Lenient(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def english(key: str, /, **params: object) -> str:
    """The English catalogue's message for ``key``, filled with ``params``: for logs,
    the command line and tests.

    A placeholder without a value stays as ``{name}``; a key missing from the English
    catalogue gives the key with its params, so an error is never lost for want of
    a message (tests make sure every code the core raises has one).
    """
    text = catalogue("en").get(key)
    if text is None and "count" in params and f"{key}.other" in catalogue("en"):
        text = catalogue("en").get(_plural_key(key, params["count"], "en"))  # type: ignore[arg-type]
    if text is None:
        return f"{key} {params}" if params else key
    return text.format_map(_Lenient(params))


def format_number(value: float | int | None, lang: str | None = None, decimals: int = 0) -> str:
    """Format a number the Belgian way for ``lang`` (``1.234,5`` in Dutch); ``–`` for missing."""
    if value is None or value != value:  # NaN
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(value, format=pattern, locale=Language(language(lang)).locale)


def format_numbers(values, lang: str | None = None, decimals: int = 0) -> list[str]:
    """:func:`format_number` for many values at once (a whole layer's tooltips).

    Uses the locale's Babel symbols with Python's own formatting, about ten times
    faster than formatting each value through Babel. Unlike Babel it writes a value
    that rounds to zero without a minus sign ("0", not "-0").
    """
    symbols = _number_symbols(language(lang))
    table = str.maketrans({",": symbols[0], ".": symbols[1]})
    out = []
    for value in values:
        if value is None or value != value:
            out.append("–")
        else:
            text = f"{float(value):,.{decimals}f}"
            out.append((text[1:] if text in {"-0", "-0." + "0" * decimals} else text).translate(table))
    return out


@lru_cache(maxsize=8)
def _number_symbols(lang: str) -> tuple[str, str]:
    locale = Language(lang).locale
    return get_group_symbol(locale), get_decimal_symbol(locale)


def format_money(value: float | int | None, lang: str | None = None, decimals: int = 2) -> str:
    """Format an amount in euro the Belgian way (``€ 1.234,56`` in Dutch); ``–`` for missing."""
    if value is None or value != value:
        return "–"
    locale = Locale.parse(Language(language(lang)).locale)
    pattern = locale.currency_formats["standard"].pattern
    if decimals != 2:
        pattern = pattern.replace("0.00", "0" + ("." + "0" * decimals if decimals > 0 else ""))
    return format_currency(value, "EUR", format=pattern, locale=locale, currency_digits=False)


def format_percent_value(share: float | None, lang: str | None = None, decimals: int = 1) -> str:
    """Format a share (0.256) as a percentage (``25,6%``); ``–`` for missing."""
    if share is None or share != share:
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "") + "%"
    return format_percent(share, format=pattern, locale=Language(language(lang)).locale)


def plotly_separators(lang: str | None = None) -> str:
    """Plotly's ``layout.separators`` for ``lang``: the decimal mark, then the thousands separator
    (``",."`` in Dutch, so a chart's 0.831 reads 0,831 as in the tables)."""
    group, decimal = _number_symbols(language(lang))
    return decimal + group


def format_date(value: date, lang: str | None = None, width: Literal["short", "medium", "long"] = "medium") -> str:
    """A calendar day in ``lang``'s words and order (``4 dec 2026`` in Dutch, ``4 déc. 2026`` in French)."""
    return _babel_date(value, format=width, locale=Language(language(lang)).locale)


_EURO_UNITS = {"eur", "euro", "€"}


def with_unit(text: str, unit: str | None, lang: str | None = None) -> str:
    """A formatted number with its unit; euro where the language puts it (``€ 21.623``, ``21 623 €``).

    ``text`` is the number as :func:`format_number` wrote it; the dash of a missing value
    gets no unit.
    """
    unit = (unit or "").strip()
    if not unit or text == "\u2013":
        return text
    if unit.lower() in _EURO_UNITS:
        pattern = Locale.parse(Language(language(lang)).locale).currency_formats["standard"].pattern
        return f"€\xa0{text}" if pattern.lstrip().startswith("¤") else f"{text}\xa0€"
    return f"{text} {unit}"
