/* Choices remembered in localStorage, shown as classes on <html> ("contrast", "size-3") that the
   stylesheet and scripts read; set by controls with data-pref="name". Loaded in <head>, so
   nothing moves once the page is drawn. */
(function () {
  "use strict";
  var root = document.documentElement;
  var FONT = "../fonts/atkinson-hyperlegible-latin-400-normal.woff2";  // from this script
  // Unless the listener chose, the browser's own wishes.
  var DEFAULTS = {
    contrast: function () { return "0"; },
    dark: function () { return media("(prefers-color-scheme: dark)"); },
    spacing: function () { return "0"; },
    font: function () { return "0"; },
    // The browser's data saver ("Save-Data: on").
    saver: function () { return navigator.connection && navigator.connection.saveData ? "1" : "0"; },
    pauses: function () { return "0"; },
    words: function () { return "0"; },
    highlight: function () { return "1"; },
    size: function () { return "1"; },
    focus: function () { return "0"; }
  };

  function media(query) { return window.matchMedia && matchMedia(query).matches ? "1" : "0"; }
  function value(name) {
    var stored = null;
    try { stored = localStorage.getItem("pref:" + name); } catch (e) { /* private mode */ }
    return stored === null ? DEFAULTS[name]() : stored;
  }
  var LEVELS = { size: "1", focus: "0" };  // levels, and the one that needs no class
  // "name" for a toggle that is on, "name-N" for a level.
  function apply(name, chosen) {
    if (!(name in LEVELS)) { root.classList.toggle(name, chosen === "1"); return; }
    Array.prototype.slice.call(root.classList).forEach(function (cls) {
      if (cls.indexOf(name + "-") === 0) { root.classList.remove(cls); }
    });
    if (chosen !== LEVELS[name]) { root.classList.add(name + "-" + chosen); }
  }
  // The reading font, there when the text is first drawn.
  function preloadFont() {
    var script = document.currentScript;
    if (!script) { return; }
    var link = document.createElement("link");
    link.rel = "preload";
    link.as = "font";
    link.type = "font/woff2";
    link.crossOrigin = "anonymous";
    link.href = new URL(FONT, script.src).href;
    document.head.appendChild(link);
  }

  root.classList.add("js");
  Object.keys(DEFAULTS).forEach(function (name) { apply(name, value(name)); });
  if (value("font") === "1") { preloadFont(); }
  // The last page's language, for a static export's front page (the app has a cookie).
  try { localStorage.setItem("lang", root.lang); } catch (e) { /* private mode */ }

  function choose(name, chosen) {
    try { localStorage.setItem("pref:" + name, chosen); } catch (e) { /* private mode */ }
    apply(name, chosen);
    document.dispatchEvent(new CustomEvent("prefchange", { detail: { name: name, value: chosen } }));
  }
  function bind(control) {
    var name = control.getAttribute("data-pref");
    var pressed = control.tagName === "BUTTON";
    var shown = value(name);
    if (pressed) { control.setAttribute("aria-pressed", String(shown === "1")); }
    else if (control.type === "checkbox") { control.checked = shown === "1"; }
    else { control.value = shown; }
    control.addEventListener(pressed ? "click" : "change", function () {
      var chosen = pressed ? (value(name) === "1" ? "0" : "1")
        : control.type === "checkbox" ? (control.checked ? "1" : "0") : control.value;
      if (pressed) { control.setAttribute("aria-pressed", String(chosen === "1")); }
      if (name === "font" && chosen === "1" && document.fonts) {
        // An "optional" font not ready when first used is never shown.
        document.fonts.load('1em "Atkinson Hyperlegible"').then(function () { choose(name, chosen); });
      } else {
        choose(name, chosen);
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-pref]"), bind);
  });
}());
