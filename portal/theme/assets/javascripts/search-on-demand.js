/* Load the search only when a reader wants it.
   Material fetches the search index and starts its search worker on every page load: with a
   large portal that is most of what a page weighs, on phones with little data. Loaded before
   Material's script, this holds back exactly those two things until the search field gets
   the focus (click, tap, Tab, or Material's "/" and "s" shortcuts), then lets them go. */
(function () {
  "use strict";
  var wanted = false;
  var waiting = [];
  function release() {
    if (wanted) { return; }
    wanted = true;
    waiting.splice(0).forEach(function (go) { go(); });
  }
  function isIndex(url) { return /\/search\/search_index\.json$/.test(String(url).split("?")[0]); }

  // 1. The index request waits until the search is wanted.
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.portalDeferred = isIndex(url);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments;
    if (!request.portalDeferred || wanted) { return send.apply(request, args); }
    waiting.push(function () { send.apply(request, args); });
  };

  // 2. The worker starts with the first message Material sends it (after the index arrived).
  var RealWorker = window.Worker;
  function LazyWorker(url, options) {
    this.url = url; this.options = options; this.real = null; this.listeners = [];
  }
  LazyWorker.prototype.start = function () {
    if (!this.real) {
      this.real = new RealWorker(this.url, this.options);
      this.listeners.forEach(function (l) { this.real.addEventListener(l[0], l[1], l[2]); }, this);
    }
    return this.real;
  };
  LazyWorker.prototype.addEventListener = function (type, listener, options) {
    this.listeners.push([type, listener, options]);
    if (this.real) { this.real.addEventListener(type, listener, options); }
  };
  LazyWorker.prototype.removeEventListener = function (type, listener, options) {
    this.listeners = this.listeners.filter(function (l) { return l[0] !== type || l[1] !== listener; });
    if (this.real) { this.real.removeEventListener(type, listener, options); }
  };
  LazyWorker.prototype.postMessage = function (message, transfer) { this.start().postMessage(message, transfer); };
  LazyWorker.prototype.terminate = function () { if (this.real) { this.real.terminate(); } };
  window.Worker = function (url, options) {
    return /\/workers\/search\./.test(String(url)) ? new LazyWorker(url, options) : new RealWorker(url, options);
  };

  // 3. Material's script marks the page as scripted (html.js, not .no-js), which shows the search
  // field. It now starts at the reader's first interaction (material-on-demand.js), so the mark
  // is set here, before the first paint: the field is there from the start, and a tap on it
  // brings Material's script and, with the focus, the index.
  document.documentElement.classList.remove("no-js");
  document.documentElement.classList.add("js");

  // 4. What counts as wanting the search.
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches(".md-search__input")) { release(); }
  });
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search" && event.target.checked) { release(); }
  });
})();
