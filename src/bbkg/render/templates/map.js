// bbkg map page: Leaflet draws the shapes of Belgium and one marker per organisation at its municipality,
// Leaflet.markercluster groups them; filters by kind and segment. Text is set as text, never as HTML.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("bbkg-data").textContent);
  const words = data.words;
  const P = data.points;
  const map = L.map("map", { zoomSnap: 0.25, minZoom: 6, maxZoom: 14, attributionControl: false });
  const style = (color, weight, fill) => ({ color: color, weight: weight, fillColor: fill, fillOpacity: fill ? 1 : 0, interactive: false });
  for (const name in data.shapes.countries) {
    L.geoJSON(data.shapes.countries[name], { style: style("#9aa5ad", 1, name === "Belgium" ? "#ffffff" : "#e3e6e8") }).addTo(map);
  }
  for (const id in data.shapes.provinces) L.geoJSON(data.shapes.provinces[id], { style: style("#b8c0c6", 0.8, null) }).addTo(map);
  for (const id in data.shapes.regions) L.geoJSON(data.shapes.regions[id], { style: style("#5f6b73", 1.6, null) }).addTo(map);

  const icons = data.kinds.map((kind) => L.divIcon({
    className: "bbkg-marker", iconSize: [15, 15],
    html: '<span style="background:' + kind.color + '"></span>',  // colours are the page's own constants
  }));
  const markers = [];
  for (let i = 0; i < P.label.length; i++) {
    const marker = L.marker([P.lat[i], P.lon[i]], { icon: icons[P.kind[i]], keyboard: false });
    const tip = document.createElement("div");
    tip.textContent = P.label[i] + "\n" + data.kinds[P.kind[i]].label + (P.city[i] ? " · " + P.city[i] : "");
    marker.bindTooltip(tip, { direction: "top", offset: [0, -6] });
    if (P.href[i]) marker.on("click", () => { window.location.href = P.href[i]; });
    marker.bbkgIndex = i;
    markers.push(marker);
  }
  const cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40, chunkedLoading: P.label.length > 5000 });
  map.addLayer(cluster);
  const hiddenKinds = new Set();
  const hiddenSegments = new Set();  // index data.segments.length stands for "no segment"
  const noSegment = data.segments.length;

  function visible(i) {
    if (hiddenKinds.has(P.kind[i])) return false;
    const segs = P.segments[i].length ? P.segments[i] : [noSegment];
    return segs.some((s) => !hiddenSegments.has(s));
  }
  function update() {
    const shown = markers.filter((m) => visible(m.bbkgIndex));
    cluster.clearLayers();
    cluster.addLayers(shown);
    document.getElementById("status").textContent = shown.length + " " + words.shown;
    window.bbkg.shown = shown.length;
  }

  function filterList(id, items, hidden) {
    const list = document.getElementById(id);
    items.forEach((item, i) => {
      const li = document.createElement("li");
      const label = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.checked = true;
      box.dataset.index = String(i);
      box.addEventListener("change", () => { if (box.checked) hidden.delete(i); else hidden.add(i); update(); });
      label.appendChild(box);
      if (item.color) {
        const swatch = document.createElement("span");
        swatch.className = "swatch";
        swatch.style.background = item.color;
        label.appendChild(swatch);
      }
      const text = document.createElement("span");
      text.textContent = item.label + " (" + item.count + ")";
      label.appendChild(text);
      li.appendChild(label);
      list.appendChild(li);
    });
  }
  const withoutSegment = P.segments.filter((s) => s.length === 0).length;
  filterList("kinds", data.kinds, hiddenKinds);
  filterList("segments", data.segments.concat([{ label: words.no_segment, count: withoutSegment }]), hiddenSegments);
  if (data.unplaced) document.getElementById("unplaced").textContent = data.unplaced + " " + words.unplaced;
  for (const source of data.sources) {
    const li = document.createElement("li");
    li.textContent = source;
    document.getElementById("sources").appendChild(li);
  }
  window.bbkg = { map, cluster, markers, data, update, shown: 0 };
  map.fitBounds([[49.45, 2.5], [51.55, 6.45]]);
  update();
  requestAnimationFrame(() => setTimeout(() => document.body.setAttribute("data-ready", "true"), 0));
})();
