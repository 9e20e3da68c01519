"""Tests of wijk_core.i18n, one file per module (a package so names cannot clash)."""
