"""Areal weighting: statistical-sector figures carried onto any perimeter.

``overlay`` cuts sectors by perimeters (shares of each sector inside each
perimeter); ``aggregate`` turns those shares into indicator profiles.
"""
