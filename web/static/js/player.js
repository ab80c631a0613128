/* The article's player: a bar at the bottom of the screen that plays the whole-article track from
   any point to the end: a seek slider, Play (or "Continue 2:08", the place remembered per article
   and language), parts and sentences back and forth, 10 s steps, speeds a listener hears apart,
   chapters, options, a sleep timer, the lock screen's controls, one word heard alone
   (transcript.js), and keys that act only inside the player (single letters are screen readers'
   quick-navigation keys). Without this script the native control still works. The bilingual page
   gives it one <audio> per language (data-voice): it plays one at a time, and its switch buttons
   go on in the other at the same block. */
(function () {
  "use strict";
  var box = document.querySelector("[data-player]");
  if (!box) { return; }
  var root = document.documentElement;
  var audios = Array.prototype.slice.call(box.querySelectorAll("audio"));
  var audio = audios[0];  // the voice being heard
  var playWord = box.querySelector("[data-act=play] span");
  var announcer = box.querySelector("[data-announce]");
  var rateRange = box.querySelector("[data-rate-range]");
  var slider = box.querySelector("[data-seek]");
  var sleep = box.querySelector("[data-sleep]");
  var session = navigator.mediaSession;
  var STEP = 10, RATES = [0.5, 2];
  var cues = [];  // the voice's: {id, start, end, words: the start of each word, or null}
  var ticks = [];
  var chosen = false;  // the listener chose a place: the remembered one is not used
  var stoppedAfter = -1;
  var stopAt = -1;  // the end of a word heard alone
  var sleeper = null, said = null;
  var savedAt = 0, shownAt = -1;

  function load(name) {
    try { return localStorage.getItem(name); } catch (e) { return null; }
  }
  function store(name, value) {
    try {
      if (value === null) { localStorage.removeItem(name); } else { localStorage.setItem(name, value); }
    } catch (e) { /* storage full or private mode: nothing to remember */ }
  }
  function text(name, values) {
    return box.getAttribute("data-" + name).replace(/\{(\w+)\}/g, function (all, key) { return values[key]; });
  }
  function clock(seconds) {
    var s = Math.floor(seconds), h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
    var mm = h ? (m < 10 ? "0" : "") + m : String(m);
    return (h ? h + ":" : "") + mm + ":" + (s % 60 < 10 ? "0" : "") + (s % 60);
  }
  /* A time in words in the page's language ("2 minutes 8 seconds"), as the clock where the
     browser cannot say units. */
  function spoken(seconds) {
    var s = Math.floor(seconds), parts = [];
    try {
      [[Math.floor(s / 60), "minute"], [s % 60, "second"]].forEach(function (part) {
        if (part[0] || (part[1] === "second" && !parts.length)) {
          parts.push(new Intl.NumberFormat(root.lang, { style: "unit", unit: part[1], unitDisplay: "long" }).format(part[0]));
        }
      });
      return parts.join(" ");
    } catch (e) { return clock(s); }
  }
  function length() { return +audio.getAttribute("data-duration"); }
  function speedText(rate) {
    return String(rate).replace(".", box.getAttribute("data-decimal").charAt(1)) + "×";
  }
  function speedWords(rate) {
    var kind = rate < 1 ? 0 : rate > 1 ? 2 : 1;
    return box.getAttribute("data-speeds").split("|")[kind].replace("{speed}", speedText(rate));
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

  function showTime(time) {
    if (Math.floor(time) === shownAt) { return; }
    shownAt = Math.floor(time);
    box.querySelector("[data-clock]").textContent = clock(time);
    slider.value = String(shownAt);
    slider.setAttribute("aria-valuetext", text("of", { time: spoken(time), length: spoken(length()) }));
  }
  function tick() {
    var time = audio.currentTime, index = indexAt(time);
    if (stopAt >= 0 && time >= stopAt - 0.02) { audio.pause(); return; }
    if (root.classList.contains("pauses") && !audio.paused && index >= 0 &&
        index !== stoppedAfter && time >= cues[index].end - 0.03) {
      stoppedAfter = index;  // a learner's pause after each sentence
      audio.pause();
      if (cues[index + 1]) { seek(cues[index + 1].start); }
      return;
    }
    showTime(time);
    ticks.forEach(function (listener) { listener(index, time, audio.getAttribute("data-voice")); });
  }
  function loop() {
    tick();
    if (!audio.paused) { requestAnimationFrame(loop); }
  }

  function showPlay() {
    var resume = parseFloat(load(keyOf(audio)));
    playWord.textContent = !audio.paused ? box.getAttribute("data-pause")
      : !chosen && resume > 1 ? text("continue", { time: clock(resume) }) : box.getAttribute("data-play");
  }
  function seek(seconds) {
    var end = isFinite(audio.duration) ? audio.duration : Infinity;
    chosen = true;
    stopAt = -1;
    audio.currentTime = Math.max(0, Math.min(end, seconds));
    showPlay();
    tick();
  }
  /* Show the voice heard: its length, the switch to the other, its title and cover on the lock
     screen. */
  function showVoice() {
    box.querySelector("[data-length]").textContent = clock(length());
    slider.max = String(length());
    shownAt = -1;
    Array.prototype.forEach.call(box.querySelectorAll("[data-act=switch]"), function (button) {
      button.hidden = button.getAttribute("data-to") === audio.getAttribute("data-voice");
    });
    if (session && window.MediaMetadata) {
      var cover = audio.getAttribute("data-cover");
      session.metadata = new MediaMetadata({
        title: audio.getAttribute("data-title"), artist: box.getAttribute("data-artist"),
        album: box.getAttribute("data-album"),
        artwork: cover ? [{ src: cover, sizes: "1400x1400", type: "image/png" }] : []
      });
    }
  }
  /* Make `voice` the one heard (the other paused where it was), at the same speed. */
  function use(voice) {
    if (!voice || voice === audio) { return; }
    audio.pause();
    voice.defaultPlaybackRate = voice.playbackRate = audio.defaultPlaybackRate;
    audio = voice;
    cues = voice.cueList || [];
    useSource();
    showVoice();
  }
  function voiced(name) {
    return audios.filter(function (voice) { return voice.getAttribute("data-voice") === name; })[0];
  }
  /* Play from `seconds` in the track of the voice named `name` (the one heard by default); with
     `end`, only up to there, at the chosen speed or slower (a word heard alone). */
  function playFrom(seconds, name, end) {
    if (name) { use(voiced(name)); }
    seek(seconds);
    if (end) {
      stopAt = end;
      audio.playbackRate = Math.min(1, audio.defaultPlaybackRate);
    }
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
  /* Go `step` places among `starts`; "previous" goes back to the start of the one being heard
     when it is well begun (more than 1.5 s). */
  function step(starts, by) {
    var time = audio.currentTime, index = -1;
    while (index + 1 < starts.length && starts[index + 1] <= time + 0.001) { index += 1; }
    if (by < 0 && index >= 0 && time - starts[index] > 1.5) { index += 1; }
    var target = starts[Math.max(0, index + by)];
    if (target !== undefined) { seek(target); }
  }
  function sentence(by) { step(cues.map(function (cue) { return cue.start; }), by); }
  /* The parts are the chapters: where each starts in the voice heard. */
  function part(by) {
    var name = "data-at-" + audio.getAttribute("data-voice");
    step(Array.prototype.map.call(box.querySelectorAll(".chapters a"), function (link) {
      return parseFloat(link.getAttribute(name) || link.getAttribute("data-at"));
    }), by);
  }

  /* Speeds in quarters from 0.5× to 2×: a step a listener hears. */
  function setRate(rate, tell) {
    rate = Math.round(Math.max(RATES[0], Math.min(RATES[1], rate)) * 4) / 4;
    audio.defaultPlaybackRate = audio.playbackRate = rate;
    rateRange.value = String(rate);
    rateRange.setAttribute("aria-valuetext", speedWords(rate));
    box.querySelector("[data-rate-said]").textContent = speedWords(rate);
    box.querySelector("[data-rate-shown]").textContent = speedText(rate);
    store("rate", String(rate));
    if (tell) { announce(text("speed-said", { speed: speedWords(rate) })); }
  }
  function stepRate(by) {
    setRate(by ? audio.defaultPlaybackRate + by / 4 : 1, true);
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
    previous: function () { part(-1); },
    next: function () { part(1); },
    up: function () { sentence(-1); },
    down: function () { sentence(1); }
  };
  var KEYS = {
    ArrowLeft: ACTIONS.back, ArrowRight: ACTIONS.forward,
    ArrowUp: ACTIONS.up, ArrowDown: ACTIONS.down,
    "-": function () { stepRate(-1); }, "+": function () { stepRate(1); },
    "=": function () { stepRate(1); }, Escape: closePanel
  };
  // The slider's own keys: 10 s, a minute with Page Up and Down, the start and the end.
  var SEEKS = { ArrowLeft: -STEP, ArrowDown: -STEP, ArrowRight: STEP, ArrowUp: STEP,
    PageDown: -60, PageUp: 60, Home: -1e6, End: 1e6 };
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
    if (event.target === slider && SEEKS[event.key]) {
      event.preventDefault();
      seek(Math.min(length(), audio.currentTime + SEEKS[event.key]));
      slider.dispatchEvent(new Event("change"));
      return;
    }
    if (!action || event.ctrlKey || event.metaKey || event.altKey ||
        event.target.matches("input, select, textarea")) { return; }
    event.preventDefault();
    action();
  });
  slider.addEventListener("input", function () { seek(+slider.value); });
  // The place reached is said once the listener stops moving the slider.
  slider.addEventListener("change", function () {
    clearTimeout(said);
    said = setTimeout(function () { announce(slider.getAttribute("aria-valuetext")); }, 400);
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

  function playing(state) {
    box.classList.toggle("playing", state);
    if (session) { session.playbackState = state ? "playing" : "paused"; }
    showPlay();
  }
  /* Every voice's events; only the one heard moves the bar. */
  audios.forEach(function (voice) {
    voice.full = voice.getAttribute("src");
    voice.addEventListener("play", function () {
      if (voice !== audio) { voice.pause(); return; }
      chosen = true;
      stoppedAfter = -1;
      playing(true);
      requestAnimationFrame(loop);
    });
    voice.addEventListener("pause", function () {
      store(keyOf(voice), String(voice.currentTime));
      if (voice !== audio) { return; }
      stopAt = -1;
      voice.playbackRate = voice.defaultPlaybackRate;
      playing(false);
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

  /* Lock-screen and headset controls; "previous/next track" are the parts. */
  if (session && window.MediaMetadata) {
    var handlers = {
      play: toggle, pause: function () { audio.pause(); },
      seekbackward: function (d) { seek(audio.currentTime - (d.seekOffset || STEP)); },
      seekforward: function (d) { seek(audio.currentTime + (d.seekOffset || STEP)); },
      seekto: function (d) { seek(d.seekTime); },
      previoustrack: ACTIONS.previous, nexttrack: ACTIONS.next
    };
    Object.keys(handlers).forEach(function (name) {
      try { session.setActionHandler(name, handlers[name]); } catch (e) { /* not here */ }
    });
  }

  setRate(parseFloat(load("rate")) || 1, false);
  useSource();
  showVoice();
  showPlay();
  showTime(0);
  // The page keeps room for the bar, and a focused element is never hidden under it.
  if (window.ResizeObserver) {
    new ResizeObserver(function () {
      root.style.setProperty("--bar-height", box.offsetHeight + "px");
    }).observe(box);
  }

  window.articlePlayer = {
    get audio() { return audio; },  // the voice being heard
    cues: function () { return cues; },
    cuesOf: function (name) { return (voiced(name) || audio).cueList || []; },
    playFrom: playFrom,
    moveTo: seek,  // the place Play starts from, without playing
    onTick: function (listener) { ticks.push(listener); }
  };
}());
