/* The article players: toolbar, speed, sentence highlight from the WebVTT cues, click or Enter
   on a sentence to play from it, keyboard shortcuts, and the position remembered per track.
   Without this script the native controls and the transcript still work. */
(function () {
  "use strict";
  var players = Array.prototype.slice.call(document.querySelectorAll("[data-player]"));
  var whole = players[0];
  var current = whole;
  var spans = {};
  var lit = null;
  var STEP = 10;

  function load(key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }
  function save(key, value) {
    try {
      if (value === null) { localStorage.removeItem(key); } else { localStorage.setItem(key, value); }
    } catch (e) { /* storage full or private mode: nothing to remember */ }
  }
  function audioOf(player) { return player.querySelector("audio"); }
  function rates() {
    return Array.prototype.map.call(whole.querySelectorAll("option"), function (o) {
      return parseFloat(o.value);
    });
  }

  function setRate(rate) {
    players.forEach(function (player) {
      var audio = audioOf(player);
      audio.defaultPlaybackRate = audio.playbackRate = rate;
      player.querySelector("[data-act=speed]").value = String(rate);
    });
    save("rate", String(rate));
  }
  function stepRate(direction) {
    var list = rates();
    var index = list.indexOf(audioOf(current).playbackRate) + direction;
    if (index >= 0 && index < list.length) { setRate(list[index]); }
  }
  function toggle(audio) {
    if (audio.paused) { audio.play(); } else { audio.pause(); }
  }
  function seekBy(audio, seconds) {
    var end = isFinite(audio.duration) ? audio.duration : Infinity;
    audio.setAttribute("data-chosen", "");  // the listener chose a place: don't restore
    audio.currentTime = Math.max(0, Math.min(end, audio.currentTime + seconds));
  }
  function playFrom(player, seconds) {
    current = player;
    var audio = audioOf(player);
    audio.setAttribute("data-chosen", "");  // the listener chose a place: don't restore
    audio.currentTime = seconds;
    audio.play();
  }

  function highlight(cues, player) {
    if (player !== current) { return; }
    var span = cues && cues.length ? spans[cues[cues.length - 1].id] : null;
    if (span === lit) { return; }
    if (lit) { lit.classList.remove("now"); }
    lit = span;
    if (span) {
      span.classList.add("now");
      if (!audioOf(player).paused) { span.scrollIntoView({ block: "nearest" }); }
    }
  }

  function remember(player) {
    var audio = audioOf(player);
    var key = "pos:" + audio.getAttribute("data-key");
    var saved = 0;
    audio.addEventListener("loadedmetadata", function () {
      var position = parseFloat(load(key));
      if (!audio.hasAttribute("data-chosen") && audio.currentTime === 0 && position > 1 &&
          position < audio.duration - 2) {
        audio.currentTime = position;
      }
    });
    audio.addEventListener("timeupdate", function () {
      if (Math.abs(audio.currentTime - saved) >= 5) {
        saved = audio.currentTime;
        save(key, String(saved));
      }
    });
    audio.addEventListener("pause", function () { save(key, String(audio.currentTime)); });
    audio.addEventListener("ended", function () { save(key, null); });
  }

  function setUp(player) {
    var audio = audioOf(player);
    var button = player.querySelector("[data-act=play]");
    player.querySelector(".controls").hidden = false;
    button.addEventListener("click", function () { current = player; toggle(audio); });
    player.querySelector("[data-act=back]").addEventListener("click", function () {
      seekBy(audio, -STEP);
    });
    player.querySelector("[data-act=forward]").addEventListener("click", function () {
      seekBy(audio, STEP);
    });
    player.querySelector("[data-act=speed]").addEventListener("change", function (event) {
      setRate(parseFloat(event.target.value));
    });
    audio.addEventListener("play", function () {
      current = player;
      button.textContent = button.getAttribute("data-pause");
      players.forEach(function (other) { if (other !== player) { audioOf(other).pause(); } });
    });
    audio.addEventListener("pause", function () {
      button.textContent = button.getAttribute("data-play");
    });
    player.addEventListener("focusin", function () { current = player; });
    var track = audio.textTracks[0];
    if (track) {
      track.mode = "hidden";
      track.addEventListener("cuechange", function () { highlight(track.activeCues, player); });
    }
    remember(player);
  }

  function playerFor(element) {
    var player = element.closest("[data-player]");
    if (player) { return player; }
    var section = element.closest(".section");
    if (!section || !element.closest(".transcript, h2")) { return null; }
    return audioOf(whole).paused ? section.querySelector("[data-player]") : whole;
  }
  function onSentence(event) {
    var span = event.target.closest(".s");
    var player = playerFor(span);
    event.preventDefault();
    playFrom(player, parseFloat(span.getAttribute(player === whole ? "data-at" : "data-t")));
  }

  var KEYS = {
    k: function (audio) { toggle(audio); },
    j: function (audio) { seekBy(audio, -STEP); },
    l: function (audio) { seekBy(audio, STEP); },
    s: function () { stepRate(-1); },
    f: function () { stepRate(1); }
  };
  function onKey(event) {
    var target = event.target;
    if (event.key === "Enter" && target.classList.contains("s")) { onSentence(event); return; }
    var action = KEYS[(event.key || "").toLowerCase()];
    if (!action || event.ctrlKey || event.metaKey || event.altKey ||
        target.matches("select, input, textarea")) { return; }
    var player = playerFor(target);
    if (!player) { return; }
    event.preventDefault();
    current = player;
    action(audioOf(player));
  }

  if (!whole) { return; }
  Array.prototype.forEach.call(document.querySelectorAll(".s[data-cue]"), function (span) {
    spans[span.getAttribute("data-cue")] = span;
    span.tabIndex = 0;
  });
  players.forEach(setUp);
  var rate = parseFloat(load("rate"));
  if (rates().indexOf(rate) >= 0) { setRate(rate); }
  document.addEventListener("click", function (event) {
    var chapter = event.target.closest(".chapters a[data-at]");
    if (chapter) {
      event.preventDefault();
      playFrom(whole, parseFloat(chapter.getAttribute("data-at")));
    } else if (event.target.closest(".s")) {
      onSentence(event);
    }
  });
  document.addEventListener("keydown", onKey);
}());
