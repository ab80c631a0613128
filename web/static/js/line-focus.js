/* Line focus (<html class="focus-N">): two shades leave N lines clear from the sentence read or
   focused, else a third of the way down the screen. */
(function () {
  "use strict";
  var root = document.documentElement;
  var shades = [document.createElement("div"), document.createElement("div")];
  var anchor = null;

  function lines() {
    var match = /(?:^|\s)focus-(\d)(?:\s|$)/.exec(root.className);
    return match ? parseInt(match[1], 10) : 0;
  }
  function place() {
    var count = lines();
    shades.forEach(function (shade) { shade.hidden = !count; });
    if (!count) { return; }
    var line = parseFloat(getComputedStyle(document.querySelector("main p") || document.body).lineHeight);
    var band = count * line;
    var first = anchor && anchor.isConnected ? anchor.getClientRects()[0] : null;
    var visible = first && first.bottom > 0 && first.top < innerHeight;
    // A line box is centred on its text, which may be shorter than the line.
    var top = Math.max(0, visible ? first.top + first.height / 2 - line / 2 : innerHeight / 3);
    shades[0].style.top = "0";
    shades[0].style.height = top + "px";
    shades[1].style.top = top + band + "px";
    shades[1].style.bottom = "0";
  }

  shades.forEach(function (shade) {
    shade.className = "shade";
    shade.setAttribute("aria-hidden", "true");
    document.body.appendChild(shade);
  });
  document.addEventListener("sentencelit", function (event) { anchor = event.detail; place(); });
  document.addEventListener("focusin", function (event) {
    if (event.target.classList.contains("s")) { anchor = event.target; place(); }
  });
  document.addEventListener("prefchange", place);
  addEventListener("scroll", place, { passive: true });
  addEventListener("resize", place);
  place();
}());
