"""Areal weighting: statistical-sector figures carried onto any perimeter.

``crs`` checks coordinate systems; ``overlay`` cuts sectors by perimeters (shares of
each sector inside each perimeter); ``aggregate`` turns those shares into indicator
profiles (``profile``).
"""
