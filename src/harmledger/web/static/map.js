// harmledger map: incidents as circles sized by their killed range, drawn with the locally served Leaflet.
// The page holds the filter's API address and the incidents' bounds (<script id="map-data">); after each move
// the map asks /api/v1/incidents/map for the view: every incident when few are in it, else clusters on a grid
// (the server groups them, so 100,000 incidents cost the browser no more than a few hundred circles).
// Nothing is fetched from elsewhere unless HARMLEDGER_TILE_URL names a tile server.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("map-data").textContent);
  var element = document.getElementById("map");
  var map = L.map(element, { zoomSnap: 0.25, maxZoom: 18, attributionControl: Boolean(data.tiles) });
  if (data.tiles) {
    L.tileLayer(data.tiles, { maxZoom: 18, attribution: data.attribution }).addTo(map);
  }
  var layer = L.layerGroup().addTo(map);
  var pending = null;

  // Area, not radius, grows with the number killed; 0 still shows a small dot.
  function radius(killed) {
    return Math.min(4 + 2.2 * Math.sqrt(killed), 48);
  }

  // A cluster's circles grow with its killed sums too, more gently, so that a busy town does not cover its province.
  function clusterRadius(killed) {
    return Math.min(10 + 3 * Math.log(1 + killed), 44);
  }

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function range(low, high, open) {
    var top = high.toLocaleString("en") + (open ? "+" : "");
    return low === high ? top : low.toLocaleString("en") + "–" + top;
  }

  // Two circles per item: the ring is the highest figure, the dark disc the lowest. Each path is tagged so that
  // tests and assistive tools can find the incident it stands for.
  function circles(at, outer, inner, tag, tip, onClick) {
    var ring = L.circleMarker(at, { radius: outer, className: "ring" + tag.cls, weight: 1.5 }).addTo(layer);
    var disc = L.circleMarker(at, { radius: inner, className: "disc" + tag.cls, weight: 0 }).addTo(layer);
    [ring, disc].forEach(function (item) {
      item.bindTooltip(tip, { direction: "top" });
      item.on("click", onClick);
      var path = item.getElement();
      if (path) {
        Object.keys(tag.data).forEach(function (name) { path.setAttribute("data-" + name, tag.data[name]); });
      }
    });
  }

  function open(key) {
    return function () { window.location.href = "/incidents/" + encodeURIComponent(key); };
  }

  function drawIncident(inc) {
    var tip = "<strong>" + escapeHtml(inc.place || "place unknown") + "</strong><br>" + escapeHtml(inc.date || "date unknown") +
      "<br>killed: " + escapeHtml(inc.killed) + "<br>" + escapeHtml(inc.grade) +
      (inc.precision && inc.precision !== "place" ? "<br><small>position: " + escapeHtml(inc.precision) + "</small>" : "");
    circles([inc.lat, inc.lon], radius(inc.max), radius(inc.min), { cls: "", data: { incident: inc.id } }, tip, open(inc.id));
  }

  // A cluster of one place (a town's many strikes) opens the list of that place's incidents, with the same filter:
  // zooming would not separate them. Any other cluster zooms in on itself.
  function drawCluster(c) {
    var at = [c.lat, c.lon];
    var tip = "<strong>" + c.incidents.toLocaleString("en") + " incidents</strong>" +
      (c.place ? " in " + escapeHtml(c.place) : "") + "<br>killed: " + range(c.killed_min, c.killed_max, c.open_ended > 0) +
      "<br><small>" + (c.place ? "click for the list" : "click to zoom in") + "</small>";
    var zoomIn = function () {
      if (c.place) {
        var query = data.api.split("?")[1];
        window.location.href = "/?" + (query ? query + "&" : "") + "place=" + encodeURIComponent(c.place);
      } else {
        map.setView(at, Math.min(map.getZoom() + 2, map.getMaxZoom()));
      }
    };
    circles(at, clusterRadius(c.killed_max), clusterRadius(c.killed_min), { cls: " cluster", data: { cluster: c.incidents } }, tip, zoomIn);
    L.marker(at, {
      interactive: false,
      keyboard: false,
      icon: L.divIcon({ className: "cluster-count", html: "<span>" + c.incidents.toLocaleString("en") + "</span>", iconSize: null }),
    }).addTo(layer);
  }

  function draw(answer) {
    layer.clearLayers();
    answer.markers.slice().sort(function (a, b) { return b.max - a.max; }).forEach(drawIncident);
    answer.clusters.slice().sort(function (a, b) { return b.killed_max - a.killed_max; }).forEach(function (c) {
      if (c.key) {
        drawIncident({ id: c.key, lat: c.lat, lon: c.lon, place: c.place, killed: range(c.killed_min, c.killed_max, c.open_ended > 0),
          min: c.killed_min, max: c.killed_max, grade: "" });
      } else {
        drawCluster(c);
      }
    });
    element.setAttribute("data-drawn", answer.clustered ? "clusters" : "markers");
  }

  function refresh() {
    if (!data.bounds) {
      return;
    }
    var view = map.getBounds();
    var clamp = function (value, limit) { return Math.max(-limit, Math.min(limit, value)); };
    var query = "zoom=" + Math.round(map.getZoom()) + "&south=" + clamp(view.getSouth(), 90) + "&west=" + clamp(view.getWest(), 180) +
      "&north=" + clamp(view.getNorth(), 90) + "&east=" + clamp(view.getEast(), 180);
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    fetch(data.api + (data.api.indexOf("?") < 0 ? "?" : "&") + query, { signal: pending.signal, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(draw)
      .catch(function (error) { if (error.name !== "AbortError") { element.setAttribute("data-drawn", "error"); } });
  }

  data.governorates.forEach(function (g) {
    var label = escapeHtml(g.name) + (g.incidents ? " <b>" + g.incidents.toLocaleString("en") + "</b>" : "");
    L.marker([g.lat, g.lon], {
      interactive: false,
      keyboard: false,
      icon: L.divIcon({ className: "gov-label" + (g.incidents ? " has" : ""), html: "<span>" + label + "</span>", iconSize: null }),
    }).addTo(map);
  });

  map.on("moveend", refresh);
  if (data.bounds) {
    map.fitBounds(L.latLngBounds(data.bounds).pad(0.25), { maxZoom: 9 });
  } else if (data.governorates.length) {
    map.fitBounds(L.latLngBounds(data.governorates.map(function (g) { return [g.lat, g.lon]; })).pad(0.1));
  } else {
    map.setView([35, 39], 6);
  }
})();
