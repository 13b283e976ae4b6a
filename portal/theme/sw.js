/* The portal's service worker: each language's core for reading without a connection.

   A page asks the worker to keep its language (companion.js sends {type: "keep"} with the
   address of the language's list, offline/precache.json, written at build time by
   portal/offline.py). The worker fetches the list; when its version differs from the copy it
   keeps, it fetches every address on it into a new cache ("portal-<lang>-<version>") and
   only then deletes the old one, so a new build replaces the saved copy in the background
   and a reader is never left with half of one.

   Answers:
   - pages: from the network; without an answer within a few seconds, the saved copy; a page
     that is not saved: the offline page of the reader's language, which lists what is;
   - files whose name carries their content hash: from the saved copy, else the network;
   - everything else of the site: from the network, the saved copy only without a connection.
   Never touched: other hosts (the worker fetches nothing from them), anything but GET, the
   browser editor under admin/ and whatever its page loads, feeds (a calendar app subscribes
   to them and must get today's), and this file. Nothing here sets a cookie or sends data. */
"use strict";

var PREFIX = "portal-";
var SCOPE = self.registration.scope;  // the site's root, e.g. https://portal.example.org/
var PATIENCE = 5000;  // ms a page may take from the network before the saved copy is shown
var SAVED_HEADER = "X-Portal-Saved";  // when the copy was saved (ISO time), on every kept answer

// Pages answered from the saved copy, by address: the page asks (companion.js) and says so.
var answeredFromCopy = new Map();
// Browser editor windows: what they load is never answered from a cache.
var editorClients = new Set();
// The lists of the kept languages, read from their caches when first needed.
var keptLists = null;

self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  // Take over the page that registered the worker, so its language is kept on the first visit.
  event.waitUntil(self.clients.claim());
});

function path(url) {
  return url.href.slice(SCOPE.length);
}

function isEditor(relative) {
  return relative === "admin" || relative.indexOf("admin/") === 0;
}

function withoutHash(href) {
  var url = new URL(href);
  url.hash = "";
  return url.href;
}

// --- keeping a language --------------------------------------------------------------------

function listOf(cache) {
  return cache.keys().then(function (requests) {
    var list = requests.find(function (r) { return /offline\/precache\.json$/.test(r.url); });
    return list ? cache.match(list).then(function (r) { return r.json(); }) : null;
  });
}

function lists() {
  if (keptLists) { return Promise.resolve(keptLists); }
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf(PREFIX) === 0; }).map(function (name) {
      return caches.open(name).then(listOf).then(function (list) {
        return list ? {name: name, list: list} : null;
      });
    }));
  }).then(function (found) {
    keptLists = found.filter(Boolean);
    return keptLists;
  });
}

function stamped(response, saved) {
  // A copy of the answer that says when it was saved; the body is read once, here.
  return response.blob().then(function (body) {
    var headers = new Headers(response.headers);
    headers.set(SAVED_HEADER, saved);
    return new Response(body, {status: response.status, statusText: response.statusText, headers: headers});
  });
}

function sameSite(href) {
  return href.indexOf(SCOPE) === 0;
}

function fetchInto(cache, href, saved) {
  return fetch(href, {cache: "no-cache", credentials: "omit"}).then(function (response) {
    if (!response.ok) { throw new Error(href + ": " + response.status); }
    return stamped(response, saved).then(function (copy) { return cache.put(href, copy); });
  });
}

function keep(listHref) {
  var listUrl = new URL(listHref, SCOPE);
  if (!sameSite(listUrl.href)) { return Promise.reject(new Error("not this site's list")); }
  return fetch(listUrl.href, {cache: "no-cache", credentials: "omit"}).then(function (response) {
    if (!response.ok) { throw new Error("no list: " + response.status); }
    return response.json();
  }).then(function (list) {
    var name = PREFIX + list.lang + "-" + list.version;
    return caches.keys().then(function (names) {
      var current = names.indexOf(name) >= 0;
      var kept = current ? caches.open(name).then(function (cache) {
        return cache.match(listUrl.href).then(function (answer) {
          return answer ? answer.headers.get(SAVED_HEADER) : null;
        });
      }) : Promise.resolve(null);
      return kept.then(function (saved) {
        if (saved) { return {lang: list.lang, saved: saved, fresh: false}; }
        return fill(name, list, listUrl.href).then(function (savedNow) {
          // The new copy is complete: the language's older ones go.
          return Promise.all(names.filter(function (n) {
            return n !== name && n.indexOf(PREFIX + list.lang + "-") === 0;
          }).map(function (n) { return caches.delete(n); })).then(function () {
            keptLists = null;
            return {lang: list.lang, saved: savedNow, fresh: true};
          });
        });
      });
    });
  });
}

function fill(name, list, listHref) {
  var saved = new Date().toISOString();
  var hrefs = list.urls.map(function (u) { return new URL(u, SCOPE).href; }).filter(function (href) {
    return sameSite(href) && !isEditor(path(new URL(href)));  // never another host, never the editor
  });
  return caches.open(name).then(function (cache) {
    var next = 0;
    // Four at a time: a phone on a slow line keeps answering the reader meanwhile.
    function worker() {
      if (next >= hrefs.length) { return Promise.resolve(); }
      var href = hrefs[next++];
      return fetchInto(cache, href, saved).then(worker);
    }
    return Promise.all([worker(), worker(), worker(), worker()]).then(function () {
      // The list goes in last: a cache with its list is a complete copy.
      return fetchInto(cache, listHref, saved);
    }).then(function () { return saved; }, function (error) {
      return caches.delete(name).then(function () { throw error; });
    });
  });
}

function keptState(listHref) {
  var listUrl = new URL(listHref, SCOPE).href;
  return lists().then(function (kept) {
    var entry = kept.find(function (e) { return new URL(e.list.scope + "offline/precache.json", SCOPE).href === listUrl; });
    if (!entry) { return null; }
    return caches.open(entry.name).then(function (cache) { return cache.match(listUrl); }).then(function (answer) {
      return answer ? {lang: entry.list.lang, saved: answer.headers.get(SAVED_HEADER), fresh: false} : null;
    });
  });
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  var port = event.ports && event.ports[0];
  var reply = function (value) { if (port) { port.postMessage(value); } };
  if (data.type === "keep" && data.list) {
    event.waitUntil(keep(data.list).then(reply, function (error) {
      // No new list (no connection, say): the copy already kept, if there is one.
      return keptState(data.list).then(function (state) {
        reply(state || {error: String(error && error.message || error)});
      });
    }));
  } else if (data.type === "answered") {
    var saved = answeredFromCopy.get(withoutHash(data.url)) || null;
    answeredFromCopy.delete(withoutHash(data.url));
    reply({saved: saved});
  }
});

// --- answering -----------------------------------------------------------------------------

function savedCopy(request) {
  // A page is the same page with a query (Material's search adds ?h=word to the results' links).
  var options = {ignoreSearch: request.mode === "navigate"};
  return lists().then(function (kept) {
    var href = withoutHash(request.url);
    return kept.reduce(function (found, entry) {
      return found.then(function (answer) {
        return answer || caches.open(entry.name).then(function (cache) { return cache.match(href, options); });
      });
    }, Promise.resolve(undefined));
  });
}

function languageOf(kept, relative) {
  // The language whose folder is the longest start of the address ("" is the default one).
  var best = null;
  kept.forEach(function (entry) {
    Object.keys(entry.list.languages).forEach(function (lang) {
      var folder = entry.list.languages[lang];
      if (relative.indexOf(folder) === 0 && (best === null || folder.length > best.folder.length)) {
        best = {lang: lang, folder: folder};
      }
    });
  });
  return best && best.lang;
}

function offlinePage(request) {
  return lists().then(function (kept) {
    if (!kept.length) { return Response.error(); }
    var lang = languageOf(kept, path(new URL(request.url)));
    // The reader's language if it is kept, else the language kept last.
    var entry = kept.find(function (e) { return e.list.lang === lang; }) || kept[kept.length - 1];
    var address = new URL(entry.list.offline, SCOPE).href;
    return caches.open(entry.name).then(function (cache) { return cache.match(address); }).then(function (page) {
      if (!page) { return Response.error(); }
      return page.text().then(function (html) {
        // Shown at another address: its relative links and files must resolve from its own.
        var based = html.replace(/<head>/i, '<head><base href="' + address + '">');
        return new Response(based, {status: 503, headers: {"Content-Type": "text/html; charset=utf-8"}});
      });
    });
  });
}

function withPatience(promise) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error("slow")); }, PATIENCE);
    promise.then(function (r) { clearTimeout(timer); resolve(r); }, function (e) { clearTimeout(timer); reject(e); });
  });
}

function answerPage(event) {
  var request = event.request;
  var network = fetch(request);
  return withPatience(network).catch(function () {
    return savedCopy(request).then(function (copy) {
      if (copy) {
        answeredFromCopy.set(withoutHash(request.url), copy.headers.get(SAVED_HEADER));
        return copy;
      }
      // Not kept: wait for the network after all, unless there is none.
      return network.catch(function () { return offlinePage(request); });
    });
  });
}

function answerFile(request, immutable) {
  if (immutable) {
    return savedCopy(request).then(function (copy) { return copy || fetch(request); });
  }
  return fetch(request).catch(function (error) {
    return savedCopy(request).then(function (copy) {
      if (copy) { return copy; }
      throw error;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (!sameSite(url.href)) { return; }  // other hosts: not the worker's business
  var relative = path(url);
  if (request.mode === "navigate" && isEditor(relative)) {
    if (event.resultingClientId) { editorClients.add(event.resultingClientId); }
    return;  // the browser editor always comes from the server
  }
  if (isEditor(relative) || editorClients.has(event.clientId)) { return; }
  if (relative === "sw.js" || /\.(ics|xml)$/.test(url.pathname)) { return; }
  if (request.mode === "navigate") {
    event.respondWith(answerPage(event));
    return;
  }
  event.respondWith(answerFile(request, /\.[0-9a-f]{8,}\.(min\.)?(js|css)$/.test(url.pathname)));
});
