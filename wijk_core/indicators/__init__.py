"""The project's own indicator catalogue: how it names, measures and reads each indicator.

- :mod:`.catalogue`: :class:`~.catalogue.IndicatorEntry`, laying the project's entries over
  the catalogue its files give, the catalogue file out and back in;
- :mod:`.store`, :mod:`.tables`: the entries in the database (session functions).

What a column of an official source means comes with the app
(``wijk_core/known_indicators.csv``, :mod:`wijk_core.readers.catalogue`); this package
keeps what the officer changed.
"""
