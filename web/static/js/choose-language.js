/* The front page of a static export: go to the library in the language the visitor last read,
   else in their browser's language.
   The page lists every language, so without JavaScript the visitor simply picks one. */
(function () {
  "use strict";
  var links = document.querySelectorAll("[data-choose-language] a[hreflang]");
  if (!links.length) {
    return;
  }
  var offered = {};
  links.forEach(function (link) {
    offered[link.hreflang.toLowerCase()] = link.href;
  });
  var remembered = null;
  try { remembered = localStorage.getItem("lang"); } catch (e) { /* private mode */ }
  var wanted = (remembered ? [remembered] : []).concat(
    navigator.languages && navigator.languages.length ?
      navigator.languages : [navigator.language || ""]);
  for (var i = 0; i < wanted.length; i += 1) {
    var code = String(wanted[i]).toLowerCase();
    var target = offered[code] || offered[code.split("-")[0]];
    if (target) {
      window.location.replace(target);
      return;
    }
  }
  window.location.replace(links[0].href);
}());
