// bbkg WebGL network page: graphology holds the graph, sigma.js draws it; positions come from Python.
// Every label is set as text (textContent), never as HTML.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("bbkg-data").textContent);
  const words = data.words;
  const N = data.nodes.label.length;
  const container = document.getElementById("network");
  const fold = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const state = { kinds: new Set(), regions: new Set(), edgeKinds: new Set(), selected: null, near: new Set() };

  const Graph = graphology.MultiGraph || graphology;
  const graph = new Graph({ multi: true, type: "mixed" });
  const n = data.nodes;
  for (let i = 0; i < N; i++) {
    graph.addNode(String(i), { x: n.x[i], y: n.y[i], size: n.size[i], label: n.label[i],
      color: data.kinds[n.kind[i]].color, kind: n.kind[i], region: n.region[i] });
  }
  const e = data.edges;
  for (let i = 0; i < e.from.length; i++) {
    graph.addEdgeWithKey("e" + i, String(e.from[i]), String(e.to[i]),
      { kind: e.kind[i], color: data.edgeKinds[e.kind[i]].color + "80", size: N > 20000 ? 0.5 : 1 });
  }

  function hiddenNode(attrs) { return state.kinds.has(attrs.kind) || state.regions.has(attrs.region); }
  function filtering() { return state.kinds.size || state.regions.size || state.edgeKinds.size || state.selected !== null; }

  function nodeReducer(node, attrs) {
    if (!filtering()) return attrs;
    if (hiddenNode(attrs)) return Object.assign({}, attrs, { hidden: true });
    if (state.selected !== null && !state.near.has(node)) return Object.assign({}, attrs, { color: "#dddddd", label: "" });
    if (node === state.selected) return Object.assign({}, attrs, { highlighted: true });
    return attrs;
  }
  function edgeReducer(edge, attrs) {
    if (!filtering()) return attrs;
    const [a, b] = graph.extremities(edge);
    if (state.edgeKinds.has(attrs.kind) || hiddenNode(graph.getNodeAttributes(a)) || hiddenNode(graph.getNodeAttributes(b))) {
      return Object.assign({}, attrs, { hidden: true });
    }
    if (state.selected !== null && a !== state.selected && b !== state.selected) return Object.assign({}, attrs, { hidden: true });
    return attrs;
  }

  let renderer;
  try {
    renderer = new Sigma(graph, container, {
      nodeReducer, edgeReducer, renderEdgeLabels: false, defaultEdgeType: "line", zIndex: false,
      hideEdgesOnMove: N > 20000, hideLabelsOnMove: N > 20000, labelDensity: 0.4, labelGridCellSize: 120,
      labelRenderedSizeThreshold: N > 20000 ? 10 : 6, minCameraRatio: 0.005, maxCameraRatio: 20,
    });
  } catch (error) {
    document.getElementById("nowebgl").style.display = "block";
    document.body.setAttribute("data-error", String(error));
    return;
  }

  function details(i) {
    const box = document.getElementById("details");
    if (i === null) { box.textContent = ""; return; }
    const lines = [n.label[i], words.kind + ": " + data.kinds[n.kind[i]].label];
    if (data.cities[n.city[i]]) lines.push(words.city + ": " + data.cities[n.city[i]]);
    lines.push(words.region + ": " + data.regions[n.region[i]].label);
    lines.push(words.neighbours + ": " + n.partners[i]);
    box.textContent = lines.join("\n");
  }

  function select(node) {
    state.selected = node;
    state.near = new Set(node === null ? [] : [node, ...graph.neighbors(node)]);
    details(node === null ? null : Number(node));
    renderer.refresh();
  }

  function focus(node) {
    select(node);
    const d = renderer.getNodeDisplayData(node);
    if (d) renderer.getCamera().animate({ x: d.x, y: d.y, ratio: 0.15 }, { duration: 300 });
  }

  let folded = null;
  function search(text) {
    const q = fold(text.trim());
    const found = document.getElementById("found");
    const list = document.getElementById("matches");
    list.replaceChildren();
    if (!q) { found.textContent = ""; return []; }
    if (folded === null) folded = n.label.map(fold);
    const hits = [];
    for (let i = 0; i < N && hits.length < 20; i++) if (folded[i].includes(q)) hits.push(i);
    hits.sort((a, b) => (folded[b].startsWith(q) - folded[a].startsWith(q)) || n.partners[b] - n.partners[a]);
    found.textContent = hits.length ? n.label[hits[0]] : words.none_found;
    for (const i of hits) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = n.label[i];
      button.addEventListener("click", () => focus(String(i)));
      item.appendChild(button);
      list.appendChild(item);
    }
    if (hits.length) focus(String(hits[0]));
    return hits;
  }

  function filterList(id, items, set, swatchClass) {
    const list = document.getElementById(id);
    items.forEach((item, i) => {
      const li = document.createElement("li");
      const label = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.checked = true;
      box.dataset.index = String(i);
      box.addEventListener("change", () => { if (box.checked) set.delete(i); else set.add(i); renderer.refresh(); });
      label.appendChild(box);
      if (swatchClass) {
        const swatch = document.createElement("span");
        swatch.className = swatchClass;
        if (swatchClass === "line") swatch.style.borderColor = item.color; else swatch.style.background = item.color;
        label.appendChild(swatch);
      }
      const text = document.createElement("span");
      text.textContent = item.label + (item.count !== undefined ? " (" + item.count + ")" : "");
      label.appendChild(text);
      li.appendChild(label);
      list.appendChild(li);
    });
  }
  filterList("kinds", data.kinds, state.kinds, "swatch");
  filterList("regions", data.regions, state.regions, null);
  filterList("edge-kinds", data.edgeKinds, state.edgeKinds, "line");

  document.getElementById("search").addEventListener("submit", (event) => { event.preventDefault(); search(document.getElementById("find").value); });
  document.getElementById("clear").addEventListener("click", () => {
    document.getElementById("find").value = "";
    search("");
    select(null);
  });
  renderer.on("clickNode", ({ node }) => select(node));
  renderer.on("clickStage", () => select(null));

  function drawnNodes() {
    let count = 0;
    for (const key in renderer.nodeProgramIndex) {
      const d = renderer.getNodeDisplayData(key);
      if (d && !d.hidden) count++;
    }
    return count;
  }
  window.bbkg = { graph, renderer, data, search, select, drawnNodes };
  // sigma drew the first frame in its constructor; ready once the browser has shown it and is free for input
  requestAnimationFrame(() => setTimeout(() => document.body.setAttribute("data-ready", "true"), 0));
})();
