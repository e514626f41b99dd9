// bbkg site search: every name in every language and every identifier (KBO, ROR, PIC, ...) of every page,
// matched in the browser with accents and case folded. No server, no request: the index is a script file.
(function () {
  "use strict";
  const index = window.BBKG_SEARCH;
  const root = document.documentElement.getAttribute("data-root") || "";
  const lang = document.documentElement.lang || "en";
  const file = lang === "en" ? "index.html" : "index." + lang + ".html";
  const fold = (s) => s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[’']/g, "'").replace(/\s+/g, " ").trim();
  const compact = (s) => s.replace(/[^0-9a-z]/g, "");
  const entries = index.entries.map((e) => {
    const names = e[3].map(fold);
    return { folder: e[0], kind: e[1], labels: e[2], langs: e[4], names: names, blob: names.join("\u0001"),
             ids: e[3].map((n) => compact(fold(n))).filter((n) => n.length >= 3).join("\u0001") };
  });

  function score(entry, q, tokens, digits) {
    if (entry.names.includes(q)) return 0;
    if (entry.names.some((n) => n.startsWith(q))) return 1;
    if (tokens.every((t) => entry.blob.includes(t))) return 2;
    if (digits.length >= 4 && entry.ids.includes(digits)) return 1;
    return -1;
  }

  function search(text) {
    const q = fold(text);
    if (!q) return [];
    const tokens = q.split(" ");
    const digits = compact(q);
    const hits = [];
    for (const entry of entries) {
      const s = score(entry, q, tokens, digits);
      if (s >= 0) hits.push([s, entry]);
    }
    // better match first, then organisations before places, partnerships, concepts, terms and sources
    hits.sort((a, b) => a[0] - b[0] || a[1].kind - b[1].kind || a[1].names[0].localeCompare(b[1].names[0]));
    return hits.slice(0, 50).map((h) => h[1]);
  }

  function show(hits) {
    const list = document.getElementById("results");
    const status = document.getElementById("status");
    list.replaceChildren();
    status.textContent = hits.length ? String(hits.length) : status.getAttribute("data-none");
    for (const entry of hits) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      const here = entry.langs.includes(lang) ? file : "index.html";
      a.href = root + entry.folder + "/" + here;
      a.textContent = entry.labels[lang] || entry.labels.en || entry.names[0];
      const kind = document.createElement("small");
      kind.textContent = " " + (index.kinds[entry.kind][lang] || index.kinds[entry.kind].en);
      li.appendChild(a);
      li.appendChild(kind);
      list.appendChild(li);
    }
  }

  const form = document.getElementById("search");
  const input = document.getElementById("q");
  form.addEventListener("submit", (event) => { event.preventDefault(); show(search(input.value)); });
  input.addEventListener("input", () => { if (input.value.length >= 2) show(search(input.value)); });
  const asked = new URLSearchParams(window.location.search).get("q");
  if (asked) { input.value = asked; show(search(asked)); }
  window.bbkgSearch = search;
  document.body.setAttribute("data-ready", "true");
})();
