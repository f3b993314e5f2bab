/* Passport pages: the share button and the day statuses were last checked.
   Everything works without this file: the address is printed on the page and
   the page says when its status last changed. Text comes from data- attributes
   so it is translated. */
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

  // Share: the phone's share sheet where there is one, else copy the address.
  function setUpShare(button) {
    var status = button.parentNode.querySelector("[role=status]");
    var target = document.getElementById("passport-url");
    var url = target.textContent.trim();
    var failed = function () {
      if (target) { selectText(target); }
      announce(status, button.getAttribute("data-failed"));
    };
    var copy = function () {
      if (!navigator.clipboard || !navigator.clipboard.writeText) { failed(); return; }
      navigator.clipboard.writeText(url).then(function () {
        announce(status, button.getAttribute("data-copied"));
      }, failed);
    };
    var canShare = typeof navigator.share === "function";
    if (canShare) { button.textContent = button.getAttribute("data-share"); }
    button.hidden = false;
    button.addEventListener("click", function () {
      if (!canShare) { copy(); return; }
      navigator.share({ title: document.title, url: url }).catch(function (error) {
        if (!error || error.name !== "AbortError") { copy(); }  // closing the sheet is not a failure
      });
    });
  }

  // "Checked 24 November 2026.": the day the site last checked every status,
  // from one small file every build writes (a passport itself never holds it).
  function showChecked(element) {
    window.fetch(element.getAttribute("data-checked")).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (checked) {
      if (typeof checked.date !== "string" || !checked.date) { return; }
      element.textContent = element.getAttribute("data-text").replace("{date}", checked.date);
      element.hidden = false;
    }).catch(function () { /* the page says when its status last changed; that stands alone */ });
  }

  var share = document.getElementById("pp-share");
  if (share) { setUpShare(share); }
  var checked = document.querySelector("[data-checked]");
  if (checked && window.fetch) { showChecked(checked); }
})();
