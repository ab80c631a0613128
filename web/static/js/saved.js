/* The "saved on this device" page: the articles of this language that offline.js saved, read
   from the browser's Cache Storage (each saved article's cache holds an offline.json that names
   its title and address). */
(function () {
  "use strict";
  var box = document.querySelector("[data-saved-list]");
  if (!box || !window.caches) { return; }
  var prefix = "offline:" + box.getAttribute("data-lang") + ":";

  async function about(name) {
    var cache = await caches.open(name);
    var keys = await cache.keys();
    var meta = keys.filter(function (request) { return /\/offline\.json$/.test(request.url); })[0];
    return meta ? (await cache.match(meta)).json() : null;
  }

  async function list() {
    var names = (await caches.keys()).filter(function (name) { return name.indexOf(prefix) === 0; });
    var found = (await Promise.all(names.map(about))).filter(Boolean);
    var items = box.querySelector("ul");
    found.sort(function (a, b) { return a.title.localeCompare(b.title); }).forEach(function (info) {
      var link = document.createElement("a");
      link.href = info.url;
      link.textContent = info.title;
      var item = document.createElement("li");
      item.appendChild(link);
      items.appendChild(item);
    });
    box.querySelector("[data-saved-empty]").hidden = found.length > 0;
  }
  list();
}());
