/* The article's player: one bar at the bottom of the screen that plays the whole-article track
   from any point to the end. Play and pause, previous and next sentence, back and forward 10 s,
   speed 0.5× to 3×, chapters, pause after each sentence, a sleep timer, the position remembered
   per article and language, lock-screen controls, and keys that act only inside the player
   (single letters are screen readers' quick-navigation keys). transcript.js lights the text
   through window.articlePlayer. Without this script the native control still works.
   The bilingual page gives it one <audio> per language (data-voice): it plays one at a time,
   and its switch buttons go on in the other at the same block. */
(function () {
  "use strict";
  var box = document.querySelector("[data-player]");
  if (!box) { return; }
  var root = document.documentElement;
  var audios = Array.prototype.slice.call(box.querySelectorAll("audio"));
  var audio = audios[0];  // the voice being heard
  var playButton = box.querySelector("[data-act=play]");
  var announcer = box.querySelector("[data-announce]");
  var rateRange = box.querySelector("[data-rate-range]");
  var sleep = box.querySelector("[data-sleep]");
  var STEP = 10;
  var cues = [];  // the voice's: {id, start, end, words: the start of each word, or null}
  var ticks = [];
  var chosen = false;  // the listener chose a place: the remembered one is not used
  var stoppedAfter = -1;
  var sleeper = null;
  var savedAt = 0;

  function load(name) {
    try { return localStorage.getItem(name); } catch (e) { return null; }
  }
  function store(name, value) {
    try {
      if (value === null) { localStorage.removeItem(name); } else { localStorage.setItem(name, value); }
    } catch (e) { /* storage full or private mode: nothing to remember */ }
  }
  function text(name, field, value) {
    return box.getAttribute("data-" + name).replace("{" + field + "}", value);
  }
  function clock(seconds) {
    var s = Math.floor(seconds), h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
    var mm = h ? (m < 10 ? "0" : "") + m : String(m);
    return (h ? h + ":" : "") + mm + ":" + (s % 60 < 10 ? "0" : "") + (s % 60);
  }
  function speedText(rate) {
    var shown = Math.round(rate * 10) % 10 ? rate.toFixed(1) : String(Math.round(rate));
    return shown.replace(".", box.getAttribute("data-decimal").charAt(1)) + "×";
  }
  function announce(message) { announcer.textContent = message; }
  function keyOf(voice) { return "pos:" + voice.getAttribute("data-key"); }

  /* Cues: one per sentence; a cue's WebVTT timestamp tags give when each word after the
     first starts. */
  var STAMP = /<(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})>/g;
  function wordTimes(cue) {
    var times = [cue.startTime], match;
    STAMP.lastIndex = 0;
    while ((match = STAMP.exec(cue.text))) {
      times.push((+match[1] || 0) * 3600 + (+match[2]) * 60 + (+match[3]) + (+match[4]) / 1000);
    }
    return times.length > 1 ? times : null;
  }
  function readCues(voice) {
    var list = voice.textTracks[0] && voice.textTracks[0].cues;
    if (!list || !list.length) { return; }
    voice.cueList = Array.prototype.map.call(list, function (cue) {
      return { id: cue.id, start: cue.startTime, end: cue.endTime, words: wordTimes(cue) };
    }).sort(function (a, b) { return a.start - b.start; });
    if (voice === audio) { cues = voice.cueList; tick(); }
  }
  /* Return the index of the sentence at `time`: the last one begun, so that a sentence stays
     lit through the pause after it. */
  function indexAt(time) {
    var index = -1;
    for (var i = 0; i < cues.length && cues[i].start <= time + 0.001; i += 1) { index = i; }
    return index;
  }

  function tick() {
    var time = audio.currentTime, index = indexAt(time);
    if (root.classList.contains("pauses") && !audio.paused && index >= 0 &&
        index !== stoppedAfter && time >= cues[index].end - 0.03) {
      stoppedAfter = index;  // a learner's pause after each sentence
      audio.pause();
      if (cues[index + 1]) { seek(cues[index + 1].start); }
      return;
    }
    box.querySelector("[data-clock]").textContent = clock(time);
    ticks.forEach(function (listener) { listener(index, time, audio.getAttribute("data-voice")); });
  }
  function loop() {
    tick();
    if (!audio.paused) { requestAnimationFrame(loop); }
  }

  function seek(seconds) {
    var end = isFinite(audio.duration) ? audio.duration : Infinity;
    chosen = true;
    box.querySelector("[data-resume]").textContent = "";
    audio.currentTime = Math.max(0, Math.min(end, seconds));
    tick();
  }
  /* Show the voice heard: its length, the switch to the other, its title on the lock screen. */
  function showVoice() {
    box.querySelector("[data-length]").textContent = audio.getAttribute("data-duration");
    Array.prototype.forEach.call(box.querySelectorAll("[data-act=switch]"), function (button) {
      button.hidden = button.getAttribute("data-to") === audio.getAttribute("data-voice");
    });
    if ("mediaSession" in navigator && window.MediaMetadata) {
      navigator.mediaSession.metadata = new MediaMetadata({
        title: audio.getAttribute("data-title"), artist: box.getAttribute("data-artist"),
        album: box.getAttribute("data-album")
      });
    }
  }
  /* Make `voice` the one heard (the other paused where it was), at the same speed. */
  function use(voice) {
    if (!voice || voice === audio) { return; }
    audio.pause();
    voice.defaultPlaybackRate = voice.playbackRate = audio.playbackRate;
    audio = voice;
    cues = voice.cueList || [];
    box.querySelector("[data-resume]").textContent = "";
    useSource();
    showVoice();
  }
  function voiced(name) {
    return audios.filter(function (voice) { return voice.getAttribute("data-voice") === name; })[0];
  }
  /* Play from `seconds` in the track of the voice named `name` (the one heard by default). */
  function playFrom(seconds, name) {
    if (name) { use(voiced(name)); }
    seek(seconds);
    audio.play();
  }
  /* Go on in the voice named `name` from the first sentence of the block being heard. */
  function switchTo(name) {
    var index = indexAt(audio.currentTime);
    var block = index >= 0 ? cues[index].id.replace(/\.\d+$/, "") : null;
    use(voiced(name));
    var first = cues.filter(function (cue) { return cue.id.replace(/\.\d+$/, "") === block; })[0];
    playFrom(first ? first.start : audio.currentTime);
  }
  function toggle() {
    if (!audio.paused) { audio.pause(); return; }
    var resume = parseFloat(load(keyOf(audio)));
    if (!chosen && resume > 0) { seek(resume); }
    audio.play();
  }
  function sentence(step) {
    var time = audio.currentTime, index = indexAt(time);
    // "Previous" goes back to the start of the sentence being read when it is well begun.
    if (step < 0 && index >= 0 && time - cues[index].start > 1.5) { index += 1; }
    var target = cues[Math.max(0, index + step)];
    if (target) { seek(target.start); }
  }

  function setRate(rate, said) {
    rate = Math.round(Math.max(0.5, Math.min(3, rate)) * 10) / 10;
    audio.defaultPlaybackRate = audio.playbackRate = rate;
    rateRange.value = String(rate);
    rateRange.setAttribute("aria-valuetext", speedText(rate));
    Array.prototype.forEach.call(box.querySelectorAll("[data-rate-shown]"), function (shown) {
      shown.textContent = speedText(rate);
    });
    store("rate", String(rate));
    if (said) { announce(text("speed-said", "speed", speedText(rate))); }
  }
  function stepRate(step) {
    setRate(step ? audio.playbackRate + step / 10 : 1, true);
  }

  /* The data saver's smaller edition, when the build made one; the same cues serve both. */
  function useSource() {
    var lite = audio.getAttribute("data-lite");
    var wanted = root.classList.contains("saver") && lite ? lite : audio.full;
    if (audio.getAttribute("src") === wanted) { return; }
    var time = audio.currentTime, playing = !audio.paused;
    audio.setAttribute("src", wanted);
    audio.currentTime = time;
    if (playing) { audio.play(); }
  }

  function openPanel(button) {
    var panel = document.getElementById(button.getAttribute("aria-controls"));
    var opening = !panel.classList.contains("open");
    Array.prototype.forEach.call(box.querySelectorAll("[data-act=panel]"), function (other) {
      other.setAttribute("aria-expanded", "false");
      document.getElementById(other.getAttribute("aria-controls")).classList.remove("open");
    });
    panel.classList.toggle("open", opening);
    button.setAttribute("aria-expanded", String(opening));
  }
  function closePanel() {
    var open = box.querySelector("[data-act=panel][aria-expanded=true]");
    if (open) { openPanel(open); open.focus(); }
  }

  var ACTIONS = {
    play: toggle,
    back: function () { seek(audio.currentTime - STEP); },
    forward: function () { seek(audio.currentTime + STEP); },
    previous: function () { sentence(-1); },
    next: function () { sentence(1); }
  };
  var KEYS = {
    ArrowLeft: ACTIONS.back, ArrowRight: ACTIONS.forward,
    ArrowUp: ACTIONS.previous, ArrowDown: ACTIONS.next,
    "-": function () { stepRate(-1); }, "+": function () { stepRate(1); },
    "=": function () { stepRate(1); }, Escape: closePanel
  };
  box.addEventListener("click", function (event) {
    var button = event.target.closest("button, .chapters a");
    if (!button) { return; }
    var act = button.getAttribute("data-act");
    if (act === "panel") { openPanel(button); }
    else if (act === "switch") { switchTo(button.getAttribute("data-to")); }
    else if (ACTIONS[act]) { ACTIONS[act](); }
    else if (button.hasAttribute("data-rate")) { stepRate(parseInt(button.getAttribute("data-rate"), 10)); }
    else if (button.hasAttribute("data-at")) {
      event.preventDefault();
      closePanel();
      playFrom(parseFloat(button.getAttribute("data-at-" + audio.getAttribute("data-voice")) ||
        button.getAttribute("data-at")));
    }
  });
  box.addEventListener("keydown", function (event) {
    var action = KEYS[event.key];
    if (!action || event.ctrlKey || event.metaKey || event.altKey ||
        event.target.matches("input, select, textarea")) { return; }
    event.preventDefault();
    action();
  });
  rateRange.addEventListener("input", function () { setRate(parseFloat(rateRange.value), true); });
  sleep.addEventListener("change", function () {
    clearTimeout(sleeper);
    var minutes = parseInt(sleep.value, 10);
    if (!minutes) { return; }
    sleeper = setTimeout(function () {
      audio.pause();
      sleep.value = "0";
      announce(box.getAttribute("data-slept"));
    }, minutes * 60000);
  });
  document.addEventListener("prefchange", function (event) {
    if (event.detail.name === "saver") { useSource(); }
  });

  /* Every voice's events; only the one heard moves the bar. */
  audios.forEach(function (voice) {
    voice.full = voice.getAttribute("src");
    voice.addEventListener("play", function () {
      if (voice !== audio) { voice.pause(); return; }
      box.classList.add("playing");
      playButton.lastElementChild.textContent = box.getAttribute("data-pause");
      box.querySelector("[data-resume]").textContent = "";
      stoppedAfter = -1;
      requestAnimationFrame(loop);
    });
    voice.addEventListener("pause", function () {
      store(keyOf(voice), String(voice.currentTime));
      if (voice !== audio) { return; }
      box.classList.remove("playing");
      playButton.lastElementChild.textContent = box.getAttribute("data-play");
    });
    voice.addEventListener("seeked", function () { if (voice === audio) { tick(); } });
    voice.addEventListener("timeupdate", function () {
      if (voice === audio && Math.abs(voice.currentTime - savedAt) >= 5) {
        savedAt = voice.currentTime;
        store(keyOf(voice), String(savedAt));
      }
    });
    voice.addEventListener("ended", function () { store(keyOf(voice), null); });
    voice.removeAttribute("controls");  // our own controls, in the page's language
    if (voice.textTracks[0]) { voice.textTracks[0].mode = "hidden"; }
    var element = voice.querySelector("track");
    element.addEventListener("load", function () { readCues(voice); });
    if (element.readyState === 2) { readCues(voice); }
  });

  /* Lock-screen and headset controls; "previous/next track" are sentences. */
  if ("mediaSession" in navigator && window.MediaMetadata) {
    var session = {
      play: toggle, pause: function () { audio.pause(); },
      seekbackward: function (d) { seek(audio.currentTime - (d.seekOffset || STEP)); },
      seekforward: function (d) { seek(audio.currentTime + (d.seekOffset || STEP)); },
      seekto: function (d) { seek(d.seekTime); },
      previoustrack: ACTIONS.previous, nexttrack: ACTIONS.next
    };
    Object.keys(session).forEach(function (name) {
      try { navigator.mediaSession.setActionHandler(name, session[name]); } catch (e) { /* not here */ }
    });
  }

  var rate = parseFloat(load("rate"));
  setRate(rate >= 0.5 && rate <= 3 ? rate : 1, false);
  useSource();
  showVoice();
  var resume = parseFloat(load(keyOf(audio)));
  if (resume > 1) {
    box.querySelector("[data-resume]").textContent = text("continue", "time", clock(resume));
  }
  // The page keeps room for the bar, and a focused element is never hidden under it.
  if (window.ResizeObserver) {
    new ResizeObserver(function () {
      root.style.setProperty("--bar-height", box.offsetHeight + "px");
    }).observe(box);
  }

  window.articlePlayer = {
    get audio() { return audio; },  // the voice being heard
    cues: function () { return cues; },
    playFrom: playFrom,
    moveTo: seek,  // the place Play starts from, without playing
    onTick: function (listener) { ticks.push(listener); }
  };
}());
