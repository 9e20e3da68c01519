"""Tests of wijk_core.selection, one file per module (a package so names cannot clash)."""
