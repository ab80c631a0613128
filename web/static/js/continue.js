/* The index's "Continue listening" row: the articles (and easy reads) of this page whose player
   kept a place on this device (player.js stores "pos:<lang>:<slug>" in seconds, and forgets it
   at the end), each a link that opens the article and continues from there ("#continue",
   edition-switch.js). Shown only when there is one. */
(function () {
  "use strict";
  var box = document.querySelector("[data-continue]");
  if (!box) { return; }
  var list = box.querySelector("ul");

  function load(name) {
    try { return localStorage.getItem(name); } catch (e) { return null; }
  }
  function clock(seconds) {
    var s = Math.floor(seconds), h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
    return (h ? h + ":" + (m < 10 ? "0" : "") : "") + m + ":" + (s % 60 < 10 ? "0" : "") + s % 60;
  }

  function fill() {
    list.textContent = "";
    document.querySelectorAll(".card a[data-key]").forEach(add);
    box.hidden = !list.children.length;
  }
  function add(link) {
    var at = +load("pos:" + link.getAttribute("data-key"));
    if (!(at > 1)) { return; }
    var card = link.closest(".card");
    var title = card.querySelector("h2 a, h3 a");
    var item = document.createElement("li");
    var go = document.createElement("a");
    var span = document.createElement("span");
    if (title.lang) { span.lang = title.lang; }
    span.textContent = title.textContent;
    go.href = link.href + "#continue";
    go.appendChild(span);
    if (link !== title) {  // the easy read
      go.appendChild(document.createTextNode(" (" + link.textContent + ")"));
    }
    go.appendChild(document.createTextNode(" · " +
      box.getAttribute("data-at").replace("{time}", clock(at))));
    item.appendChild(go);
    list.appendChild(item);
  }
  // Also when the listener comes back to a page the browser kept (the back button).
  window.addEventListener("pageshow", fill);
}());
