"""Tests of wijk_core.costs, one file per module (a package so names cannot clash)."""
