// Maps of a project's location or of a programme's projects. They work without tiles: markers
// and the list beside the map stay readable.
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }
  var colours = { groen: "#1e7a34", oranje: "#b36b00", rood: "#b3261e" };

  function baseMap(el, center, zoom) {
    // Leaflet's own controls speak English; the page hands them its language, also for screen
    // readers (the zoom buttons' title and aria-label, the attribution prefix's tooltip).
    var map = L.map(el, { scrollWheelZoom: false, zoomControl: false }).setView(center, zoom);
    L.control.zoom({
      zoomInTitle: el.dataset.zoomIn || "Zoom in",
      zoomOutTitle: el.dataset.zoomOut || "Zoom out"
    }).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: el.dataset.attribution || "" }).addTo(map);
    }
    return map;
  }

  var project = document.getElementById("project-map");
  if (project) {
    var lat = parseFloat(project.dataset.lat), lon = parseFloat(project.dataset.lon);
    if (!isNaN(lat) && !isNaN(lon)) {
      L.circleMarker([lat, lon], { radius: 9, color: "#1f4fa3", weight: 3, fillOpacity: 0.6 })
        .addTo(baseMap(project, [lat, lon], 12)).bindTooltip(project.dataset.label || "");
    }
  }

  var programme = document.getElementById("programme-map");
  var items = document.querySelectorAll("#map-points li[data-lat]");
  if (programme && items.length) {
    var map = baseMap(programme, [52.09, 5.12], 9), bounds = [];
    items.forEach(function (item) {
      var point = [parseFloat(item.dataset.lat), parseFloat(item.dataset.lon)];
      bounds.push(point);
      var colour = colours[item.dataset.status] || "#555555";
      L.circleMarker(point, { radius: 8, color: colour, weight: 3, fillOpacity: 0.7 })
        .addTo(map).bindTooltip(item.dataset.label || "");
    });
    map.fitBounds(bounds, { padding: [20, 20] });
  }
})();
