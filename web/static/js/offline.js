/* Offline listening: register the service worker (sw.js) and let the listener save this article
   (page, CSS, JavaScript, MP3s, cues) in its own cache, see how the saving goes, and remove it.
   Kept apart from player.js so that this feature can be added or removed on its own. */
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
  var status = box.querySelector("[data-offline-status]");
  var progress = box.querySelector("[data-offline-progress]");
  var bar = progress.querySelector("progress");
  var save = box.querySelector("[data-offline-act=save]");
  var remove = box.querySelector("[data-offline-act=remove]");
  var notSaved = status.textContent;
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
  function show(saved, message) {
    var focused = document.activeElement === save || document.activeElement === remove;
    status.textContent = message;
    progress.hidden = true;
    save.hidden = saved;
    remove.hidden = !saved;
    if (focused) { (saved ? remove : save).focus(); }  // the pressed button is gone
  }

  /* Return the URLs of everything the page needs, the page itself last. */
  function urls() {
    var found = [];
    var selectors = { "link[rel=stylesheet]": "href", "script[src]": "src", "audio[src]": "src",
                      "track[src]": "src", "a[download]": "href" };
    Object.keys(selectors).forEach(function (selector) {
      Array.prototype.forEach.call(document.querySelectorAll(selector), function (element) {
        var url = element[selectors[selector]];
        if (found.indexOf(url) < 0 && new URL(url).origin === location.origin) { found.push(url); }
      });
    });
    return found.concat([page]);
  }

  async function store(cache, url) {
    var response = await fetch(url);
    if (response.status !== 200) { throw new Error(url + ": " + response.status); }
    var size = (await response.clone().blob()).size;
    await cache.put(url, response);
    return size;
  }

  async function saveArticle() {
    var list = urls();
    var bytes = 0;
    busy = true;
    save.setAttribute("aria-disabled", "true");
    status.textContent = text("saving");
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
      await cache.put(meta, new Response(JSON.stringify({ bytes: bytes, files: list.length }),
                                         { headers: { "Content-Type": "application/json" } }));
      show(true, text("saved", { size: megabytes(bytes) }));
    } catch (error) {
      await caches.delete(name);
      show(false, text(error && error.name === "QuotaExceededError" ? "full" : "failed"));
    } finally {
      busy = false;
      save.removeAttribute("aria-disabled");
    }
  }

  async function removeArticle() {
    await caches.delete(name);
    show(false, text("removed") + " " + notSaved);
  }

  async function showState() {
    var saved = (await caches.has(name)) && await (await caches.open(name)).match(meta);
    if (saved) {
      var info = await saved.json();
      show(true, text("saved", { size: megabytes(info.bytes) }));
    }
    box.hidden = false;
  }

  save.addEventListener("click", function () { if (!busy) { saveArticle(); } });
  remove.addEventListener("click", removeArticle);
  // Shown only once the worker is registered: without it nothing saved could be played.
  navigator.serviceWorker.register(worker).then(showState, function () { /* stays hidden */ });
}());
