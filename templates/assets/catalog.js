/* Catalog search and filters: narrows the server-rendered cards in place.
   Without JavaScript (or if the index cannot load) every card stays listed
   and the form stays hidden. The filter state lives in the URL query
   (?q=…&topic=…) so a filtered view can be shared and survives a reload.
   The filters sit in a folded panel (<details>): it opens by itself when a
   link brings filters in use, and its summary says how many are in use. */
(function () {
  "use strict";

  var form = document.getElementById("finder");
  var list = document.getElementById("credential-list");
  var status = document.getElementById("finder-status");
  var empty = document.getElementById("finder-empty");
  var panel = document.getElementById("finder-panel");
  var active = document.getElementById("finder-active");
  if (!form || !list || !status || !panel || !active || !window.fetch || !window.URLSearchParams) {
    return;
  }

  var FILTERS = { topic: "topics", grade: "grade_bands", role: "roles", stack: "stacks", issuer: "issuer" };
  var cards = Array.prototype.slice.call(list.querySelectorAll("[data-id]"));
  var search = form.elements.namedItem("q");
  var entries = {};

  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function words(query) {
    return fold(query).split(/\s+/).filter(function (word) { return word.length > 0; });
  }

  function selected() {
    var state = { q: search.value.trim() };
    Object.keys(FILTERS).forEach(function (name) {
      var control = form.elements.namedItem(name);
      state[name] = control ? control.value : "";
    });
    return state;
  }

  function matches(entry, state, queryWords) {
    for (var name in FILTERS) {
      var wanted = state[name];
      if (!wanted) { continue; }
      var values = entry[FILTERS[name]];
      if (Array.isArray(values) ? values.indexOf(wanted) === -1 : values !== wanted) { return false; }
    }
    return queryWords.every(function (word) { return entry.haystack.indexOf(word) !== -1; });
  }

  function announce(shown) {
    var total = cards.length;
    var template = shown === total
      ? (shown === 1 ? form.dataset.countOne : form.dataset.countMany)
      : form.dataset.countTotal;
    status.textContent = template.replace("{n}", String(shown)).replace("{total}", String(total));
  }

  function filtersInUse(state) {
    return Object.keys(FILTERS).filter(function (name) { return state[name]; }).length;
  }

  function showFiltersInUse(state) {
    var inUse = filtersInUse(state);
    active.textContent = inUse ? " (" + form.dataset.active.replace("{n}", String(inUse)) + ")" : "";
  }

  function writeUrl(state) {
    var params = new URLSearchParams();
    Object.keys(state).forEach(function (name) {
      if (state[name]) { params.set(name, state[name]); }
    });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(null, "", url);
  }

  function apply() {
    var state = selected();
    var queryWords = words(state.q);
    var shown = 0;
    cards.forEach(function (card) {
      var entry = entries[card.dataset.id];
      var visible = !entry || matches(entry, state, queryWords);
      card.hidden = !visible;
      if (visible) { shown += 1; }
    });
    empty.hidden = shown !== 0;
    announce(shown);
    showFiltersInUse(state);
    writeUrl(state);
  }

  function readUrl() {
    var params = new URLSearchParams(window.location.search);
    search.value = params.get("q") || "";
    Object.keys(FILTERS).forEach(function (name) {
      var control = form.elements.namedItem(name);
      var value = params.get(name) || "";
      if (!control) { return; }
      var known = Array.prototype.some.call(control.options, function (option) { return option.value === value; });
      control.value = known ? value : "";
    });
  }

  function start(index) {
    index.forEach(function (entry) {
      entry.haystack = fold([entry.title, entry.summary, entry.competency].join(" "));
      entries[entry.id] = entry;
    });
    form.hidden = false;
    readUrl();
    if (filtersInUse(selected())) { panel.open = true; }
    apply();
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      apply();
    });
    form.addEventListener("reset", function () {
      // The reset event fires before the controls are cleared.
      window.setTimeout(function () { apply(); search.focus(); }, 0);
    });
  }

  fetch(form.dataset.index, { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) { throw new Error("search index: HTTP " + response.status); }
      return response.json();
    })
    .then(start)
    .catch(function () { /* Keep the full, unfiltered list. */ });
})();
