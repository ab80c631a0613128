/* The player's bar over the whole-article track (one <audio> per language on the bilingual
   page). Its keys act only inside it: single letters are screen readers'. */
(function () {
  "use strict";
  var box = document.querySelector("[data-player]");
  if (!box) { return; }
  var root = document.documentElement;
  var $ = function (selector) { return box.querySelector(selector); };
  var audios = [].slice.call(box.querySelectorAll("audio"));
  var audio = audios[0];  // the voice being heard
  var announcer = $("[data-announce]"), rateRange = $("[data-rate-range]");
  var slider = $("[data-seek]"), sleep = $("[data-sleep]");
  var session = navigator.mediaSession;
  var STEP = 10;
  var cues = [];  // the voice's: {id, start, end, words: their starts}
  var ticks = [];
  var chosen = false;  // a place chosen: the remembered one is not used
  var stoppedAfter = -1;
  var stopAt = -1;  // the end of a word heard alone
  var sleeper, said, savedAt = 0, shownAt = -1;

  function load(name) {
    try { return localStorage.getItem(name); } catch (e) { return null; }
  }
  function store(name, value) {
    try {
      if (value === null) { localStorage.removeItem(name); } else { localStorage.setItem(name, value); }
    } catch (e) { /* full, or private mode */ }
  }
  function text(name, values) {
    return box.getAttribute("data-" + name).replace(/\{(\w+)\}/g, function (all, key) { return values[key]; });
  }
  function clock(seconds) {
    var s = Math.floor(seconds), h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
    return (h ? h + ":" + (m < 10 ? "0" : "") : "") + m + ":" + (s % 60 < 10 ? "0" : "") + s % 60;
  }
  // "2 minutes 8 seconds", in the page's language.
  function spoken(seconds) {
    var m = Math.floor(seconds / 60), s = Math.floor(seconds % 60);
    function unit(n, name) {
      return new Intl.NumberFormat(root.lang, { style: "unit", unit: name, unitDisplay: "long" }).format(n);
    }
    return m ? unit(m, "minute") + (s ? " " + unit(s, "second") : "") : unit(s, "second");
  }
  function length() { return +audio.getAttribute("data-duration"); }
  function speedText(rate) {
    return String(rate).replace(".", box.getAttribute("data-decimal").charAt(1)) + "×";
  }
  function speedWords(rate) {
    return box.getAttribute("data-speeds").split("|")[rate < 1 ? 0 : rate > 1 ? 2 : 1]
      .replace("{speed}", speedText(rate));
  }
  function announce(message) { announcer.textContent = message; }
  function keyOf(voice) { return "pos:" + voice.getAttribute("data-key"); }

  // A cue's WebVTT timestamp tags: when each word after the first starts.
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
    voice.cueList = [].map.call(list, function (cue) {
      return { id: cue.id, start: cue.startTime, end: cue.endTime, words: wordTimes(cue) };
    }).sort(function (a, b) { return a.start - b.start; });
    if (voice === audio) { cues = voice.cueList; tick(); }
  }
  // The last begun: a sentence stays lit through the pause after it.
  function indexAt(time, starts) {
    var index = -1;
    while (index + 1 < starts.length && starts[index + 1] <= time + 0.001) { index += 1; }
    return index;
  }
  function cueStarts() { return cues.map(function (cue) { return cue.start; }); }

  function showTime(time) {
    if (Math.floor(time) === shownAt) { return; }
    shownAt = Math.floor(time);
    $("[data-clock]").textContent = clock(time);
    slider.value = shownAt;
    slider.setAttribute("aria-valuetext", text("of", { time: spoken(time), length: spoken(length()) }));
  }
  function tick() {
    var time = audio.currentTime, index = indexAt(time, cueStarts());
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
    var resume = +load(keyOf(audio));
    $("[data-act=play] span").textContent = !audio.paused ? box.getAttribute("data-pause")
      : !chosen && resume > 1 ? text("continue", { time: clock(resume) }) : box.getAttribute("data-play");
  }
  function seek(seconds) {
    chosen = true;
    stopAt = -1;
    audio.currentTime = Math.max(0, Math.min(audio.duration || Infinity, seconds));
    showPlay();
    tick();
  }
  function showVoice() {
    $("[data-length]").textContent = clock(slider.max = length());
    shownAt = -1;
    box.querySelectorAll("[data-act=switch]").forEach(function (button) {
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
  // With `end`, a word heard alone, at 1× or slower.
  function playFrom(seconds, name, end) {
    if (name) { use(voiced(name)); }
    seek(seconds);
    if (end) {
      stopAt = end;
      audio.playbackRate = Math.min(1, audio.defaultPlaybackRate);
    }
    audio.play();
  }
  function switchTo(name) {
    var cue = cues[indexAt(audio.currentTime, cueStarts())];
    var block = cue && cue.id.replace(/\.\d+$/, "");
    use(voiced(name));
    var first = cues.filter(function (c) { return c.id.replace(/\.\d+$/, "") === block; })[0];
    playFrom(first ? first.start : audio.currentTime);
  }
  function toggle() {
    if (!audio.paused) { audio.pause(); return; }
    var resume = +load(keyOf(audio));
    if (!chosen && resume > 0) { seek(resume); }
    audio.play();
  }
  // Back goes first to the start of the one heard when it is well begun.
  function step(starts, by) {
    var time = audio.currentTime, index = indexAt(time, starts);
    if (by < 0 && index >= 0 && time - starts[index] > 1.5) { index += 1; }
    var target = starts[Math.max(0, index + by)];
    if (target !== undefined) { seek(target); }
  }
  function partStarts() {
    return [].map.call(box.querySelectorAll(".chapters a"), function (link) {
      return +(link.getAttribute("data-at-" + audio.getAttribute("data-voice")) || link.getAttribute("data-at"));
    });
  }

  // Quarters: steps a listener hears apart.
  function setRate(rate, tell) {
    rate = Math.round(Math.max(0.5, Math.min(2, rate)) * 4) / 4;
    audio.defaultPlaybackRate = audio.playbackRate = rateRange.value = rate;
    rateRange.setAttribute("aria-valuetext", $("[data-rate-said]").textContent = speedWords(rate));
    $("[data-rate-shown]").textContent = speedText(rate);
    store("rate", rate);
    if (tell) { announce(speedWords(rate)); }
  }
  function stepRate(by) { setRate(by ? audio.defaultPlaybackRate + by / 4 : 1, true); }

  // The data saver's edition has the same cues.
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
    box.querySelectorAll("[data-act=panel]").forEach(function (other) {
      other.setAttribute("aria-expanded", "false");
      document.getElementById(other.getAttribute("aria-controls")).classList.remove("open");
    });
    panel.classList.toggle("open", opening);
    button.setAttribute("aria-expanded", opening);
  }
  function closePanel() {
    var open = $("[data-act=panel][aria-expanded=true]");
    if (open) { openPanel(open); open.focus(); }
  }

  var ACTIONS = {
    play: toggle,
    back: function () { seek(audio.currentTime - STEP); },
    forward: function () { seek(audio.currentTime + STEP); },
    previous: function () { step(partStarts(), -1); },
    next: function () { step(partStarts(), 1); },
    up: function () { step(cueStarts(), -1); },
    down: function () { step(cueStarts(), 1); }
  };
  var KEYS = {
    ArrowLeft: ACTIONS.back, ArrowRight: ACTIONS.forward,
    ArrowUp: ACTIONS.up, ArrowDown: ACTIONS.down,
    "-": function () { stepRate(-1); }, "+": function () { stepRate(1); },
    "=": function () { stepRate(1); }, Escape: closePanel
  };
  var SEEKS = { ArrowLeft: -STEP, ArrowDown: -STEP, ArrowRight: STEP, ArrowUp: STEP,
    PageDown: -60, PageUp: 60, Home: -1e6, End: 1e6 };
  box.addEventListener("click", function (event) {
    var button = event.target.closest("button, .chapters a");
    if (!button) { return; }
    var act = button.getAttribute("data-act");
    if (act === "panel") { openPanel(button); }
    else if (act === "switch") { switchTo(button.getAttribute("data-to")); }
    else if (ACTIONS[act]) { ACTIONS[act](); }
    else if (button.hasAttribute("data-rate")) { stepRate(+button.getAttribute("data-rate")); }
    else if (button.hasAttribute("data-at")) {
      event.preventDefault();
      closePanel();
      playFrom(+(button.getAttribute("data-at-" + audio.getAttribute("data-voice")) ||
        button.getAttribute("data-at")));
    }
  });
  box.addEventListener("keydown", function (event) {
    var action = KEYS[event.key];
    if (event.target === slider && SEEKS[event.key]) {
      event.preventDefault();
      seek(Math.min(length(), audio.currentTime + SEEKS[event.key]));
      slider.dispatchEvent(new Event("change"));
    } else if (action && !event.ctrlKey && !event.metaKey && !event.altKey &&
        !event.target.matches("input, select, textarea")) {
      event.preventDefault();
      action();
    }
  });
  slider.addEventListener("input", function () { seek(+slider.value); });
  // Said once the slider stops.
  slider.addEventListener("change", function () {
    clearTimeout(said);
    said = setTimeout(function () { announce(slider.getAttribute("aria-valuetext")); }, 400);
  });
  rateRange.addEventListener("input", function () { setRate(+rateRange.value, true); });
  sleep.addEventListener("change", function () {
    clearTimeout(sleeper);
    if (+sleep.value) {
      sleeper = setTimeout(function () {
        audio.pause();
        sleep.value = "0";
        announce(box.getAttribute("data-slept"));
      }, sleep.value * 60000);
    }
  });
  document.addEventListener("prefchange", function (event) {
    if (event.detail.name === "saver") { useSource(); }
  });

  function playing(state) {
    box.classList.toggle("playing", state);
    if (session) { session.playbackState = state ? "playing" : "paused"; }
    showPlay();
  }
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
      store(keyOf(voice), voice.currentTime);
      if (voice !== audio) { return; }
      stopAt = -1;
      voice.playbackRate = voice.defaultPlaybackRate;
      playing(false);
    });
    voice.addEventListener("seeked", function () { if (voice === audio) { tick(); } });
    voice.addEventListener("timeupdate", function () {
      if (voice === audio && Math.abs(voice.currentTime - savedAt) >= 5) {
        store(keyOf(voice), savedAt = voice.currentTime);
      }
    });
    voice.addEventListener("ended", function () { store(keyOf(voice), null); });
    voice.removeAttribute("controls");  // our own controls, in the page's language
    if (voice.textTracks[0]) { voice.textTracks[0].mode = "hidden"; }
    var element = voice.querySelector("track");
    element.addEventListener("load", function () { readCues(voice); });
    if (element.readyState === 2) { readCues(voice); }
  });

  // The lock screen's and headset's; previous and next track are the parts.
  if (session) {
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

  setRate(+load("rate") || 1);
  useSource();
  showVoice();
  showPlay();
  showTime(0);
  // Room for the bar, so no focused element is under it.
  if (window.ResizeObserver) {
    new ResizeObserver(function () {
      root.style.setProperty("--bar-height", box.offsetHeight + "px");
    }).observe(box);
  }

  window.articlePlayer = {
    get audio() { return audio; },
    cues: function () { return cues; },
    cuesOf: function (name) { return (voiced(name) || audio).cueList || []; },
    playFrom: playFrom,
    moveTo: seek,  // the place Play starts from, without playing
    onTick: function (listener) { ticks.push(listener); }
  };
}());
