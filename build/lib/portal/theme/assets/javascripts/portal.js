/* Enhancements of the portal's pages. Everything works without this script; it only
   (1) keeps "upcoming" right on the day the reader looks, not only the day of the build,
   (2) marks today in the month calendar and points "current month" at the real one, and
   (3) filters the upcoming list on one page, and
   (4) lets glossary explanations be opened by a tap and closed with Escape. */
(function () {
  "use strict";

  // Today as YYYY-MM-DD in the site's timezone (events are dated in local wall-clock time).
  function today(timezone) {
    var parts = new Intl.DateTimeFormat("en-CA", {
      timeZone: timezone || "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit"
    }).formatToParts(new Date());
    var get = function (type) { return parts.find(function (p) { return p.type === type; }).value; };
    return get("year") + "-" + get("month") + "-" + get("day");
  }

  function refreshGroups(list) {
    var visible = 0;
    list.querySelectorAll(".portal-month-group").forEach(function (group) {
      var shown = group.querySelectorAll("li.portal-event:not([hidden])").length;
      group.hidden = shown === 0;
      visible += shown;
    });
    var empty = list.querySelector(".portal-empty");
    if (empty) { empty.hidden = visible > 0; }
    return visible;
  }

  // (1) Events that have ended since the build leave the upcoming list.
  function hideEnded(list) {
    var now = today(list.dataset.timezone);
    list.querySelectorAll("li.portal-event[data-end]").forEach(function (item) {
      if (item.dataset.end < now) { item.hidden = true; item.dataset.ended = "true"; }
    });
    refreshGroups(list);
  }

  // (2) Today in the month grid; "current month" links to the month the reader is in.
  function markToday() {
    var grid = document.querySelector("[data-timezone]");
    var now = today(grid && grid.dataset.timezone);
    document.querySelectorAll('.portal-month-grid td[data-date="' + now + '"]').forEach(function (cell) {
      cell.classList.add("portal-today");
      cell.setAttribute("aria-current", "date");
    });
    var month = now.slice(0, 7);
    document.querySelectorAll("a[data-portal-current-month]").forEach(function (link) {
      // Only months that have a page: the first and the last one are on the link.
      if (month < link.dataset.first || month > link.dataset.last) { return; }
      link.href = link.href.replace(/\d{4}-\d{2}\/?$/, month + "/");
    });
  }

  // (3) One-page filter by category, audience and spoken language.
  function enableFilter(form, list) {
    var output = form.querySelector("output");
    function apply() {
      var chosen = {};
      form.querySelectorAll("select").forEach(function (select) { chosen[select.name] = select.value; });
      list.querySelectorAll("li.portal-event").forEach(function (item) {
        if (item.dataset.ended) { return; }
        var match = Object.keys(chosen).every(function (name) {
          return !chosen[name] || (item.dataset[name] || "").split(" ").indexOf(chosen[name]) !== -1;
        });
        item.hidden = !match;
      });
      var count = refreshGroups(list);
      if (output) { output.textContent = output.dataset.template.replace("{n}", count); }
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    form.hidden = false;
  }

  // (4) Glossary terms: CSS shows the explanation on hover and focus. A tap on a touch screen
  // shows it first (a second tap follows the link to the glossary); Escape hides it
  // (WCAG 1.4.13) until the pointer or focus leaves the term.
  function enableTerms() {
    var terms = document.querySelectorAll(".portal-term");
    if (!terms.length) { return; }
    function closeAll(except) {
      terms.forEach(function (term) { if (term !== except) { term.classList.remove("portal-term--open"); } });
    }
    var lastPointer = "mouse";
    document.addEventListener("pointerdown", function (event) {
      lastPointer = event.pointerType;
      if (!event.target.closest(".portal-term")) { closeAll(null); }
    }, true);
    terms.forEach(function (term) {
      var word = term.querySelector(".portal-term__word");
      word.addEventListener("click", function (event) {
        if (lastPointer !== "touch" || term.classList.contains("portal-term--open")) { return; }
        event.preventDefault();
        closeAll(term);
        term.classList.add("portal-term--open");
      });
      term.addEventListener("mouseleave", function () { term.classList.remove("portal-term--dismissed"); });
      word.addEventListener("blur", function () {
        term.classList.remove("portal-term--dismissed", "portal-term--open");
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      terms.forEach(function (term) {
        if (term.matches(":hover") || term.contains(document.activeElement) || term.classList.contains("portal-term--open")) {
          term.classList.add("portal-term--dismissed");
          term.classList.remove("portal-term--open");
        }
      });
    });
  }

  function start() {
    enableTerms();
    var list = document.querySelector("[data-portal-upcoming]");
    if (list) { hideEnded(list); }
    markToday();
    var form = document.querySelector("[data-portal-filter]");
    if (form && list) { enableFilter(form, list); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
