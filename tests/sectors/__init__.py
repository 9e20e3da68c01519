"""Tests of wijk_core.sectors, one file per module (a package so names cannot clash)."""
