"""The project's statistical-sector data.

- :mod:`.data`: load and check a project's sector layer, indicator tables,
  catalogue and neighbourhoods into one :class:`~wijk_core.sectors.data.SectorData`;
- :mod:`.years`: the year loaded from each long indicator table, and its other years;
- :mod:`.download`: Statbel's official files;
- :mod:`.demo` (its territory in :mod:`.demo_territory`): the embedded synthetic
  demo municipality;
- :mod:`.model`, :mod:`.store`, :mod:`.tables`: the files a project uploaded, kept
  in the database (session functions over the domain's tables).
"""
