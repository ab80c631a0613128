/* An article opened at a passage, as search results link to it: the address's fragment names a
   block ("#b-<id>") or a section, and Play starts there (edition-switch.js does it for sections).
   "#listen-<id>" (a result's "Listen from here") goes to the same passage and starts playing
   there, "#listen" from the start; where the browser lets no page play before a tap, Play has
   the focus, ready to start there. Kept apart from player.js: it only uses window.articlePlayer. */
(function () {
  "use strict";
  var player = window.articlePlayer;
  var hash = decodeURIComponent(location.hash.slice(1));
  var listen = /^listen(?:-(.+))?$/.exec(hash);
  var name = listen && !document.getElementById(hash) ? listen[1] || "" : hash;
  if (!player || !hash || name === hash && !/^b-/.test(name)) { return; }  // sections: see above
  var passage = name ? document.getElementById(name) : null;
  if (name && !passage) { return; }
  var first = passage ? passage.querySelector(".s[data-at]")
    : document.querySelector(".section .s[data-at]");
  if (!first) { return; }
  player.moveTo(parseFloat(first.getAttribute("data-at")));
  if (name === hash) { return; }
  if (passage) { location.replace("#" + name); }  // the passage in view, as a link to it shows it
  var started = player.audio.play();
  if (started && started.catch) {
    started.catch(function () { document.querySelector("[data-player] [data-act=play]").focus(); });
  }
}());
