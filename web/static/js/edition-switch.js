/* The switch between an article and its easy read keeps the listener's place by section: its
   address names the section being heard (or, before Play, the one being read on screen), and
   a page opened at a section makes Play start there. Both editions share their sections' ids;
   without this script the switch opens the other edition at its top. */
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

  var arrived = location.hash && document.getElementById(location.hash.slice(1));
  if (player && arrived && sections.indexOf(arrived) >= 0) {
    var first = arrived.querySelector(".s[data-at]");
    if (first) { player.moveTo(parseFloat(first.getAttribute("data-at"))); }
  }
  if (!link) { return; }
  point(arrived && sections.indexOf(arrived) >= 0 ? arrived : onScreen());
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
