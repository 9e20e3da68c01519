/*
 * Wijkwerf sector layer: a choropleth of many sectors on one canvas.
 *
 * Geometry comes from files the app writes once per data set
 * (wijk_core/sector_layer.py): an index, then blocks per level of detail, each a
 * list of sectors whose rings are Google encoded polylines. The layer fetches the
 * coarse level for a wide view and only the blocks in view at closer zooms, and
 * colours sectors from a separate style file (class per sector, tooltip texts).
 *
 * It is a FeatureGroup, so a click on a sector reaches whoever listens on the
 * layer (streamlit-folium reports it as the last clicked object). Tooltip texts
 * are set with textContent: never parsed as HTML.
 */
(function () {
  "use strict";

  function decode(text, factor) {
    var points = [], index = 0, lat = 0, lng = 0, length = text.length;
    function next() {  // one zigzag varint: 5-bit chunks + 63, 0x20 = more to come
      var result = 0, shift = 0, byte;
      do {
        byte = text.charCodeAt(index++) - 63;
        result |= (byte & 0x1f) << shift;
        shift += 5;
      } while (byte >= 0x20);
      return (result & 1) ? ~(result >> 1) : (result >> 1);
    }
    while (index < length) {
      lat += next();
      lng += next();
      points.push(L.latLng(lat / factor, lng / factor));
    }
    return points;
  }

  function fetchJSON(url) {
    return fetch(url, {credentials: "same-origin"}).then(function (response) {
      if (!response.ok) { throw new Error(url + ": HTTP " + response.status); }
      return response.json();
    });
  }

  // Leaflet.draw's tools (draw, edit, delete) start and stop with these map events.
  var DRAWING_STARTS = "draw:drawstart draw:editstart draw:deletestart";
  var DRAWING_STOPS = "draw:drawstop draw:editstop draw:deletestop";

  L.WijkSectors = L.FeatureGroup.extend({
    options: {
      base: "",            // URL of the package folder's parent, ending in "/"
      index: "",           // "<key>/index.json"
      style: "",           // "<key>/style-<hash>.json"
      colours: [],         // one per class
      noData: "#d9d9d9",
      labels: [],          // one per tooltip line
      line: "#555555",
      weight: 0.6,
      fillOpacity: 0.75,
      outlineZoom: 10      // below this zoom, borders would hide the colours: fill only
    },

    initialize: function (options) {
      L.FeatureGroup.prototype.initialize.call(this, []);
      L.setOptions(this, options);
      this._renderer = L.canvas({padding: 0.3, tolerance: 1});
      this._polygons = {};   // sector number -> L.Polygon
      this._shapes = {};     // sector number -> {level: latlngs}
      this._shownLevel = {}; // sector number -> level shown
      this._requested = {};  // file name -> promise
      this._stroked = null;
    },

    onAdd: function (map) {
      L.FeatureGroup.prototype.onAdd.call(this, map);
      map.on("moveend", this._update, this);
      map.on("zoomend", this._restroke, this);
      this._restoreView(map);
      map.on("moveend", this._saveView, this);
      this._stroked = this._outlined();
      this.on("mouseover", this._hover, this);
      this.on("mouseout", this._leave, this);
      map.on(DRAWING_STARTS, this._stepAside, this);
      map.on(DRAWING_STOPS, this._stepBack, this);
      var self = this, base = this.options.base;
      var container = map.getContainer();
      container.dataset.sectorState = "loading";
      Promise.all([fetchJSON(base + this.options.index), fetchJSON(base + this.options.style)])
        .then(function (loaded) {
          self._index = loaded[0];
          self._style = loaded[1];
          self._factor = Math.pow(10, self._index.precision);
          return self._update();
        })
        .catch(function (error) {
          container.dataset.sectorState = "error";
          if (window.console) { console.error("sector layer:", error); }
        });
    },

    onRemove: function (map) {
      map.off("moveend", this._update, this);
      map.off("zoomend", this._restroke, this);
      map.off("moveend", this._saveView, this);
      this.off("mouseover", this._hover, this);
      this.off("mouseout", this._leave, this);
      map.off(DRAWING_STARTS, this._stepAside, this);
      map.off(DRAWING_STOPS, this._stepBack, this);
      L.FeatureGroup.prototype.onRemove.call(this, map);
    },

    // The view is kept per data set in the tab's sessionStorage (shared by the app's
    // same-origin map frames): a map redrawn after a change, or after a reload, opens
    // where the user was looking instead of jumping back to the whole layer.
    _viewKey: function () { return "wijk-sector-view:" + this.options.index; },

    _restoreView: function (map) {
      try {
        var saved = JSON.parse(window.sessionStorage.getItem(this._viewKey()) || "null");
        if (saved && isFinite(saved.lat) && isFinite(saved.lng) && isFinite(saved.zoom)) {
          map.setView([saved.lat, saved.lng], saved.zoom, {animate: false});
        }
      } catch (error) { /* storage unavailable: keep the default view */ }
    },

    _saveView: function () {
      if (!this._map) { return; }
      var centre = this._map.getCenter();
      try {
        window.sessionStorage.setItem(this._viewKey(), JSON.stringify(
          {lat: centre.lat, lng: centre.lng, zoom: this._map.getZoom()}));
      } catch (error) { /* storage unavailable or full: nothing to keep */ }
    },

    _levelFor: function (zoom) {
      var levels = this._index.levels;
      for (var i = 0; i < levels.length; i++) {
        if (levels[i].maxZoom === null || zoom <= levels[i].maxZoom) { return i; }
      }
      return levels.length - 1;
    },

    _update: function () {
      var map = this._map;
      if (!map || !this._index) { return Promise.resolve(); }
      var level = this._levelFor(map.getZoom());
      var view = map.getBounds().pad(0.2);
      var self = this, pending = [];
      this._index.levels[level].blocks.forEach(function (block) {
        var box = L.latLngBounds([block.b[0], block.b[1]], [block.b[2], block.b[3]]);
        if (box.intersects(view)) { pending.push(self._load(level, block.f)); }
      });
      this._target = level;
      this._showBest();
      // "loading" until the latest view's blocks are in (a test or a benchmark waits on it)
      var generation = this._generation = (this._generation || 0) + 1;
      map.getContainer().dataset.sectorState = "loading";
      return Promise.all(pending).then(function () {
        if (self._map && generation === self._generation) {
          map.getContainer().dataset.sectorState = "ready";
          map.getContainer().dataset.sectorCount = String(Object.keys(self._polygons).length);
        }
      });
    },

    _load: function (level, file) {
      var key = level + "/" + file, self = this;
      if (!this._requested[key]) {
        var folder = this.options.index.replace(/index\.json$/, "");
        this._requested[key] = fetchJSON(this.options.base + folder + file).then(function (block) {
          for (var i = 0; i < block.s.length; i++) {
            var sector = block.s[i];
            var polygons = block.g[i].map(function (rings) {
              return rings.map(function (ring) { return decode(ring, self._factor); });
            });
            (self._shapes[sector] = self._shapes[sector] || {})[level] = polygons;
          }
          self._showBest(block.s);
        });
      }
      return this._requested[key];
    },

    // Show each sector at the level of the current zoom, else the closest one loaded.
    _showBest: function (sectors) {
      var target = this._target, self = this;
      var list = sectors || Object.keys(this._shapes);
      list.forEach(function (sector) {
        var shapes = self._shapes[sector];
        if (!shapes) { return; }
        var best = null;
        for (var distance = 0; distance < 4 && best === null; distance++) {
          if (shapes[target + distance]) { best = target + distance; }
          else if (shapes[target - distance]) { best = target - distance; }
        }
        if (best === null || self._shownLevel[sector] === best) { return; }
        self._shownLevel[sector] = best;
        var polygon = self._polygons[sector];
        if (polygon) {
          polygon.setLatLngs(shapes[best]);
        } else {
          polygon = L.polygon(shapes[best], self._styleOf(sector));
          polygon._wijkSector = Number(sector);
          self._polygons[sector] = polygon;
          self.addLayer(polygon);
        }
      });
    },

    _styleOf: function (sector) {
      var klass = this._style.c[sector];
      var fill = klass >= 0 ? this.options.colours[klass] : this.options.noData;
      return {renderer: this._renderer, fillColor: fill, color: this.options.line,
              weight: this.options.weight, fillOpacity: this.options.fillOpacity, fill: true,
              stroke: this._outlined()};
    },

    _outlined: function () {
      return !this._map || this._map.getZoom() >= this.options.outlineZoom;
    },

    _restroke: function () {
      var outlined = this._outlined();
      if (outlined === this._stroked) { return; }
      this._stroked = outlined;
      for (var sector in this._polygons) { this._polygons[sector].setStyle({stroke: outlined}); }
    },

    _tooltipContent: function (sector) {
      var table = document.createElement("table"), texts = this._style.t[sector] || [];
      table.style.cssText = "font: 12px/1.35 sans-serif; border-collapse: collapse;";
      var labels = this.options.labels;
      for (var i = 0; i < texts.length; i++) {
        var row = table.insertRow();
        var head = document.createElement("th");
        head.textContent = labels[i] || "";
        head.style.cssText = "text-align: left; padding-right: 8px; font-weight: 600;";
        row.appendChild(head);
        row.insertCell().textContent = texts[i];
      }
      return table;
    },

    // While a drawing tool is on, the canvas lets the pointer through. A canvas passes
    // pointer moves on to the map at most every 32 ms, so the transparent marker with
    // which Leaflet.draw catches a vertex click could stay a stride behind the pointer:
    // a quick click then landed on the canvas, selected a sector instead of adding a
    // corner, and the redrawn map lost the drawing. Without the canvas in the way, every
    // move reaches the map, and no sector is selected or highlighted by a click meant
    // for the drawing.
    _stepAside: function () {
      var canvas = this._renderer._container;
      if (canvas) { canvas.style.pointerEvents = "none"; }
      if (this._hovered) { this._unhighlight(this._hovered); this._hovered.closeTooltip(); }
    },

    _stepBack: function () {
      var canvas = this._renderer._container;
      if (canvas) { canvas.style.pointerEvents = ""; }
    },

    _hover: function (event) {
      var polygon = event.propagatedFrom || event.layer;
      if (!polygon || polygon._wijkSector === undefined) { return; }
      this._hovered = polygon;
      polygon.setStyle({weight: 2.5, color: "#000000", stroke: true});
      polygon.bringToFront();
      if (!polygon.getTooltip()) {
        polygon.bindTooltip(this._tooltipContent(polygon._wijkSector),
                            {sticky: true, className: "wijk-sector-tooltip"});
        polygon.openTooltip(event.latlng);
      }
    },

    _leave: function (event) {
      var polygon = event.propagatedFrom || event.layer;
      if (!polygon || polygon._wijkSector === undefined) { return; }
      if (this._hovered === polygon) { this._hovered = null; }
      this._unhighlight(polygon);
    },

    _unhighlight: function (polygon) {
      polygon.setStyle({weight: this.options.weight, color: this.options.line, stroke: this._outlined()});
    }
  });

  L.wijkSectors = function (options) { return new L.WijkSectors(options); };
})();
