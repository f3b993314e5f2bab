/* The educators directory's search and filters.
   Without this file every educator is still listed: the directory's pages
   link to each other. Text comes from data- attributes, so it is translated.

   A directory of one page carries its filter options and filters its own
   cards in place (so it works from a file:// copy too). A directory of
   several pages carries no options: they come, with their counts, from a
   small JSON file (data-filters), with how many educators there are in all,
   so a page changes only when its own cards do; once a filter is used, every educator is read from the directory's
   JSON index (data-index) and the matches from every page are shown. */
(function () {
  "use strict";

  var FILTER_KEYS = ["credentials", "stacks", "topics"];
  var BATCH = 100;  // cards added at a time: a one-letter search can match thousands

  // Lower case without accents or ligatures, so "tomas" finds "Tomás".
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function words(text) {
    return fold(text).split(/\s+/).filter(Boolean);
  }

  function listed(value) {
    return value ? value.split(" ") : [];
  }

  function textOf(card, selector) {
    var element = card.querySelector(selector);
    return element ? element.textContent : "";
  }

  function getJson(url) {
    return window.fetch(url).then(function (response) {
      if (!response.ok) { throw new Error(response.status + " " + url); }
      return response.json();
    });
  }

  // The educators of a one-page directory, read from its own cards.
  function cardsOnPage(cards) {
    return cards.map(function (card) {
      var entry = { card: card };
      FILTER_KEYS.forEach(function (key) { entry[key] = listed(card.getAttribute("data-" + key)); });
      entry.text = fold([".person-card__name", ".person-card__headline", ".person-card__location"].map(function (selector) {
        return textOf(card, selector);
      }).join(" "));
      return entry;
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // A card as the page template writes it, from the directory index. Text goes
  // in as text (never as HTML): names and headlines come from many hands.
  function makeCard(educator, titles, base) {
    var card = element("li", "person-card");
    var head = card.appendChild(element("div", "person-card__head"));
    if (educator.photo) {
      var photo = head.appendChild(element("img", "person-card__photo"));
      photo.src = new URL(educator.photo, base).href;
      photo.alt = "";
      photo.width = 64;
      photo.height = 64;
      photo.loading = "lazy";
    }
    var text = head.appendChild(element("div"));
    var link = text.appendChild(element("h2", "person-card__name")).appendChild(element("a", "", educator.name));
    link.href = new URL(educator.url, base).href;
    if (educator.headline) { text.appendChild(element("p", "person-card__headline", educator.headline)); }
    if (educator.location) { text.appendChild(element("p", "person-card__location", educator.location)); }
    card.appendChild(element("p", "person-card__counts", educator.counts));
    if (educator.top.length) {
      var list = card.appendChild(element("ul", "person-card__credentials"));
      educator.top.forEach(function (id) { list.appendChild(element("li", "", titles[id] || id)); });
      if (educator.more) { list.appendChild(element("li", "muted", educator.more)); }
    }
    return card;
  }

  // Every educator of a directory of several pages, from its index.
  function loadIndex(url) {
    return getJson(url).then(function (index) {
      var base = new URL(url, window.location.href);
      return index.educators.map(function (educator) {
        var entry = { educator: educator, card: null };
        FILTER_KEYS.forEach(function (key) { entry[key] = educator[key] || []; });
        entry.text = fold([educator.name, educator.headline || "", educator.location || ""].join(" "));
        entry.make = function () { return makeCard(educator, index.credentials || {}, base); };
        return entry;
      });
    });
  }

  // The options of a directory of several pages: "Title (count)", as a one-page directory writes them.
  function addOptions(selects, filters) {
    selects.forEach(function (select) {
      (filters[select.getAttribute("data-filter")] || []).forEach(function (option) {
        select.appendChild(new Option(option.title + " (" + option.count + ")", option.id));
      });
    });
  }

  function setUp(form, total) {
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    var search = form.querySelector("#filter-text");
    var panel = document.getElementById("filter-panel");
    var list = document.getElementById("educator-cards");
    var pageCards = Array.prototype.slice.call(list.children);
    var count = document.getElementById("educator-count");
    var pageCount = count.textContent;
    if (total !== undefined && form.getAttribute("data-count-page")) {
      // The page itself leaves out how many there are in all, which changes with every new educator.
      pageCount = form.getAttribute("data-count-page").replace("{total}", String(total));
      count.textContent = pageCount;
    }
    var empty = document.getElementById("educator-empty");
    var more = document.getElementById("educator-more");
    var pages = document.getElementById("educator-pages");
    var indexUrl = form.getAttribute("data-index");
    var entries = indexUrl ? null : cardsOnPage(pageCards);
    var loading = false;
    var statusTimer = null;
    var typing = null;
    var matches = [];
    var shownCards = 0;
    var params = new URLSearchParams(window.location.search);

    selects.forEach(function (select) {
      var wanted = params.get(select.name);
      var known = Array.prototype.some.call(select.options, function (o) { return o.value === wanted; });
      if (wanted && known) { select.value = wanted; }
    });
    search.value = params.get(search.name) || "";
    if (panel && selects.some(function (select) { return select.value; })) { panel.open = true; }

    function filtering() {
      return words(search.value).length > 0 || selects.some(function (select) { return select.value; });
    }

    function countText(shown, total) {
      var template = form.getAttribute(total === 1 ? "data-count-one" : "data-count-other");
      return template.replace("{shown}", String(shown)).replace("{total}", String(total));
    }

    // The count is a live region: a message to announce is set after a
    // moment (emptied first, so the same message twice is announced twice),
    // and a newer message cancels one still waiting.
    function setStatus(message, announceIt) {
      window.clearTimeout(statusTimer);
      if (!announceIt) { count.textContent = message; return; }
      count.textContent = "";
      statusTimer = window.setTimeout(function () { count.textContent = message; }, 50);
    }

    function saveState() {
      var query = new URLSearchParams(window.location.search);
      selects.concat([search]).forEach(function (field) {
        var value = field.value.trim();
        if (value) { query.set(field.name, value); } else { query.delete(field.name); }
      });
      var text = query.toString();
      window.history.replaceState(null, "", window.location.pathname + (text ? "?" + text : "") + window.location.hash);
    }

    function matching() {
      var wanted = words(search.value);
      return entries.filter(function (entry) {
        return selects.every(function (select) {
          return !select.value || entry[select.getAttribute("data-filter")].indexOf(select.value) !== -1;
        }) && wanted.every(function (word) { return entry.text.indexOf(word) !== -1; });
      });
    }

    function cardOf(entry) {
      if (!entry.card) { entry.card = entry.make(); }
      return entry.card;
    }

    function showMore() {
      var next = matches.slice(shownCards, shownCards + BATCH);
      next.forEach(function (entry) { list.appendChild(cardOf(entry)); });
      shownCards += next.length;
      more.hidden = shownCards >= matches.length;
    }

    function showPage(announceCount) {
      list.replaceChildren.apply(list, pageCards);
      pageCards.forEach(function (card) { card.hidden = false; });
      more.hidden = true;
      empty.hidden = true;
      if (pages) { pages.hidden = false; }
      setStatus(pageCount, announceCount);
    }

    function showMatches(announceCount) {
      matches = matching();
      if (indexUrl) {
        // Matches from every page replace this page's cards.
        list.replaceChildren();
        shownCards = 0;
        showMore();
        if (pages) { pages.hidden = true; }
      } else {
        var wanted = matches.map(function (entry) { return entry.card; });
        pageCards.forEach(function (card) { card.hidden = wanted.indexOf(card) === -1; });
      }
      empty.hidden = matches.length !== 0;
      setStatus(countText(matches.length, entries.length), announceCount);
    }

    function apply(announceCount) {
      if (!filtering()) { showPage(announceCount); return; }
      if (entries) { showMatches(announceCount); return; }
      if (loading) { return; }  // the filters as they are when it arrives are applied then
      loading = true;
      setStatus(form.getAttribute("data-loading"), false);
      loadIndex(indexUrl).then(function (loaded) {
        entries = loaded;
        apply(true);
      }, function () {
        loading = false;
        setStatus(form.getAttribute("data-load-failed"), true);
      });
    }

    function applyNow() {
      window.clearTimeout(typing);
      saveState();
      apply(true);
    }

    form.hidden = false;
    form.addEventListener("change", function (event) {
      if (event.target !== search) { applyNow(); }  // typing is handled as it happens
    });
    search.addEventListener("input", function () {
      // Wait for a pause in typing, so the count is announced once, not per letter.
      window.clearTimeout(typing);
      typing = window.setTimeout(applyNow, 300);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      applyNow();  // Enter in the search field applies it at once
    });
    form.addEventListener("reset", function () {
      // The reset event fires before the fields are reset.
      window.setTimeout(applyNow, 0);
    });
    more.querySelector("button").addEventListener("click", function () {
      var first = shownCards;
      showMore();
      var link = list.children[first] && list.children[first].querySelector("a");
      if (link) { link.focus(); }  // keyboard users continue where the new cards start
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-clear-filters]"), function (button) {
      button.addEventListener("click", function () {
        form.reset();
        search.focus();
      });
    });
    if (filtering()) { apply(false); }
  }

  var form = document.getElementById("educator-filters");
  if (!form || !window.fetch || !window.URLSearchParams) { return; }
  var filtersUrl = form.getAttribute("data-filters");
  if (!filtersUrl) {
    setUp(form);
    return;
  }
  // Without its options the form stays hidden: the page links still list everyone.
  getJson(filtersUrl).then(function (filters) {
    addOptions(Array.prototype.slice.call(form.querySelectorAll("select[data-filter]")), filters);
    setUp(form, filters.educators);
  }, function () { /* Keep the page as it is. */ });
})();
