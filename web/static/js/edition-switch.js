/* The listener's place in the address. A page opened at a section or a passage (search results
   link to "#b-<block id>") makes Play start there; "#listen-<id>" (a result's "Listen from
   here") plays from it, "#listen" from the start (where a browser wants a tap first, Play has
   the focus). The switch between an article and its easy read keeps the place by section: its
   address names the section being heard (or, before Play, the one being read on screen). Both
   editions share their sections' ids; without this script the switch opens the other edition
   at its top. */
(function () {
  "use strict";
  var link = document.querySelector("[data-edition-switch]");
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.section[id]"));
  var player = window.articlePlayer;
  if (!sections.length) { return; }

  function point(section) {
    if (link && section) { link.hash = section.id; }
  }
  function onScreen() {
    var middle = window.innerHeight / 2, found = sections[0];
    sections.forEach(function (section) {
      if (section.getBoundingClientRect().top <= middle) { found = section; }
    });
    return found;
  }

  var hash = decodeURIComponent(location.hash.slice(1));
  var listen = /^listen(-|$)/.test(hash) && !document.getElementById(hash);
  var name = listen ? hash.slice(7) : hash;
  var place = name ? document.getElementById(name) : listen && sections[0];
  var arrived = place && place.closest("section.section[id]");  // the place's section
  var first = arrived && place.querySelector(".s[data-at]");
  if (player && first) {
    player.moveTo(parseFloat(first.getAttribute("data-at")));
    if (listen && name) { location.replace("#" + name); }  // in view, as its link shows it
    if (listen) {
      player.audio.play().catch(function () {
        document.querySelector("[data-player] [data-act=play]").focus();
      });
    }
  }
  if (player && hash === "continue") {  // Play goes on from the place kept
    document.querySelector("[data-player] [data-act=play]").click();
  }
  if (!link) { return; }
  point(arrived || onScreen());
  window.addEventListener("scroll", function () {
    if (!player || player.audio.paused) { point(onScreen()); }
  }, { passive: true });
  if (player) {
    player.onTick(function (index) {
      var cue = player.cues()[index];
      var span = cue && document.querySelector('.s[data-cue="' + cue.id + '"]');
      point(span && span.closest("section.section[id]"));
    });
  }
}());
