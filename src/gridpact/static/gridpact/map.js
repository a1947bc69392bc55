// Shows a project's location. Works without tiles: the marker and coordinates stay readable.
(function () {
  "use strict";
  var el = document.getElementById("project-map");
  if (!el || typeof L === "undefined") { return; }
  var lat = parseFloat(el.dataset.lat), lon = parseFloat(el.dataset.lon);
  if (isNaN(lat) || isNaN(lon)) { return; }
  var map = L.map(el, { scrollWheelZoom: false }).setView([lat, lon], 12);
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: el.dataset.attribution || "" }).addTo(map);
  }
  L.circleMarker([lat, lon], { radius: 9, color: "#1f4fa3", weight: 3, fillOpacity: 0.6 })
    .addTo(map).bindTooltip(el.dataset.label || "");
})();
