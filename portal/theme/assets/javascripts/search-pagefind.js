/* Material's search box, answered by Pagefind (its index: portal/search.py).
   Material talks to its search worker in a small protocol it documents for custom searches
   (SETUP, READY, QUERY, RESULT); this file stands in for that worker. Nothing is fetched before
   Material sets the search up (when a reader wants to search, see search-on-demand.js); then
   Pagefind's script, and for each query only the index pieces of its words and one fragment per
   result shown, all from the index of the page's language (portal/search.py).
   Loaded in the page's head, before Material's script creates its worker. */
(function () {
  "use strict";
  if (!window.Worker || !document.currentScript) { return; }
  // assets/javascripts/ -> the site's root (Pagefind's addresses of pages start there).
  var root = new URL("../../", document.currentScript.src);
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  var SHOWN = 10;  // results fetched per query: Material shows ten before the reader scrolls
  var SECTIONS = 3;  // matching sections of a page, folded under it
  var MaterialWorker = /\/workers\/search\.[0-9a-f]+\.min\.js$/;
  var PreviousWorker = window.Worker;

  function escapeText(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
  }

  // Pagefind's excerpt is HTML with <mark> around the words found: only those marks are kept,
  // everything else becomes text (content is data). A template's content is never rendered.
  function excerpt(html) {
    var template = document.createElement("template");
    template.innerHTML = html || "";
    var text = "";
    template.content.childNodes.forEach(function (node) {
      var part = escapeText(node.textContent);
      text += node.nodeName === "MARK" ? "<mark>" + part + "</mark>" : part;
    });
    return text ? "<p>" + text + "</p>" : "";
  }

  function items(query, pages) {
    var terms = {};
    query.split(/\s+/).filter(Boolean).forEach(function (word) { terms[word.toLowerCase()] = true; });
    return pages.map(function (page, rank) {
      // Pagefind's order; Material sorts nothing, and takes the highest score for Enter.
      var score = 1 - rank / 100;
      var group = [{
        location: new URL(page.url, location.href).href,
        title: escapeText((page.meta && page.meta.title) || page.url),
        text: excerpt(page.excerpt),
        score: score,
        terms: terms
      }];
      (page.sub_results || []).filter(function (sub) { return sub.url.indexOf("#") > 0; })
        .slice(0, SECTIONS).forEach(function (sub) {
          // A lower score: Material folds such sections under the page.
          group.push({
            location: new URL(sub.url, location.href).href,
            title: escapeText(sub.title),
            text: excerpt(sub.excerpt),
            score: score - 0.005,
            terms: terms
          });
        });
      return group;
    });
  }

  // Each language's index is in its own folder, the one Material's page config names as `base`.
  function languageFolder() {
    var config = document.getElementById("__config");
    try {
      return new URL(JSON.parse(config.textContent).base, location.href);
    } catch (error) {
      return root;
    }
  }

  function PagefindSearch() {
    this.listeners = [];
    this.pagefind = null;
    this.asked = 0;
  }
  PagefindSearch.prototype.addEventListener = function (type, listener) {
    if (type === "message") { this.listeners.push(listener); }
  };
  PagefindSearch.prototype.removeEventListener = function (type, listener) {
    this.listeners = this.listeners.filter(function (l) { return l !== listener; });
  };
  PagefindSearch.prototype.terminate = function () {};
  PagefindSearch.prototype.answer = function (message) {
    var event = { data: message };
    this.listeners.slice().forEach(function (listener) {
      if (typeof listener === "function") { listener(event); } else { listener.handleEvent(event); }
    });
  };
  PagefindSearch.prototype.postMessage = function (message) {
    var search = this;
    if (message.type === SETUP && !search.pagefind) {
      search.pagefind = import(new URL("pagefind/pagefind.js", languageFolder()).href).then(function (pagefind) {
        // noWorker: Pagefind's own worker would be one more script to fetch (12 KB) for a
        // search that takes milliseconds. pageLength: Pagefind favours short pages (0.75); a
        // card that names a word should not outrank the topic that explains it.
        return Promise.resolve(pagefind.options({ baseUrl: root.pathname, noWorker: true, ranking: { pageLength: 0.3 } }))
          .then(function () { return pagefind; });
      });
      // Ready at once: the first query waits for Pagefind, the reader need not.
      Promise.resolve().then(function () { search.answer({ type: READY }); });
    } else if (message.type === QUERY && search.pagefind) {
      var query = String(message.data || "");
      var asked = ++search.asked;
      var current = function () { return asked === search.asked; };
      search.pagefind
        .then(function (pagefind) {
          // Debounced: while the reader types, only the last word is looked up.
          return query.trim() ? pagefind.debouncedSearch(query) : { results: [] };
        })
        .then(function (found) {
          if (!found || !current()) { return null; }
          return Promise.all(found.results.slice(0, SHOWN).map(function (result) { return result.data(); }));
        })
        .then(function (pages) {
          if (pages && current()) { search.answer({ type: RESULT, data: { items: items(query, pages) } }); }
        })
        .catch(function () {
          // No Pagefind (an old browser, WebAssembly blocked): no results rather than a broken box.
          if (current()) { search.answer({ type: RESULT, data: { items: [] } }); }
        });
    }
  };

  window.Worker = function (url, options) {
    return MaterialWorker.test(String(url).split("?")[0]) ? new PagefindSearch() : new PreviousWorker(url, options);
  };
})();
