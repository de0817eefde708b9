// harmledger map: incidents as circles sized by their killed range, drawn with the locally served Leaflet.
// Data comes from the page itself (<script id="map-data">); nothing is fetched from elsewhere unless
// HARMLEDGER_TILE_URL names a tile server.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("map-data").textContent);
  var map = L.map("map", { zoomSnap: 0.25, attributionControl: Boolean(data.tiles) });
  if (data.tiles) {
    L.tileLayer(data.tiles, { maxZoom: 18, attribution: data.attribution }).addTo(map);
  }

  // Area, not radius, grows with the number killed; 0 still shows a small dot.
  function radius(killed) {
    return Math.min(4 + 2.2 * Math.sqrt(killed), 48);
  }

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  data.governorates.forEach(function (g) {
    var label = escapeHtml(g.name) + (g.incidents ? " <b>" + g.incidents + "</b>" : "");
    L.marker([g.lat, g.lon], {
      interactive: false,
      keyboard: false,
      icon: L.divIcon({ className: "gov-label" + (g.incidents ? " has" : ""), html: "<span>" + label + "</span>", iconSize: null }),
    }).addTo(map);
  });

  var points = [];
  var incidents = data.incidents.slice().sort(function (a, b) { return b.max - a.max; });
  incidents.forEach(function (inc) {
    var at = [inc.lat, inc.lon];
    points.push(at);
    var tip = "<strong>" + escapeHtml(inc.place || "place unknown") + "</strong><br>" + escapeHtml(inc.date || "date unknown") +
      "<br>killed: " + escapeHtml(inc.killed) + "<br>" + escapeHtml(inc.grade) +
      (inc.precision && inc.precision !== "place" ? "<br><small>position: " + escapeHtml(inc.precision) + "</small>" : "");
    var ring = L.circleMarker(at, { radius: radius(inc.max), className: "ring", weight: 1.5 }).addTo(map);
    var disc = L.circleMarker(at, { radius: radius(inc.min), className: "disc", weight: 0 }).addTo(map);
    [ring, disc].forEach(function (layer) {
      layer.bindTooltip(tip, { direction: "top" });
      layer.on("click", function () { window.location.href = "/incidents/" + encodeURIComponent(inc.id); });
    });
  });

  if (!points.length) {
    points = data.governorates.map(function (g) { return [g.lat, g.lon]; });
  }
  if (points.length) {
    map.fitBounds(L.latLngBounds(points).pad(0.25), { maxZoom: 9 });
  } else {
    map.setView([35, 39], 6);
  }
})();
