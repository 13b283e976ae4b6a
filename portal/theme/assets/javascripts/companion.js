/* The portal as a companion on the phone. Every page is complete without this script; it
   (1) registers the service worker (sw.js) and asks it to keep the page's language for
       reading without a connection, says when the kept copy was saved, and marks a page
       that was answered from that copy,
   (2) saves events, places and guidance topics on a list in this browser (localStorage,
       "Merkliste"; nothing is sent anywhere) and shows that list on its page,
   (3) shares a page with the phone's share sheet, or copies its link,
   (4) reads a page aloud with a voice of the device itself (never one that sends the text to
       a server), and only where the device has one for the page's language.
   The buttons of (2)-(4) are written by this script into an empty, hidden group of the page,
   and shown where they can work. */
(function () {
  "use strict";

  var script = document.currentScript;
  // The language's settings and messages: <lang>/interface-texts.js, loaded in the page's head.
  var texts = window.portalTexts;
  if (!script || !texts || !texts.companion) { return; }
  var config = texts.companion;
  var said = texts.tools || {};
  // This file is assets/javascripts/companion.js below the site's root.
  var ROOT = new URL("../../", script.src).href;
  var STORE = "portal-saved";
  var KEEP_DELAY = 2000;  // ms after the page's load before the worker keeps the language

  function announce(region, text) {
    // Emptied first, so the same message said twice is announced twice.
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  function formatTime(iso) {
    try {
      return new Intl.DateTimeFormat(config.lang, {dateStyle: "long", timeStyle: "short"}).format(new Date(iso));
    } catch (error) {
      return new Date(iso).toLocaleString();
    }
  }

  function today() {
    var parts = new Intl.DateTimeFormat("en-CA", {
      timeZone: config.timezone || "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit"
    }).formatToParts(new Date());
    var get = function (type) { return parts.find(function (p) { return p.type === type; }).value; };
    return get("year") + "-" + get("month") + "-" + get("day");
  }

  function article() {
    return document.querySelector("article.md-content__inner") || document.querySelector("main") || document.body;
  }

  // --- (1) offline ---------------------------------------------------------------------------

  function ask(worker, message) {
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) { resolve(event.data || {}); };
      worker.postMessage(message, [channel.port2]);
    });
  }

  function showSavedCopy(saved) {
    var notice = document.createElement("p");
    notice.className = "portal-notice portal-saved-copy";
    notice.setAttribute("role", "status");
    notice.textContent = config.savedCopy.replace("{date}", formatTime(saved));
    var place = article();
    place.insertBefore(notice, place.firstChild);
  }

  function showKept(saved) {
    var line = document.querySelector("[data-portal-kept]");
    if (!line) {
      line = document.createElement("p");
      line.className = "portal-offline-kept";
      article().appendChild(line);
    }
    line.setAttribute("data-portal-kept", saved);
    line.textContent = config.kept.replace("{date}", formatTime(saved)) + " ";
    var link = document.createElement("a");
    link.href = ROOT + config.offline;
    link.textContent = config.keptLink;
    line.appendChild(link);
  }

  function offline() {
    var here = location.href.split("#")[0];
    var offlinePage = ROOT + config.offline;
    if (here !== offlinePage) {
      // The worker answered this address with the offline page: the page wanted is not kept.
      var notKept = document.querySelector("[data-portal-not-kept]");
      if (notKept) { notKept.hidden = false; }
    }
    if (!("serviceWorker" in navigator)) { return; }
    var workers = navigator.serviceWorker;
    if (workers.controller) {
      ask(workers.controller, {type: "answered", url: here}).then(function (answer) {
        if (answer.saved) { return answer.saved; }
        // Without a connection the browser may have answered from its own cache, before the
        // worker had to: the page is the kept one (or newer), and the reader is offline all the same.
        if (navigator.onLine !== false || !window.caches) { return null; }
        return window.caches.match(here).then(function (copy) {
          return copy ? copy.headers.get("X-Portal-Saved") : null;
        });
      }).then(function (saved) {
        if (saved) { showSavedCopy(saved); }
      });
    }
    // After the page has loaded and a moment more: the copy must not compete with the page the
    // reader is waiting for on a slow line, and a reader who leaves at once costs nothing.
    new Promise(function (resolve) {
      var later = function () { window.setTimeout(resolve, KEEP_DELAY); };
      if (document.readyState === "complete") { later(); } else { window.addEventListener("load", later); }
    }).then(function () {
      return workers.register(ROOT + config.worker, {scope: ROOT});
    }).then(function () {
      return workers.ready;
    }).then(function (registration) {
      // A reader who asked the browser to save data gets no copy fetched behind their back.
      var saveData = navigator.connection && navigator.connection.saveData;
      if (saveData || !registration.active) { return null; }
      return ask(registration.active, {type: "keep", list: ROOT + config.list});
    }).then(function (state) {
      if (state && state.saved) { showKept(state.saved); }
    }).catch(function () { /* without a worker the site works as it always did */ });
  }

  // --- (2) saved items -----------------------------------------------------------------------

  function storage() {
    try {
      var probe = "portal-probe";
      window.localStorage.setItem(probe, probe);
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (error) {
      return null;  // storage switched off or full: the save buttons stay hidden
    }
  }

  function readSaved(store) {
    try {
      var data = JSON.parse(store.getItem(STORE) || "[]");
      return Array.isArray(data) ? data : [];
    } catch (error) {
      return [];
    }
  }

  function writeSaved(store, items) {
    store.setItem(STORE, JSON.stringify(items));
  }

  function savedIndex(items, id) {
    for (var i = 0; i < items.length; i++) { if (items[i].id === id) { return i; } }
    return -1;
  }

  function setupSave(tools, store) {
    var button = tools.querySelector("[data-portal-save]");
    var status = tools.querySelector(".portal-tools__status");
    var id = tools.dataset.id;
    var refresh = function () {
      button.setAttribute("aria-pressed", savedIndex(readSaved(store), id) >= 0 ? "true" : "false");
    };
    refresh();
    window.addEventListener("storage", refresh);
    button.addEventListener("click", function () {
      var items = readSaved(store);
      var found = savedIndex(items, id);
      if (found >= 0) {
        items.splice(found, 1);
        announce(status, said.removed);
      } else {
        var titles = {};
        titles[config.lang] = tools.dataset.title;
        items.unshift({id: id, kind: tools.dataset.kind, titles: titles, ends: tools.dataset.ends || "",
                       saved: new Date().toISOString()});
        announce(status, said.added);
      }
      writeSaved(store, items);
      refresh();
    });
  }

  function titleOf(item) {
    if (item.titles[config.lang]) { return {text: item.titles[config.lang], lang: null}; }
    var other = Object.keys(item.titles)[0];
    return {text: item.titles[other], lang: other};  // saved in another language: marked as such
  }

  function renderSavedList(box, store) {
    var list = box.querySelector("[data-portal-saved-list]");
    var empty = box.querySelector("[data-portal-saved-empty]");
    var status = box.querySelector("[data-portal-saved-status]");
    box.querySelector("[data-portal-saved-noscript]").hidden = true;
    var now = today();

    function render(focusIndex) {
      var items = readSaved(store);
      list.textContent = "";
      items.forEach(function (item, index) {
        var title = titleOf(item);
        var entry = document.createElement("li");
        entry.className = "portal-card portal-saved__item";
        var meta = document.createElement("p");
        meta.className = "portal-card__meta";
        meta.textContent = box.dataset["kind" + item.kind.charAt(0).toUpperCase() + item.kind.slice(1)] || "";
        if (item.kind === "event" && item.ends && item.ends < now) {
          entry.classList.add("portal-saved__item--ended");
          var ended = document.createElement("strong");
          ended.className = "portal-saved__ended";
          ended.textContent = box.dataset.ended;
          meta.appendChild(document.createTextNode(" · "));
          meta.appendChild(ended);
        }
        var heading = document.createElement("h2");
        heading.className = "portal-card__title";
        var link = document.createElement("a");
        link.href = ROOT + config.prefix + item.id;
        link.textContent = title.text;
        if (title.lang) { link.lang = title.lang; }
        heading.appendChild(link);
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "portal-tools__button";
        remove.textContent = box.dataset.remove;
        var hidden = document.createElement("span");
        hidden.className = "portal-visually-hidden";
        hidden.textContent = ": " + title.text;
        remove.appendChild(hidden);
        remove.addEventListener("click", function () {
          var current = readSaved(store);
          var at = savedIndex(current, item.id);
          if (at >= 0) { current.splice(at, 1); writeSaved(store, current); }
          render(index);
          announce(status, box.dataset.removed);
        });
        entry.appendChild(heading);
        entry.appendChild(meta);
        entry.appendChild(remove);
        list.appendChild(entry);
      });
      list.hidden = items.length === 0;
      empty.hidden = items.length > 0;
      if (focusIndex !== undefined) {
        // After a removal the focus goes to the next entry's button, or to the empty-list text.
        var buttons = list.querySelectorAll("button");
        var target = buttons[Math.min(focusIndex, buttons.length - 1)];
        if (!target) { empty.tabIndex = -1; target = empty; }
        target.focus();
      }
    }
    render();
    window.addEventListener("storage", function () { render(); });
  }

  // --- (3) share -----------------------------------------------------------------------------

  function setupShare(tools) {
    var button = tools.querySelector("[data-portal-share]");
    var status = tools.querySelector(".portal-tools__status");
    var hash = tools.dataset.id.indexOf("#") >= 0 ? tools.dataset.id.slice(tools.dataset.id.indexOf("#")) : "";
    button.addEventListener("click", function () {
      var address = location.origin + location.pathname + hash;
      if (navigator.share) {
        navigator.share({title: tools.dataset.title, url: address}).catch(function () { /* closed */ });
        return;
      }
      var manual = function () {
        // No clipboard either: the link to copy by hand, selected.
        status.textContent = "";
        var label = document.createElement("label");
        label.textContent = said.copyManually + " ";
        var field = document.createElement("input");
        field.type = "url";
        field.readOnly = true;
        field.value = address;
        field.className = "portal-tools__link";
        label.appendChild(field);
        status.appendChild(label);
        field.focus();
        field.select();
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(address).then(function () {
          announce(status, said.copied);
        }, manual);
      } else {
        manual();
      }
    });
  }

  // --- (4) read aloud ------------------------------------------------------------------------

  var BLOCKS = "h1,h2,h3,h4,h5,h6,p,li,dt,dd,th,td,caption,blockquote,figcaption";
  var SKIP = ".portal-tools, .portal-term__tip, .headerlink, [hidden], [aria-hidden='true'], script, style, .portal-saved-copy, .portal-offline-kept";
  var reading = null;  // the one reading at a time: {tools, queue, paused}

  function primary(code) { return String(code || "").toLowerCase().split(/[-_]/)[0]; }

  function localVoice(lang) {
    // Only voices of the device itself: a voice with localService false sends the text away.
    var voices = window.speechSynthesis.getVoices().filter(function (voice) {
      return voice.localService === true && primary(voice.lang) === primary(lang);
    });
    return voices.find(function (voice) { return voice["default"]; }) || voices[0] || null;
  }

  function textBlocks(target) {
    var blocks = [];
    target.querySelectorAll(BLOCKS).forEach(function (element) {
      if (element.closest(SKIP)) { return; }
      var copy = element.cloneNode(true);
      copy.querySelectorAll(BLOCKS + "," + SKIP).forEach(function (inner) { inner.remove(); });
      // A line break separates words as a space would ("17:00 Uhr<br>Add to calendar").
      copy.querySelectorAll("br").forEach(function (br) { br.replaceWith(" "); });
      var text = copy.textContent.replace(/\s+/g, " ").trim();
      if (!text) { return; }
      var marked = element.closest("[lang]");
      blocks.push({text: text, lang: marked ? marked.lang : config.lang});
    });
    return blocks;
  }

  function readButtons(tools) {
    return {
      read: tools.querySelector("[data-portal-read]"),
      pause: tools.querySelector("[data-portal-pause]"),
      stop: tools.querySelector("[data-portal-stop]"),
      status: tools.querySelector(".portal-tools__status")
    };
  }

  function finish(announceIt) {
    if (!reading) { return; }
    var buttons = readButtons(reading.tools);
    var hadFocus = buttons.pause === document.activeElement || buttons.stop === document.activeElement;
    buttons.pause.hidden = true;
    buttons.stop.hidden = true;
    if (hadFocus) { buttons.read.focus(); }  // the focused button went away: back to "read aloud"
    if (announceIt) { announce(buttons.status, said.stopped); }
    reading = null;
  }

  function speakNext() {
    if (!reading) { return; }
    var block = reading.queue.shift();
    if (!block) { finish(true); return; }
    var voice = localVoice(block.lang);
    if (!voice) { speakNext(); return; }  // e.g. a German original inside an Arabic page, no German voice
    var utterance = new window.SpeechSynthesisUtterance(block.text);
    try {
      utterance.voice = voice;
    } catch (error) {
      speakNext();  // a voice that cannot be chosen is never replaced by the browser's pick
      return;
    }
    utterance.lang = voice.lang;
    var mine = reading;
    utterance.onend = function () { if (reading === mine) { speakNext(); } };
    utterance.onerror = function () { if (reading === mine) { finish(true); } };
    window.speechSynthesis.speak(utterance);
  }

  function setupRead(tools) {
    var buttons = readButtons(tools);
    var target = tools.closest("li.portal-place") || tools.closest("article") || article();
    buttons.read.addEventListener("click", function () {
      if (reading && reading.tools === tools && reading.paused) {
        window.speechSynthesis.resume();
        reading.paused = false;
        announce(buttons.status, said.reading);
        return;
      }
      if (reading) { window.speechSynthesis.cancel(); finish(false); }
      reading = {tools: tools, queue: textBlocks(target), paused: false};
      buttons.pause.hidden = false;
      buttons.stop.hidden = false;
      announce(buttons.status, said.reading);
      speakNext();
    });
    buttons.pause.addEventListener("click", function () {
      if (!reading || reading.tools !== tools) { return; }
      window.speechSynthesis.pause();
      reading.paused = true;
      announce(buttons.status, said.paused);
    });
    buttons.stop.addEventListener("click", function () {
      if (!reading || reading.tools !== tools) { return; }
      window.speechSynthesis.cancel();
      finish(true);
    });
  }

  function offerReading(allTools) {
    if (!("speechSynthesis" in window) || !window.SpeechSynthesisUtterance) { return; }
    var lang = document.documentElement.lang || config.lang;
    var check = function () {
      var available = Boolean(localVoice(lang));
      allTools.forEach(function (tools) {
        var read = tools.querySelector("[data-portal-read]");
        if (read) { read.hidden = !available; }
      });
    };
    allTools.forEach(setupRead);
    check();
    // Voices often arrive after the page has loaded.
    window.speechSynthesis.addEventListener("voiceschanged", check);
    window.addEventListener("pagehide", function () { window.speechSynthesis.cancel(); });
  }

  // --- start ---------------------------------------------------------------------------------

  // The buttons of one item's group, in the page's language (its group comes empty: the same
  // labels in each of 45,000 event pages were a kilobyte each, for buttons that need this script).
  function writeTools(tools) {
    function element(tag, className, text, attributes) {
      var node = document.createElement(tag);
      node.className = className;
      if (text) { node.textContent = text; }
      Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
      return node;
    }
    function button(extra, text, attributes, hidden) {
      var node = element("button", "portal-tools__button" + extra, text, attributes);
      node.type = "button";
      node.hidden = Boolean(hidden);
      return node;
    }
    tools.setAttribute("role", "group");
    tools.setAttribute("aria-label", said.label);
    tools.appendChild(button(" portal-tools__save", said.save, {"aria-pressed": "false", "data-portal-save": ""}));
    tools.appendChild(button(" portal-tools__share", said.share, {"data-portal-share": ""}));
    tools.appendChild(button(" portal-tools__read", said.read, {"data-portal-read": ""}, true));
    tools.appendChild(button("", said.pause, {"data-portal-pause": ""}, true));
    tools.appendChild(button("", said.stop, {"data-portal-stop": ""}, true));
    tools.appendChild(element("a", "portal-tools__list", said.list, {href: ROOT + config.saved}));
    tools.appendChild(element("p", "portal-tools__status", "", {role: "status"}));
  }

  function start() {
    var store = storage();
    var allTools = Array.prototype.slice.call(document.querySelectorAll("[data-portal-tools]"));
    allTools.forEach(function (tools) {
      writeTools(tools);
      var save = tools.querySelector("[data-portal-save]");
      if (store) { setupSave(tools, store); } else { save.hidden = true; }
      setupShare(tools);
      tools.hidden = false;
    });
    offerReading(allTools);
    var savedBox = document.querySelector("[data-portal-saved]");
    if (savedBox && store) { renderSavedList(savedBox, store); }
    offline();
  }

  if (document.readyState === "loading") {
    // Once: material-on-demand.js announces DOMContentLoaded again when it starts Material late.
    document.addEventListener("DOMContentLoaded", start, { once: true });
  } else {
    start();
  }
})();
