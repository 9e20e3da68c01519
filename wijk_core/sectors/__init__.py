"""The project's statistical-sector data: loading and checking it (``data``),
Statbel's official downloads (``download``) and the embedded demo municipality
(``demo``, its territory in ``demo_territory``)."""
