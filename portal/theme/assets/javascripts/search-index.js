/* Material's search box, answered from the language's index in pieces (portal/search.py).
   Material talks to its search worker in a small protocol it documents for custom searches
   (SETUP, READY, QUERY, RESULT); this file stands in for that worker. Nothing is fetched before
   Material sets the search up (when a reader wants to search, see search-on-demand.js); then,
   for each query, only the pieces of the word list that hold its words and one small file per
   result shown, all from the index of the page's language.
   Loaded in the page's head, before Material's script creates its worker. */
(function () {
  "use strict";
  if (!window.Worker || !document.currentScript || !window.fetch || !String.prototype.normalize) { return; }
  // assets/javascripts/ -> the site's root (the index's page addresses start there).
  var root = new URL("../../", document.currentScript.src);
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  var SHOWN = 10;  // results fetched per query: Material shows ten before the reader scrolls
  var SECTIONS = 3;  // matching sections of a page, folded under it
  var WAIT = 120;  // ms after the last key before the pieces are fetched
  var SHORTEST = 2, LONGEST = 40;  // as portal/search.py
  var EXCERPT = 32;  // words around the first match
  var MaterialWorker = /\/workers\/search\.[0-9a-f]+\.min\.js$/;
  var PreviousWorker = window.Worker;

  // As portal/search.py's fold(), without_article() and words(): the index's spelling.
  var LETTERS = { "\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9", "\u0629": "\u0647", "\u06c0": "\u0647", "\u0640": "", "\u00df": "ss" };
  var MARKS = /\p{Mn}/gu, WORD = /[\p{L}\p{N}]+/gu, PIECE_OF_WORD = /[\p{L}\p{N}\p{M}]+/gu;
  function fold(text) {
    return String(text).normalize("NFKD").toLowerCase().replace(MARKS, "")
      .replace(/[\u064a\u0649\u0643\u0629\u06c0\u0640\u00df]/g, function (c) { return LETTERS[c]; })
      .replace(/[\u0660-\u0669]/g, function (c) { return String(c.charCodeAt(0) - 0x0660); })
      .replace(/[\u06f0-\u06f9]/g, function (c) { return String(c.charCodeAt(0) - 0x06f0); });
  }
  function withoutArticle(word) {
    if (word.length >= 5 && /^(\u0648\u0627\u0644|\u0628\u0627\u0644|\u06a9\u0627\u0644|\u0641\u0627\u0644)/.test(word)) { return word.slice(3); }
    if (word.length >= 4 && /^(\u0627\u0644|\u0644\u0644)/.test(word)) { return word.slice(2); }
    return word;
  }
  function words(text) {
    return (fold(text).match(WORD) || []).map(withoutArticle).filter(function (word) {
      return word.length >= SHORTEST && word.length <= LONGEST;
    });
  }

  function escapeText(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
  }

  // A piece's file name: as portal/search.py's _piece_key().
  function pieceKey(start) {
    return Array.from(start).map(function (c) {
      return /^[a-z0-9]$/.test(c) ? c : "_" + c.codePointAt(0).toString(16);
    }).join("");
  }

  // How well an index word answers a word of the query: the word itself, a word it begins (the
  // reader is still typing, or a longer form), or one that shares all but the last letters.
  function closeness(query, word) {
    if (word === query) { return 1; }
    if (word.indexOf(query) === 0) { return 0.6; }
    var same = 0;
    while (same < query.length && same < word.length && query[same] === word[same]) { same++; }
    return same >= Math.max(4, query.length - 3) && word.length <= same + 4 ? 0.5 : 0;
  }

  function Index(folder) {
    this.folder = folder;
    this.pieces = {};
    this.pages = {};
  }
  Index.prototype.fetchJSON = function (cache, key, path) {
    if (!cache[key]) {
      cache[key] = fetch(new URL(path, this.folder).href).then(function (response) {
        if (response.status === 404) { return null; }
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      });
      cache[key].catch(function () { delete cache[key]; });  // offline now: ask again later
    }
    return cache[key];
  };
  Index.prototype.piece = function (start) {
    return this.fetchJSON(this.pieces, start, "search/words/" + pieceKey(start) + ".json");
  };
  // The index words close to one query word, from the piece that holds it (and, where that
  // piece was split, from each piece on the way: portal/search.py's _pieces()).
  Index.prototype.candidates = function (query) {
    var index = this, found = [], pages = 0;
    function walk(key) {
      return index.piece(key).then(function (piece) {
        if (!piece) { return; }
        pages = piece.pages;
        Object.keys(piece.words).forEach(function (word) {
          var near = closeness(query, word);
          if (near) { found.push({ word: word, near: near, postings: piece.words[word] }); }
        });
        var next = piece.split && query.length > key.length && piece.split[query[key.length]];
        if (next && (next.indexOf(query) === 0 || query.indexOf(next) === 0 || closeness(query, next))) {
          return walk(next);
        }
      });
    }
    return walk(query.slice(0, SHORTEST)).then(function () { return { pages: pages, words: found }; });
  };
  // Pages with every word of the query, best first. A page's score for a query word: BM25's
  // weight of its closest index word there, times the rarity of the query word (of all pages
  // with any of its index words: a rare completion does not outrank the word itself).
  Index.prototype.search = function (query) {
    var terms = words(query).filter(function (t, i, all) { return all.indexOf(t) === i; });
    if (!terms.length) { return Promise.resolve({ pages: [], words: {} }); }
    return Promise.all(terms.map(this.candidates, this)).then(function (answers) {
      var total = null, matched = Object.create(null);
      answers.forEach(function (answer) {
        var scores = {}, count = 0;
        answer.words.forEach(function (candidate) {
          var postings = candidate.postings, page = 0;
          matched[candidate.word] = true;
          for (var i = 0; i < postings.length; i += 2) {
            page += postings[i];
            var score = candidate.near * postings[i + 1];
            if (!(page in scores)) { count++; scores[page] = score; } else if (scores[page] < score) { scores[page] = score; }
          }
        });
        var rarity = Math.log(1 + (answer.pages - count + 0.5) / (count + 0.5));
        Object.keys(scores).forEach(function (page) { scores[page] *= rarity; });
        if (total === null) {
          total = scores;
        } else {
          var both = {};
          Object.keys(total).forEach(function (page) { if (page in scores) { both[page] = total[page] + scores[page]; } });
          total = both;
        }
      });
      var ranked = Object.keys(total || {}).map(Number).sort(function (a, b) { return total[b] - total[a] || a - b; });
      return { pages: ranked, words: matched };
    });
  };
  Index.prototype.page = function (number) {
    return this.fetchJSON(this.pages, number, "search/pages/" + number + ".json");
  };

  // The text around the first word found, the words found in <mark>: everything else is text
  // (content is data).
  function excerpt(text, found) {
    var pieces = [], match, first = -1;
    PIECE_OF_WORD.lastIndex = 0;
    while ((match = PIECE_OF_WORD.exec(text)) !== null) {
      var word = withoutArticle(fold(match[0]).replace(/[^\p{L}\p{N}]/gu, ""));
      var hit = word in found;
      pieces.push({ start: match.index, end: match.index + match[0].length, hit: hit });
      if (hit && first < 0) { first = pieces.length - 1; }
    }
    if (!pieces.length) { return { html: "", hit: false }; }
    var from = Math.max(0, first - 8), to = Math.min(pieces.length, from + EXCERPT);
    var html = from > 0 ? "… " : "", at = pieces[from].start;
    for (var i = from; i < to; i++) {
      html += escapeText(text.slice(at, pieces[i].start));
      var part = escapeText(text.slice(pieces[i].start, pieces[i].end));
      html += pieces[i].hit ? "<mark>" + part + "</mark>" : part;
      at = pieces[i].end;
    }
    html += to < pieces.length ? " …" : escapeText(text.slice(at));
    return { html: "<p>" + html + "</p>", hit: first >= 0 };
  }

  function items(query, pages, found) {
    var terms = {};
    query.split(/\s+/).filter(Boolean).forEach(function (word) { terms[word.toLowerCase()] = true; });
    return pages.map(function (page, rank) {
      // The index's order; Material sorts nothing, and takes the highest score for Enter.
      var score = 1 - rank / 100;
      var sections = page.sections || [];
      var whole = sections.map(function (s) { return s[2]; }).join(" ");
      var group = [{
        location: new URL(page.url, root).href,
        title: escapeText(page.title || page.url),
        text: excerpt(whole, found).html,
        score: score,
        terms: terms
      }];
      // The sections whose heading or text has a word found.
      sections.slice(1).map(function (section) {
        var text = excerpt(section[2], found);
        return { section: section, text: text, hit: text.hit || excerpt(section[1], found).hit };
      }).filter(function (s) { return s.hit; }).slice(0, SECTIONS).forEach(function (s) {
        // A lower score: Material folds such sections under the page.
        group.push({
          location: new URL(page.url + "#" + s.section[0], root).href,
          title: escapeText(s.section[1]),
          text: s.text.html,
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

  function IndexSearch() {
    this.listeners = [];
    this.index = null;
    this.asked = 0;
  }
  IndexSearch.prototype.addEventListener = function (type, listener) {
    if (type === "message") { this.listeners.push(listener); }
  };
  IndexSearch.prototype.removeEventListener = function (type, listener) {
    this.listeners = this.listeners.filter(function (l) { return l !== listener; });
  };
  IndexSearch.prototype.terminate = function () {};
  IndexSearch.prototype.answer = function (message) {
    var event = { data: message };
    this.listeners.slice().forEach(function (listener) {
      if (typeof listener === "function") { listener(event); } else { listener.handleEvent(event); }
    });
  };
  IndexSearch.prototype.postMessage = function (message) {
    var search = this;
    if (message.type === SETUP) {
      search.index = search.index || new Index(languageFolder());
      Promise.resolve().then(function () { search.answer({ type: READY }); });
    } else if (message.type === QUERY && search.index) {
      var query = String(message.data || "");
      var asked = ++search.asked;
      var current = function () { return asked === search.asked; };
      var index = search.index;
      new Promise(function (resolve) { setTimeout(resolve, WAIT); })  // only the last of quick keys
        .then(function () { return current() ? index.search(query) : null; })
        .then(function (found) {
          if (!found || !current()) { return null; }
          return Promise.all(found.pages.slice(0, SHOWN).map(index.page, index)).then(function (pages) {
            return items(query, pages.filter(Boolean), found.words);
          });
        })
        .then(function (results) {
          if (results && current()) { search.answer({ type: RESULT, data: { items: results } }); }
        })
        .catch(function () {
          // Offline, or the index is missing: no results rather than a broken box.
          if (current()) { search.answer({ type: RESULT, data: { items: [] } }); }
        });
    }
  };

  window.Worker = function (url, options) {
    return MaterialWorker.test(String(url).split("?")[0]) ? new IndexSearch() : new PreviousWorker(url, options);
  };
})();
