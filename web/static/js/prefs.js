/* Display, reading and listening choices, remembered in localStorage and shown as classes on
   <html> ("contrast", "size-3", "focus-5", "saver", …) that the stylesheet and the other scripts
   read. Loaded in <head>, before the page is drawn, so nothing moves once it is: the "js" class
   also swaps the player's native control for its bar before the first paint.
   Every control with data-pref="name" (a toggle button, a checkbox or a select) sets one. */
(function () {
  "use strict";
  var root = document.documentElement;
  var FONT = "../fonts/atkinson-hyperlegible-latin-400-normal.woff2";  // from this script
  // A choice's value when the listener has made none: the browser's own wishes where it has them.
  var DEFAULTS = {
    contrast: function () { return "0"; },
    dark: function () { return media("(prefers-color-scheme: dark)"); },
    spacing: function () { return "0"; },
    font: function () { return "0"; },
    // The browser's data saver, which also sends the "Save-Data: on" request header.
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
  /* Set the classes of one choice: "name" for a toggle that is on, "name-N" for a level. */
  function apply(name, chosen) {
    if (!(name in LEVELS)) { root.classList.toggle(name, chosen === "1"); return; }
    Array.prototype.slice.call(root.classList).forEach(function (cls) {
      if (cls.indexOf(name + "-") === 0) { root.classList.remove(cls); }
    });
    if (chosen !== LEVELS[name]) { root.classList.add(name + "-" + chosen); }
  }
  /* Start loading the reading font now, so it is there when the text is first drawn. */
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
  // The language of the last page read, for the front page of a static export (the app keeps
  // it in a cookie instead).
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
        // Loaded first: an "optional" font that is not ready when first used is never shown.
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
