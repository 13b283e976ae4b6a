/* Material's script, started when a reader first does something.
   Material's bundle (about 35 KB compressed) takes a phone's processor for a few hundred
   milliseconds right after the page appears, although a reader who only reads needs none of
   it: navigation, tabs, the language list and links work with HTML and CSS alone. The portal
   (portal.engine.mkdocs.compat) writes this script in the bundle's place, with the bundle's
   address in data-bundle; it loads the bundle at the first tap, click, key, focus, scroll or
   wheel (or at once when the address asks for a search, ?q=), and replays the key that opens
   the search ("/", "s", "f") if that was the first thing the reader did.
   It also lets Material's search react to every change of the search field, not only to key
   presses: pasted, dictated and autofilled queries fire "input" without any "keyup".
   Material's search dialog and its script's texts are the same on every page of a language, so
   the portal keeps them in the language's interface-texts.js (compat.SharedFrame), loaded in the
   page's head: the dialog is put back here, the texts just before the bundle starts. */
(function () {
  "use strict";
  var me = document.currentScript;
  var bundle = me && me.getAttribute("data-bundle");
  var started = false;
  var frame = (window.portalTexts && window.portalTexts.frame) || {};

  // This script comes at the end of the body: the header is there, Material's script is not yet.
  var searchButton = document.querySelector('.md-header__button[for="__search"]');
  if (searchButton && !document.querySelector('[data-md-component="search"]')) {
    if (frame.searchDialog) {
      searchButton.insertAdjacentHTML("afterend", frame.searchDialog);
    } else {
      searchButton.style.display = "none";  // the texts did not come: a button that opens nothing
    }
  }

  function restoreTexts() {
    var config = document.getElementById("__config");
    if (!config) { return; }
    var settings = JSON.parse(config.textContent);
    if (settings.translations) { return; }
    settings.translations = frame.translations || {};
    config.textContent = JSON.stringify(settings);
  }
  var triggers = ["pointerdown", "touchstart", "keydown", "focusin", "wheel", "scroll"];

  function start(event) {
    if (started || !bundle) { return; }
    started = true;
    triggers.forEach(function (type) { window.removeEventListener(type, start, true); });
    var key = event && event.type === "keydown" && !event.ctrlKey && !event.metaKey && !event.altKey &&
      /^[/sf]$/i.test(event.key) && !(event.target && event.target.closest && event.target.closest("input, textarea, select"))
      ? event.key : null;
    restoreTexts();  // Material reads its page config as its script starts
    var script = document.createElement("script");
    script.src = bundle;
    script.onload = function () {
      // Material starts on DOMContentLoaded, which has passed: announce it again (once-only
      // listeners of the page's other scripts have run and are gone).
      document.dispatchEvent(new Event("DOMContentLoaded"));
      if (key) { document.dispatchEvent(new KeyboardEvent("keydown", { key: key, bubbles: true })); }
      // A tap on the search icon opened the search (CSS) before Material was there to focus it.
      var toggle = document.getElementById("__search");
      var field = document.querySelector(".md-search__input");
      if (toggle && toggle.checked && field && document.activeElement !== field) { field.focus(); }
    };
    document.body.appendChild(script);
  }

  triggers.forEach(function (type) { window.addEventListener(type, start, { capture: true, passive: true }); });
  if (/[?&]q=/.test(location.search)) { start(); }

  // Material searches on "keyup" (and focus); an "input" without a key tells it as well.
  document.addEventListener("input", function (event) {
    var field = event.target;
    if (!field.matches || !field.matches(".md-search__input")) { return; }
    field.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true, key: "Unidentified" }));
  });
})();
