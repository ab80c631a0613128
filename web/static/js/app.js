/* The site as an installed app: register the service worker (sw.js) from every page, so the
   app opened at its start page with no connection shows this language's "no connection" page,
   which the worker is asked to keep with the "saved on this device" page and this page's
   scripts and styles (offline.js adds an article's own files when it is saved). */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator) || !window.caches) { return; }
  // This file is <root>/static/js/app.js and the worker <root>/sw.js (see offline.js).
  var worker = new URL("../../sw.js", script.src).href;
  var pages = ["data-saved-page", "data-offline-page"].map(function (name) {
    return new URL(script.getAttribute(name), location.href).href;
  });
  navigator.serviceWorker.register(worker).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (registration) {
    var files = [];
    document.querySelectorAll("link[rel=stylesheet], script[src]").forEach(function (element) {
      files.push(element.href || element.src);
    });
    registration.active.postMessage({ keep: pages.concat(files) });
  }, function () { /* no worker: the site works online as before */ });
}());
