// lpdir directory filter: search (names, aliases and exam codes), country, level and taught
// area, kept in the page's URL (?q=…&country=NL&level=gold&area=azure) so a filtered view can
// be linked. No dependencies; without
// JavaScript the full list and the country pages remain.
(function () {
  "use strict";
  var form = document.getElementById("filter-form");
  var table = document.getElementById("partners");
  if (!form || !table) return;
  var q = document.getElementById("q");
  var country = document.getElementById("country");
  var level = document.getElementById("level");
  // The area filter exists only when some partner's page says what it teaches.
  var area = document.getElementById("area");
  var status = document.getElementById("status");
  var none = document.getElementById("no-results");
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);

  // Search ignores case and diacritics: "Ubersetzung" finds "Übersetzung".
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }
  var keys = rows.map(function (r) { return fold(r.getAttribute("data-search") || ""); });

  function hasOption(select, value) {
    for (var i = 0; i < select.options.length; i++) if (select.options[i].value === value) return true;
    return false;
  }

  function readUrl() {
    var p = new URLSearchParams(window.location.search);
    q.value = p.get("q") || "";
    var c = (p.get("country") || "").toUpperCase();
    country.value = hasOption(country, c) ? c : "";
    var l = (p.get("level") || "").toLowerCase();
    level.value = hasOption(level, l) ? l : "";
    if (area) {
      var a = (p.get("area") || "").toLowerCase();
      area.value = hasOption(area, a) ? a : "";
    }
  }

  function writeUrl() {
    var p = new URLSearchParams();
    if (q.value.trim()) p.set("q", q.value.trim());
    if (country.value) p.set("country", country.value);
    if (level.value) p.set("level", level.value);
    if (area && area.value) p.set("area", area.value);
    var s = p.toString();
    var url = window.location.pathname + (s ? "?" + s : "") + window.location.hash;
    window.history.replaceState(null, "", url);
  }

  function apply() {
    var needle = fold(q.value);
    var c = country.value, l = level.value, a = area ? area.value : "", shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      var ok = (!needle || keys[i].indexOf(needle) !== -1) &&
        (!c || r.getAttribute("data-country") === c) &&
        (!l || r.getAttribute("data-level") === l) &&
        (!a || (" " + (r.getAttribute("data-areas") || "") + " ").indexOf(" " + a + " ") !== -1);
      r.hidden = !ok;
      if (ok) shown++;
    }
    status.textContent = status.getAttribute("data-template")
      .replace("{shown}", String(shown)).replace("{total}", String(rows.length));
    none.hidden = shown !== 0;
  }

  function update() { apply(); writeUrl(); }

  form.addEventListener("submit", function (e) { e.preventDefault(); });
  q.addEventListener("input", update);
  country.addEventListener("change", update);
  level.addEventListener("change", update);
  if (area) area.addEventListener("change", update);
  form.addEventListener("reset", function () { window.setTimeout(update, 0); });
  window.addEventListener("popstate", function () { readUrl(); apply(); });

  document.getElementById("filters").hidden = false;
  readUrl();
  apply();
})();
