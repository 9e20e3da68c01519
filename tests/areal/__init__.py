"""Tests of wijk_core.areal, one file per module (a package so names cannot clash)."""
