/* Passport pages: the copy-link button, and the educators directory filters.
   Everything works without this file: the address is printed on the page and
   every educator is listed. Text comes from data- attributes so it is translated. */
(function () {
  "use strict";

  function announce(region, message) {
    // Emptying first makes screen readers announce the same message twice in a row.
    region.textContent = "";
    window.setTimeout(function () { region.textContent = message; }, 50);
  }

  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function setUpCopyButton(button) {
    var status = button.parentNode.querySelector(".pp-copy-status");
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    button.hidden = false;
    button.addEventListener("click", function () {
      var url = button.getAttribute("data-copy-url");
      var failed = function () {
        if (target) { selectText(target); }
        announce(status, button.getAttribute("data-copy-failed"));
      };
      if (!navigator.clipboard || !navigator.clipboard.writeText) {
        failed();
        return;
      }
      navigator.clipboard.writeText(url).then(function () {
        announce(status, button.getAttribute("data-copied"));
      }, failed);
    });
  }

  function cardValues(card, key) {
    var value = card.getAttribute("data-" + key) || "";
    return value ? value.split(" ") : [];
  }

  function setUpFilters(form) {
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    var cards = Array.prototype.slice.call(document.querySelectorAll("#educator-cards > .pp-card"));
    var count = document.getElementById("educator-count");
    var empty = document.getElementById("educator-empty");
    var params = new URLSearchParams(window.location.search);

    selects.forEach(function (select) {
      var wanted = params.get(select.name);
      var known = Array.prototype.some.call(select.options, function (o) { return o.value === wanted; });
      if (wanted && known) { select.value = wanted; }
    });

    function countText(shown) {
      var template = form.getAttribute(cards.length === 1 ? "data-count-one" : "data-count-other");
      return template.replace("{shown}", String(shown)).replace("{total}", String(cards.length));
    }

    function saveState() {
      var query = new URLSearchParams(window.location.search);
      selects.forEach(function (select) {
        if (select.value) { query.set(select.name, select.value); } else { query.delete(select.name); }
      });
      var search = query.toString();
      var url = window.location.pathname + (search ? "?" + search : "") + window.location.hash;
      window.history.replaceState(null, "", url);
    }

    function apply(announceCount) {
      var shown = 0;
      cards.forEach(function (card) {
        var visible = selects.every(function (select) {
          return !select.value || cardValues(card, select.getAttribute("data-filter")).indexOf(select.value) !== -1;
        });
        card.hidden = !visible;
        if (visible) { shown += 1; }
      });
      empty.hidden = shown !== 0;
      var message = countText(shown);
      if (announceCount) { announce(count, message); } else { count.textContent = message; }
    }

    form.hidden = false;
    form.addEventListener("change", function () { saveState(); apply(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () {
      // The reset event fires before the fields are reset.
      window.setTimeout(function () { saveState(); apply(true); }, 0);
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-clear-filters]"), function (button) {
      button.addEventListener("click", function () {
        form.reset();
        selects[0].focus();
      });
    });
    apply(false);
  }

  Array.prototype.forEach.call(document.querySelectorAll("button.pp-copy[data-copy-url]"), setUpCopyButton);
  var filters = document.getElementById("educator-filters");
  if (filters) { setUpFilters(filters); }
})();
