"""Tests of wijk_core.ideas, one file per module."""
