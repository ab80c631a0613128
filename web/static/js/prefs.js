/* Display preferences (larger text, high contrast, dark mode), remembered in localStorage.
   Loaded in <head> so the page is drawn in the remembered style from the start. */
(function () {
  "use strict";
  var root = document.documentElement;
  var names = ["large", "contrast", "dark"];

  function stored(name) {
    try { return localStorage.getItem("pref:" + name); } catch (e) { return null; }
  }
  function isOn(name) {
    var value = stored(name);
    if (value === null && name === "dark" && window.matchMedia) {
      return window.matchMedia("(prefers-color-scheme: dark)").matches;
    }
    return value === "1";
  }
  names.forEach(function (name) { root.classList.toggle(name, isOn(name)); });
  // The language of the last page read, for the front page of a static export (the app keeps
  // it in a cookie instead).
  try { localStorage.setItem("lang", root.lang); } catch (e) { /* private mode */ }

  document.addEventListener("DOMContentLoaded", function () {
    var group = document.querySelector(".prefs");
    if (!group) { return; }
    group.hidden = false;
    Array.prototype.forEach.call(group.querySelectorAll("[data-pref]"), function (button) {
      var name = button.getAttribute("data-pref");
      button.setAttribute("aria-pressed", String(isOn(name)));
      button.addEventListener("click", function () {
        var on = !root.classList.contains(name);
        root.classList.toggle(name, on);
        button.setAttribute("aria-pressed", String(on));
        try { localStorage.setItem("pref:" + name, on ? "1" : "0"); } catch (e) { /* private mode */ }
      });
    });
  });
}());
