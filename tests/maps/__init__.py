"""Tests of wijk_core.maps, one file per module (a package so names cannot clash)."""
