"""Tests of wijk_core.criteria, one file per module (a package so names cannot clash)."""
