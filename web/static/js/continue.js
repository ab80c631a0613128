/* The index's "Continue listening" row: the articles (and easy reads) in this page's language
   whose player kept a place on this device (player.js stores "pos:<lang>:<slug>" in seconds, and
   forgets it at the end), each a link that opens the article and continues from there
   ("#continue", edition-switch.js). The cards of this page come first; an article listed on
   another page of the index is named by its page's heading, fetched (from the browser's cache
   or the service worker's when offline), and left out when that page is gone. Shown only when
   there is one. */
(function () {
  "use strict";
  var box = document.querySelector("[data-continue]");
  if (!box) { return; }
  var list = box.querySelector("ul");
  var lang = document.documentElement.lang;
  var MORE = 5;  // articles of other pages, at most (a fetch each)

  function load(name) {
    try { return localStorage.getItem(name); } catch (e) { return null; }
  }
  function keys() {
    var found = [];
    try {
      for (var i = 0; i < localStorage.length; i += 1) { found.push(localStorage.key(i)); }
    } catch (e) { /* private mode */ }
    return found;
  }
  function clock(seconds) {
    var s = Math.floor(seconds), h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
    return (h ? h + ":" + (m < 10 ? "0" : "") : "") + m + ":" + (s % 60 < 10 ? "0" : "") + s % 60;
  }
  function at(key) {
    var seconds = +load("pos:" + key);
    return seconds > 1 ? seconds : 0;
  }

  // A link to `href` continuing at `seconds`, named by `title` (an element whose text and
  // language it takes), with `note` after it.
  function entry(item, href, title, note, seconds) {
    var go = document.createElement("a");
    var span = document.createElement("span");
    if (title.lang) { span.lang = title.lang; }
    span.textContent = title.textContent;
    go.href = href + "#continue";
    go.appendChild(span);
    go.appendChild(document.createTextNode(note + " · " +
      box.getAttribute("data-at").replace("{time}", clock(seconds))));
    item.appendChild(go);
  }
  function addCard(link) {
    var seconds = at(link.getAttribute("data-key"));
    if (!seconds) { return; }
    var title = link.closest(".card").querySelector("h2 a, h3 a");
    var item = list.appendChild(document.createElement("li"));
    entry(item, link.href, title, link === title ? "" : " (" + link.textContent + ")", seconds);
  }
  function addOther(key) {
    var seconds = at(key);
    var href = box.getAttribute("data-index") + encodeURIComponent(key.slice(lang.length + 1)) + "/";
    var item = list.appendChild(document.createElement("li"));  // its place in the order
    item.hidden = true;
    fetch(href).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.text();
    }).then(function (html) {
      var title = new DOMParser().parseFromString(html, "text/html").querySelector("h1");
      if (!title || !item.parentNode) { throw new Error("no heading, or the row made again"); }
      entry(item, href, title, "", seconds);
      item.hidden = false;
      box.hidden = false;
    }).catch(function () { item.remove(); });
  }

  function fill() {
    var shown = {};
    list.textContent = "";
    document.querySelectorAll(".card a[data-key]").forEach(function (link) {
      shown[link.getAttribute("data-key")] = true;
      addCard(link);
    });
    box.hidden = !list.children.length;
    keys().filter(function (name) {
      var key = name.slice(4);
      return name.indexOf("pos:" + lang + ":") === 0 && !shown[key] && at(key);
    }).slice(0, MORE).forEach(function (name) { addOther(name.slice(4)); });
  }
  // Also when the listener comes back to a page the browser kept (the back button).
  window.addEventListener("pageshow", fill);
}());
