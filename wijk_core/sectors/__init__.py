"""The project's statistical-sector data.

- :mod:`.data`: load and check a project's sector layer, indicator tables,
  catalogue and neighbourhoods into one :class:`~wijk_core.sectors.data.SectorData`;
- :mod:`.years`: the year loaded from each long indicator table, and its other years;
- :mod:`.download`: Statbel's official files; :mod:`.official`: one municipality's part of them as
  project sources; :mod:`.references`: the region's and Belgium's values from a kept national table;
- :mod:`.municipalities`: the Belgian municipalities of both code generations (find by name or code);
- :mod:`.demo` (its territory in :mod:`.demo_territory`): the embedded synthetic
  demo municipality;
- :mod:`.model`, :mod:`.store`, :mod:`.tables`: the files a project uploaded, kept
  in the database (session functions over the domain's tables).
"""
