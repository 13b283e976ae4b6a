/* Enhancements of the portal's pages. Everything works without this script; it only
   (1) keeps "upcoming" right on the day the reader looks, not only the day of the build,
   (2) marks today in the month calendar and points "current month" at the real one,
   (3) filters the upcoming and the past events on one page, with the choice in the address
       (?category=workshop&language=fa), so that a filtered list can be shared and bookmarked, and
   (4) lets glossary explanations be opened by a tap and closed with Escape, and
   (5) lists the counselling places of the region a reader chooses first, and remembers the
       choice (localStorage, no cookie) for the finder's and the guidance pages. */
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
    var links = document.querySelectorAll("a[data-portal-current-month]");
    var grid = document.querySelector(".portal-month-grid[data-timezone]");
    if (!grid && !links.length) { return; }  // nothing to mark: no need to ask for the date
    var any = grid || document.querySelector("[data-timezone]");
    var now = today(any && any.dataset.timezone);
    document.querySelectorAll('.portal-month-grid td[data-date="' + now + '"]').forEach(function (cell) {
      cell.classList.add("portal-today");
      cell.setAttribute("aria-current", "date");
      var label = cell.closest("table").dataset.todayLabel;
      var day = cell.querySelector(".portal-day");
      if (label && day && !day.querySelector(".portal-today__label")) {
        var marker = document.createElement("span");
        marker.className = "portal-today__label";
        marker.textContent = label;
        day.appendChild(marker);
      }
    });
    var month = now.slice(0, 7);
    links.forEach(function (link) {
      // Only months that have a page: the first and the last one are on the link.
      if (month < link.dataset.first || month > link.dataset.last) { return; }
      link.href = link.href.replace(/\d{4}-\d{2}\/?$/, month + "/");
    });
  }

  // (3) One-page filter by category, audience and spoken language, of the upcoming and the past
  // events; the choice goes into the address (replaceState) and comes back from it on load.
  function enableFilter(form, list, past) {
    var output = form.querySelector("output");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    function matches(item, chosen) {
      return Object.keys(chosen).every(function (name) {
        return !chosen[name] || (item.dataset[name] || "").split(" ").indexOf(chosen[name]) !== -1;
      });
    }
    function apply() {
      var chosen = {};
      selects.forEach(function (select) { chosen[select.name] = select.value; });
      list.querySelectorAll("li.portal-event").forEach(function (item) {
        if (item.dataset.ended) { return; }
        item.hidden = !matches(item, chosen);
      });
      var count = refreshGroups(list);
      if (output) { output.textContent = output.dataset.template.replace("{n}", count); }
      if (past) {
        var shown = 0;
        past.querySelectorAll("li.portal-event").forEach(function (item) {
          item.hidden = !matches(item, chosen);
          if (!item.hidden) { shown += 1; }
        });
        var none = past.querySelector(".portal-empty");
        if (none) { none.hidden = shown > 0; }
      }
      var params = new URLSearchParams(location.search);
      selects.forEach(function (select) {
        if (select.value) { params.set(select.name, select.value); } else { params.delete(select.name); }
      });
      var query = params.toString();
      history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }
    var wanted = new URLSearchParams(location.search), restored = false;
    selects.forEach(function (select) {
      var value = wanted.get(select.name);
      if (value && Array.prototype.some.call(select.options, function (o) { return o.value === value; })) {
        select.value = value;
        restored = true;
      }
    });
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    form.hidden = false;
    if (restored) { apply(); }
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

  // (5) The reader's region first. The build lists the site's home region first; the choice
  // moves the places of another region to the front, on this page and the next ones.
  function enableRegions() {
    var form = document.querySelector("[data-portal-region]");
    var list = document.querySelector("[data-portal-places]");
    if (!form || !list) { return; }
    var select = form.querySelector("select");
    var items = Array.prototype.slice.call(list.children);
    function apply(remember) {
      var region = select.value;
      var first = items.filter(function (item) { return item.dataset.region === region; });
      var rest = items.filter(function (item) { return item.dataset.region !== region; });
      first.concat(rest).forEach(function (item) { list.appendChild(item); });
      if (remember) {
        try { localStorage.setItem("portal.region", region); } catch (error) { /* storage off */ }
      }
    }
    var saved = null;
    try { saved = localStorage.getItem("portal.region"); } catch (error) { /* storage off */ }
    if (saved && saved !== select.value && Array.prototype.some.call(select.options, function (o) { return o.value === saved; })) {
      select.value = saved;
      apply(false);
    }
    select.addEventListener("change", function () { apply(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
  }

  function start() {
    enableTerms();
    enableRegions();
    var list = document.querySelector("[data-portal-upcoming]");
    if (list) { hideEnded(list); }
    markToday();
    var form = document.querySelector("[data-portal-filter]");
    if (form && list) { enableFilter(form, list, document.querySelector("[data-portal-past]")); }
  }

  if (document.readyState === "loading") {
    // Once: material-on-demand.js announces DOMContentLoaded again when it starts Material late.
    document.addEventListener("DOMContentLoaded", start, { once: true });
  } else {
    start();
  }
})();
