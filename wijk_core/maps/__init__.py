"""Maps: Leaflet maps served offline (``leaflet``), the national sector layer
(``sector_layer``), classification and legends (``choropleth``) and static SVG maps
(``svg``)."""
