// bbkg network page: builds the vis-network DataSets from the inline JSON, the legend, and the search.
// Every label reaches the page as JSON and the DOM as text (textContent), never as markup.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("bbkg-data").textContent);
  var options = JSON.parse(document.getElementById("bbkg-options").textContent);
  var words = data.words;
  var N = data.nodes, E = data.edges;
  var DIM = "rgba(200,200,200,0.35)";

  function tip(text) {
    var div = document.createElement("div");
    div.className = "bbkg-tip";
    div.textContent = text;
    return div;
  }

  // one vis group per kind and region (colour, shape): cheaper for vis than options on every node
  options.groups = {};
  data.kinds.forEach(function (kind, k) {
    data.regions.forEach(function (region, r) {
      options.groups[k + "-" + r] = { color: kind.color, shape: region.shape };
    });
  });
  var nodeList = new Array(N.label.length);
  for (var i = 0; i < N.label.length; i++) {
    nodeList[i] = {
      id: i, label: N.label[i], x: N.x[i], y: N.y[i], size: N.size[i],
      group: N.kind[i] + "-" + N.region[i], title: tip(N.tip[i])
    };
  }
  var edgeList = new Array(E.from.length);
  for (var j = 0; j < E.from.length; j++) {
    var ek = data.edgeKinds[E.kind[j]];
    edgeList[j] = { id: j, from: E.from[j], to: E.to[j], color: ek.color, title: tip(E.tip[j]) };
    if (ek.arrow) edgeList[j].arrows = "to";
    // a second (third, ...) link between the same two organisations is drawn as a curve beside the first
    if (E.rank[j] > 0) edgeList[j].smooth = { enabled: true, type: E.rank[j] % 2 ? "curvedCW" : "curvedCCW", roundness: 0.15 * Math.ceil(E.rank[j] / 2) };
  }
  var nodes = new vis.DataSet(nodeList);
  var edges = new vis.DataSet(edgeList);
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  window.bbkg = { network: network, nodes: nodes, edges: edges, data: data };
  network.once("afterDrawing", function () {
    window.bbkgReady = performance.now();
    document.body.setAttribute("data-ready", "true");
  });

  // ---------------------------------------------------------------- legend
  var legend = document.getElementById("legend");
  // the count shown beside each legend item, by section; the time slider updates them
  function section(title, items, make) {
    var h = document.createElement("h2");
    h.textContent = title;
    var ul = document.createElement("ul");
    var counts = [];
    items.forEach(function (item) {
      var li = document.createElement("li");
      var mark = make(item);
      var text = document.createElement("span");
      text.textContent = item.label;
      li.appendChild(mark);
      li.appendChild(text);
      if (item.count !== undefined) {
        var count = document.createElement("span");
        count.className = "count";
        count.textContent = " (" + item.count + ")";
        text.appendChild(count);
        counts.push(count);
      }
      ul.appendChild(li);
    });
    legend.appendChild(h);
    legend.appendChild(ul);
    return counts;
  }
  var kindCounts = section(words.kinds, data.kinds, function (k) {
    var s = document.createElement("span");
    s.className = "swatch";
    s.style.background = k.color;
    return s;
  });
  section(words.regions, data.regions, function (r) {
    var s = document.createElement("span");
    s.className = "symbol";
    s.textContent = r.symbol;
    return s;
  });
  var linkCounts = section(words.links, data.edgeKinds, function (e) {
    var s = document.createElement("span");
    s.className = "line";
    s.style.borderTopColor = e.color;
    return s;
  });
  var note = document.createElement("p");
  note.textContent = words.size;
  legend.appendChild(note);

  // ---------------------------------------------------------------- search and highlight
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }
  var folded = N.label.map(fold);
  var found = document.getElementById("found");
  var input = document.getElementById("find");
  var dimmed = false;

  function clearHighlight() {
    found.textContent = "";
    network.unselectAll();
    if (!dimmed) return;
    var updates = new Array(nodeList.length);
    for (var i = 0; i < nodeList.length; i++) {
      updates[i] = { id: i, color: data.kinds[N.kind[i]].color, font: { color: "#343434" } };
    }
    nodes.update(updates);
    dimmed = false;
  }

  function highlight(id, focus) {
    clearHighlight();
    var near = network.getConnectedNodes(id);
    var keep = {};
    keep[id] = true;
    near.forEach(function (n) { keep[n] = true; });
    var updates = [];
    for (var i = 0; i < nodeList.length; i++) {
      if (!keep[i]) updates.push({ id: i, color: DIM, font: { color: "rgba(120,120,120,0.4)" } });
    }
    nodes.update(updates);
    dimmed = true;
    network.setSelection({ nodes: [id].concat(near), edges: network.getConnectedEdges(id) },
                         { unselectAll: true, highlightEdges: false });
    if (focus) network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    found.textContent = N.label[id] + ": " + near.length + " " + words.neighbours;
  }

  function find(query) {
    var q = fold(query);
    if (!q) { clearHighlight(); return; }
    var best = -1;
    for (var i = 0; i < folded.length; i++) {
      if (folded[i] === q) { best = i; break; }
      if (best < 0 && folded[i].indexOf(q) >= 0) best = i;
      else if (best >= 0 && folded[best] !== q && folded[i].indexOf(q) >= 0 && N.partners[i] > N.partners[best]) best = i;
    }
    if (best < 0) { clearHighlight(); found.textContent = words.none_found; return; }
    highlight(best, true);
  }

  var listed = false;
  input.addEventListener("focus", function () {
    if (listed) return;
    listed = true;
    var list = document.getElementById("names");
    var fragment = document.createDocumentFragment();
    Array.from(new Set(N.label)).sort().forEach(function (label) {
      var option = document.createElement("option");
      option.value = label;
      fragment.appendChild(option);
    });
    list.appendChild(fragment);
  });
  document.getElementById("search").addEventListener("submit", function (event) {
    event.preventDefault();
    find(input.value);
  });
  document.getElementById("clear").addEventListener("click", function () {
    input.value = "";
    clearHighlight();
  });
  network.on("click", function (params) {
    if (params.nodes.length) highlight(params.nodes[0], false);
    else clearHighlight();
  });
  window.bbkg.find = find;
  window.bbkg.clear = clearHighlight;

  // ---------------------------------------------------------------- time slider: the network as of each year
  var T = data.time;
  if (!T) return;
  var slider = document.getElementById("year");
  var yearLabel = document.getElementById("year-label");
  var playButton = document.getElementById("play");
  var timer = null;

  function within(ranges, year) {
    for (var r = 0; r < ranges.length; r++) {
      if (ranges[r][0] <= year && year <= ranges[r][1]) return true;
    }
    return false;
  }

  function recount(nodeOn, edgeOn) {
    var kinds = data.kinds.map(function () { return 0; });
    var links = data.edgeKinds.map(function () { return 0; });
    for (var i = 0; i < nodeOn.length; i++) if (nodeOn[i]) kinds[N.kind[i]] += 1;
    for (var j = 0; j < edgeOn.length; j++) if (edgeOn[j]) links[E.kind[j]] += 1;
    kinds.forEach(function (n, k) { kindCounts[k].textContent = " (" + n + ")"; });
    links.forEach(function (n, k) { linkCounts[k].textContent = " (" + n + ")"; });
  }

  // index: a position of the slider; the last one (years.length) is the whole network, all dates
  function showIndex(index) {
    var all = index >= T.years.length;
    var year = all ? null : T.years[index];
    var nodeOn = new Array(N.label.length);
    var edgeOn = new Array(E.from.length);
    for (var i = 0; i < nodeOn.length; i++) nodeOn[i] = all || (T.nodes ? within(T.nodes[i], year) : false);
    for (var j = 0; j < edgeOn.length; j++) {
      edgeOn[j] = all || within(T.edges[j], year);
      if (edgeOn[j]) { nodeOn[E.from[j]] = true; nodeOn[E.to[j]] = true; }
    }
    nodes.update(nodeOn.map(function (on, id) { return { id: id, hidden: !on }; }));
    edges.update(edgeOn.map(function (on, id) { return { id: id, hidden: !on }; }));
    recount(nodeOn, edgeOn);
    yearLabel.textContent = all ? words.all_dates : words.as_of + " " + year;
    slider.value = String(index);
    window.bbkg.year = year;
  }

  function stop() {
    if (timer === null) return;
    clearInterval(timer);
    timer = null;
    playButton.textContent = "\u25B6";
    playButton.setAttribute("aria-label", words.play);
  }

  slider.addEventListener("input", function () {
    stop();
    showIndex(parseInt(slider.value, 10));
  });
  playButton.addEventListener("click", function () {
    if (timer !== null) { stop(); return; }
    var index = parseInt(slider.value, 10);
    if (index >= T.years.length - 1) index = -1;  // at the end: play again from the first year
    playButton.textContent = "\u275A\u275A";
    playButton.setAttribute("aria-label", words.pause);
    timer = setInterval(function () {
      index += 1;
      showIndex(index);
      if (index >= T.years.length - 1) stop();
    }, 700);
  });
  window.bbkg.showYear = function (year) {
    var index = T.years.indexOf(year);
    showIndex(index < 0 ? T.years.length : index);
  };
})();
