// lpdir directory browser: search (names, aliases, cities, descriptions, exam codes), the
// filters (country, level, area, language, delivery) and the sort order, all kept in the
// page's URL (?q=…&country=NL&area=azure&sort=recent) so a view can be linked; chips show
// the active filters and remove one in a click. No dependencies. Without JavaScript the
// full list, the country pages and the partner pages remain.
//
// Speed at 10,000 rows: each row's keys are read once; a keystroke only flips the rows
// whose visibility changes; at most `page` matching rows are shown at a time (the rest
// one click away), so the browser never lays out the whole table again.
(function () {
  "use strict";
  var form = document.getElementById("filter-form");
  var table = document.getElementById("partners");
  if (!form || !table) return;
  var section = document.getElementById("filters");
  var toggle = document.getElementById("filters-toggle");
  var q = document.getElementById("q");
  var sort = document.getElementById("sort");
  var status = document.getElementById("status");
  var chips = document.getElementById("chips");
  var none = document.getElementById("no-results");
  var more = document.getElementById("more");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  // 100 rows a page: style.css hides rows beyond the 100th until this script runs.
  var page = 100, limit = page;

  // The select filters that exist on this page, with the row attribute each one tests and
  // whether that attribute holds one value or several separated by spaces.
  var filters = [
    ["country", "data-country", false], ["level", "data-level", false],
    ["area", "data-areas", true], ["language", "data-langs", true],
    ["delivery", "data-delivery", true]
  ].map(function (f) {
    return { name: f[0], select: document.getElementById(f[0]), attr: f[1], many: f[2] };
  }).filter(function (f) { return f.select; });

  // Search ignores case and diacritics: "Ubersetzung" finds "Übersetzung".
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }
  var data = rows.map(function (r, i) {
    var d = { row: r, index: i, key: fold(r.getAttribute("data-search") || ""), shown: true };
    filters.forEach(function (f) {
      var v = r.getAttribute(f.attr) || "";
      d[f.name] = f.many ? " " + v + " " : v;
    });
    d.since = r.getAttribute("data-since") || "";
    d.levelRank = ["gold", "silver", "action-pack"].indexOf(r.getAttribute("data-level"));
    if (d.levelRank < 0) d.levelRank = 3;
    d.countryName = r.cells.length > 2 ? r.cells[1].textContent : "";
    return d;
  });
  var order = data.slice();

  function hasOption(select, value) {
    for (var i = 0; i < select.options.length; i++) if (select.options[i].value === value) return true;
    return false;
  }

  function readUrl() {
    var p = new URLSearchParams(window.location.search);
    q.value = p.get("q") || "";
    filters.concat(sort ? [{ name: "sort", select: sort }] : []).forEach(function (f) {
      var v = p.get(f.name) || "";
      v = f.name === "country" ? v.toUpperCase() : v.toLowerCase();
      f.select.value = hasOption(f.select, v) ? v : "";
    });
  }

  function writeUrl() {
    var p = new URLSearchParams();
    if (q.value.trim()) p.set("q", q.value.trim());
    filters.forEach(function (f) { if (f.select.value) p.set(f.name, f.select.value); });
    if (sort && sort.value) p.set("sort", sort.value);
    var s = p.toString();
    window.history.replaceState(null, "", window.location.pathname + (s ? "?" + s : "") + window.location.hash);
  }

  function compare(a, b) {
    var by = sort ? sort.value : "";
    var c = 0;
    if (by === "country") c = a.countryName.localeCompare(b.countryName);
    else if (by === "level") c = a.levelRank - b.levelRank;
    else if (by === "recent") c = a.since < b.since ? 1 : a.since > b.since ? -1 : 0;
    return c || a.index - b.index;
  }

  function reorder() {
    order = data.slice().sort(compare);
    var fragment = document.createDocumentFragment();
    order.forEach(function (d) { fragment.appendChild(d.row); });
    body.appendChild(fragment);
  }

  function apply() {
    var needle = fold(q.value);
    var active = filters.filter(function (f) { return f.select.value; }).map(function (f) {
      return { name: f.name, value: f.many ? " " + f.select.value + " " : f.select.value, many: f.many };
    });
    var matched = 0;
    for (var i = 0; i < order.length; i++) {
      var d = order[i];
      var ok = !needle || d.key.indexOf(needle) !== -1;
      for (var j = 0; ok && j < active.length; j++) {
        var a = active[j];
        ok = a.many ? d[a.name].indexOf(a.value) !== -1 : d[a.name] === a.value;
      }
      if (ok) matched++;
      var show = ok && matched <= limit;
      if (show !== d.shown) { d.row.hidden = !show; d.shown = show; }
    }
    status.textContent = status.getAttribute(rows.length === 1 ? "data-template-one" : "data-template")
      .replace("{shown}", String(matched)).replace("{total}", String(rows.length));
    none.hidden = matched !== 0;
    if (more) {
      more.hidden = matched <= limit;
      more.textContent = more.getAttribute("data-template").replace("{count}", String(Math.min(page, matched - limit)));
    }
    renderChips(active.length + (needle ? 1 : 0));
  }

  function chip(label, clear) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "chip";
    b.textContent = label + " \u00d7";
    b.setAttribute("aria-label", chips.getAttribute("data-remove").replace("{filter}", label));
    b.addEventListener("click", function () {
      clear();
      update();
      var next = chips.querySelector("button");
      (next || q).focus();
    });
    chips.appendChild(b);
  }

  function labelOf(control) {
    var l = form.querySelector('label[for="' + control.id + '"]');
    return l ? l.textContent : control.name;
  }

  function renderChips(count) {
    chips.textContent = "";
    if (q.value.trim()) chip(labelOf(q) + ": " + q.value.trim(), function () { q.value = ""; });
    filters.forEach(function (f) {
      if (!f.select.value) return;
      var text = f.select.options[f.select.selectedIndex].textContent.replace(/ \(\d+\)$/, "");
      chip(labelOf(f.select) + ": " + text, function () { f.select.value = ""; });
    });
    chips.hidden = count === 0;
    if (toggle) {
      toggle.textContent = count ? toggle.getAttribute("data-active").replace("{count}", String(count))
        : toggle.getAttribute("data-label");
    }
  }

  function update() { limit = page; apply(); writeUrl(); }

  form.addEventListener("submit", function (e) { e.preventDefault(); });
  q.addEventListener("input", update);
  filters.forEach(function (f) { f.select.addEventListener("change", update); });
  if (sort) sort.addEventListener("change", function () { reorder(); update(); });
  form.addEventListener("reset", function () {
    window.setTimeout(function () { reorder(); update(); }, 0);
  });
  if (more) more.addEventListener("click", function () { limit += page; apply(); });
  if (toggle) toggle.addEventListener("click", function () {
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    section.classList.toggle("open", open);
  });
  window.addEventListener("popstate", function () { readUrl(); reorder(); limit = page; apply(); });

  section.hidden = false;
  readUrl();
  if (sort && sort.value) reorder();
  apply();
  // The rows beyond the first page are now hidden by attribute; the stylesheet's stand-in
  // (see index.html) can go.
  document.documentElement.classList.remove("lpdir-paged");
  // For the browse benchmark (scripts/bench-browse.sh): when the filters became usable.
  if (window.performance && performance.mark) performance.mark("lpdir-filters-ready");
})();
