"""Maps: Leaflet maps (``leaflet``) served offline from vendored assets (``offline``), the national sector layer
(``sector_layer``), classification and legends (``choropleth``) and static SVG maps
(``svg``)."""
