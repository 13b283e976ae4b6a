/* The first visit: offer, never force, the reader's own language.
   A phone set to Arabic that lands on a German page finds, at the bottom of the screen and in
   Arabic, "This page is also in Arabic" with a link to the same page in Arabic and a "No,
   thanks". The language comes from the browser's list (navigator.languages): the first one the
   site has, unless it is the page's own. The answer (either) is kept in localStorage, not in a
   cookie, and so is a language chosen in the language menu: after that nothing is offered. */
(function () {
  "use strict";
  var KEY = "portal.language";
  // Every language's offer of itself: <lang>/interface-texts.js, loaded in the page's head.
  var offers = window.portalTexts && window.portalTexts.offers;
  if (!offers) { return; }

  function remembered() {
    try { return localStorage.getItem(KEY); } catch (error) { return "unknown"; }
  }
  function remember(code) {
    try { localStorage.setItem(KEY, code); } catch (error) { /* storage off: ask again next time */ }
  }

  // A language chosen in the menu is an answer too.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".md-select__link[hreflang]");
    if (link) { remember(link.getAttribute("hreflang")); }
  });

  function wanted(offers, page) {
    var list = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
    for (var i = 0; i < list.length; i += 1) {
      var code = String(list[i]).toLowerCase().split("-")[0];
      if (code === page) { return null; }
      if (offers[code]) { return code; }
    }
    return null;
  }

  function offer() {
    if (remembered()) { return; }
    var page = (document.documentElement.lang || "").toLowerCase().split("-")[0];
    var code = wanted(offers, page);
    var target = code && document.querySelector('.md-select__link[hreflang="' + code + '"]');
    if (!target) { return; }
    var texts = offers[code];
    var box = document.createElement("section");
    box.className = "portal-language-offer";
    box.lang = code;
    box.dir = texts.dir;
    box.setAttribute("aria-label", texts.text);
    var text = document.createElement("p");
    text.textContent = texts.text;
    var accept = document.createElement("a");
    accept.href = target.href;
    accept.hreflang = code;
    accept.className = "portal-language-offer__accept";
    accept.textContent = texts.accept;
    accept.addEventListener("click", function () { remember(code); });
    var decline = document.createElement("button");
    decline.type = "button";
    decline.className = "portal-language-offer__decline";
    decline.textContent = texts.decline;
    decline.addEventListener("click", function () {
      remember(page);
      box.remove();
    });
    var actions = document.createElement("p");
    actions.append(accept, " ", decline);
    box.append(text, actions);
    // In Material's skip container, after its skip link (if the page has one): the first thing a
    // screen reader meets after it, and after the search and drawer toggles, whose stylesheet
    // rule hides the offer while either is open (portal.css).
    var skip = document.querySelector('[data-md-component="skip"]');
    if (skip) { skip.append(box); } else { document.body.prepend(box); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", offer, { once: true });
  } else {
    offer();
  }
})();
