/* Offline listening (docs/website.md, "Offline"): register the service worker (sw.js); save
   this article (page, CSS, JavaScript, fonts, its speech once, the glossary's audio) in its own
   cache, from the box below the text or the player's options; show how it goes; remove it.
   Apart from player.js, so that this feature can be added or removed on its own. */
(function () {
  "use strict";
  var box = document.querySelector("[data-offline]");
  // This file is <root>/static/js/offline.js and the worker <root>/sw.js, also in a static copy
  // of the site under a base path; the worker's scope is then <root>/.
  var script = document.currentScript;
  if (!box || !script || !("serviceWorker" in navigator) || !window.caches) { return; }
  var worker = new URL("../../sw.js", script.src).href;
  var name = box.getAttribute("data-offline");
  var page = location.href.split("#")[0];
  var meta = new URL("offline.json", page).href;  // written last: the save is complete
  function all(selector) { return document.querySelectorAll(selector); }
  var progress = box.querySelector("[data-offline-progress]");
  var bar = progress.querySelector("progress");
  var saves = all("[data-offline-act=save]");
  var removes = all("[data-offline-act=remove]");
  var needs = box.querySelector("[data-offline-needs]");
  var audio = document.querySelector("[data-player] audio");
  var lite = audio.getAttribute("data-lite");
  var notSaved = box.querySelector("[data-offline-status]").textContent;
  var busy = false;

  function text(key, values) {
    var message = box.getAttribute("data-" + key);
    Object.keys(values || {}).forEach(function (field) {
      message = message.replace("{" + field + "}", values[field]);
    });
    return message;
  }
  function megabytes(bytes) {
    var decimal = box.getAttribute("data-decimal").charAt(1);
    return (bytes / 1e6).toFixed(1).replace(".", decimal) + " MB";
  }
  function say(message) {
    all("[data-offline-status]").forEach(function (status) { status.textContent = message; });
  }
  function show(saved, message) {
    var focused = document.activeElement;
    say(message);
    progress.hidden = true;
    saves.forEach(function (button) { button.hidden = saved; });
    removes.forEach(function (button) { button.hidden = !saved; });
    if (focused.hasAttribute("data-offline-act")) {  // the pressed button is gone
      focused.parentNode.querySelector("[data-offline-act=" + (saved ? "remove" : "save") + "]")
        .focus();
    }
  }

  function saver() { return document.documentElement.classList.contains("saver") && lite; }
  function showNeeds() {
    var bytes = box.getAttribute(saver() ? "data-lite-bytes" : "data-bytes");
    needs.textContent = text("needs", { size: megabytes(Number(bytes)) });
  }

  /* Return the URLs of the fonts the stylesheets name. */
  function fonts() {
    var found = [];
    Array.prototype.forEach.call(document.styleSheets, function (sheet) {
      Array.prototype.forEach.call(sheet.cssRules, function (rule) {
        var match = rule.type === CSSRule.FONT_FACE_RULE &&
          /url\(["']?([^"')]+)/.exec(rule.style.getPropertyValue("src"));
        if (match) { found.push(new URL(match[1], sheet.href).href); }
      });
    });
    return found;
  }
  /* Return the URLs of the files every page needs: styles, scripts, fonts. */
  function assets() {
    var found = [];
    document.querySelectorAll("link[rel=stylesheet], script[src], img").forEach(function (element) {
      found.push(element.href || element.src);
    });
    return found.concat(fonts());
  }
  /* Return the URLs of everything the article needs (its glossary words' audio too), the page
     itself last. */
  function urls() {
    var speech = saver() ? new URL(lite, page).href : new URL(audio.getAttribute("src"), page).href;
    var found = [];
    var words = Array.prototype.map.call(all("dialog audio"), function (word) { return word.src; });
    assets().concat([speech, audio.querySelector("track").src], words).forEach(function (url) {
      if (found.indexOf(url) < 0 && new URL(url).origin === location.origin) { found.push(url); }
    });
    return found.concat([page]);
  }

  async function store(cache, url) {
    // Not from the browser's media cache, which may answer with a part of the file (206).
    var response = await fetch(url, { cache: "no-store" });
    if (response.status !== 200) { throw new Error(url + ": " + response.status); }
    var size = (await response.clone().blob()).size;
    await cache.put(url, response);
    return size;
  }

  async function saveArticle() {
    var list = urls();
    var bytes = 0;
    busy = true;
    saves.forEach(function (button) { button.setAttribute("aria-disabled", "true"); });
    say(text("saving"));
    progress.hidden = false;
    bar.max = list.length;
    try {
      await navigator.serviceWorker.ready;
      if (navigator.storage && navigator.storage.persist) { navigator.storage.persist(); }
      await caches.delete(name);  // a save cut short before: start afresh
      var cache = await caches.open(name);
      for (var i = 0; i <= list.length; i += 1) {
        bar.value = i;
        progress.lastElementChild.textContent = text("progress", { done: i, total: list.length });
        if (i < list.length) { bytes += await store(cache, list[i]); }
      }
      var about = { bytes: bytes, files: list.length, title: document.querySelector("h1").textContent, url: page };
      await cache.put(meta, new Response(JSON.stringify(about),
                                         { headers: { "Content-Type": "application/json" } }));
      show(true, text("saved", { size: megabytes(bytes) }));
    } catch (error) {
      await caches.delete(name);
      show(false, text(error && error.name === "QuotaExceededError" ? "full" : "failed"));
    } finally {
      busy = false;
      saves.forEach(function (button) { button.removeAttribute("aria-disabled"); });
    }
  }

  async function removeArticle() {
    await caches.delete(name);
    show(false, text("removed") + " " + notSaved);
  }

  async function showState() {
    var saved = (await caches.has(name)) && await (await caches.open(name)).match(meta);
    if (saved) {
      show(true, text("saved", { size: megabytes((await saved.json()).bytes) }));
    }
    all("[data-offline], [data-offline-here]").forEach(function (place) { place.hidden = false; });
  }

  /* Ask the worker to keep this language's "saved" and "no connection" pages, and their files. */
  async function keepSitePages() {
    var worker = (await navigator.serviceWorker.ready).active;
    var pages = ["data-saved-page", "data-offline-page"].map(function (name) {
      return new URL(box.getAttribute(name), page).href;
    });
    worker.postMessage({ keep: pages.concat(assets(), [new URL("saved.js", script.src).href]) });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-offline-act]");
    if (button && !busy) {
      (button.getAttribute("data-offline-act") === "save" ? saveArticle : removeArticle)();
    }
  });
  document.addEventListener("prefchange", function (event) {
    if (event.detail.name === "saver") { showNeeds(); }
  });
  showNeeds();
  // Shown only once the worker is registered: without it nothing saved could be played.
  navigator.serviceWorker.register(worker).then(function () {
    keepSitePages();
    return showState();
  }, function () { /* stays hidden */ });
}());
