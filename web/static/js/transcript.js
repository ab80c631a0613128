/* The text lit as it is read (sentence and word); a click or Enter plays from a sentence, or a
   word alone. The sentences are one Tab stop; the arrow keys move in them. */
(function () {
  "use strict";
  var player = window.articlePlayer;
  if (!player) { return; }
  var root = document.documentElement;
  var spans = Array.prototype.slice.call(document.querySelectorAll(".section .s"));
  var byCue = {};  // voice + " " + cue id -> sentence
  var lit = null;
  var litWord = [];
  var stop = spans[0];  // the one sentence Tab reaches

  // Its cell's voice, or the page's one.
  function voiceOf(span) {
    var cell = span.closest("[data-voice]");
    return cell ? cell.getAttribute("data-voice") : player.audio.getAttribute("data-voice");
  }

  spans.forEach(function (span) {
    if (span.hasAttribute("data-cue")) {
      byCue[voiceOf(span) + " " + span.getAttribute("data-cue")] = span;
    }
    span.tabIndex = span === stop ? 0 : -1;
    span.setAttribute("aria-describedby", "sentence-keys");
  });

  function rove(span) {
    if (!span || span === stop) { return; }
    stop.tabIndex = -1;
    span.tabIndex = 0;
    stop = span;
  }

  /* Wrap each shown word (a run of non-space, links and emphasis kept) in span.w, with when it
     starts and ends; return each word's pieces, or null if they are not as many as its times. */
  function wrapWords(span, cue) {
    var times = cue.words;
    if (span.words !== undefined) { return span.words; }
    var words = [], inWord = false;
    var walker = document.createTreeWalker(span, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) { nodes.push(walker.currentNode); }
    nodes.forEach(function (node) {
      var fragment = document.createDocumentFragment();
      node.data.split(/(\s+)/).forEach(function (part) {
        if (!part) { return; }
        if (/^\s/.test(part)) {
          inWord = false;
          fragment.appendChild(document.createTextNode(part));
          return;
        }
        if (!inWord) { words.push([]); }  // a word split by markup is one word
        inWord = true;
        var piece = document.createElement("span");
        piece.className = "w";
        piece.textContent = part;
        words[words.length - 1].push(piece);
        fragment.appendChild(piece);
      });
      node.parentNode.replaceChild(fragment, node);
    });
    span.words = words.length === times.length ? words : null;
    (span.words || []).forEach(function (pieces, i) {
      pieces.forEach(function (piece) {
        piece.setAttribute("data-at", times[i]);
        piece.setAttribute("data-end", i + 1 < times.length ? times[i + 1] : cue.end);
      });
    });
    return span.words;
  }
  function wordsOf(span) {
    var id = span.getAttribute("data-cue");
    var cue = player.cuesOf(voiceOf(span)).filter(function (c) { return c.id === id; })[0];
    return cue && cue.words ? wrapWords(span, cue) : null;
  }
  function hear(piece) {
    player.playFrom(+piece.getAttribute("data-at"), voiceOf(piece.closest(".s")), +piece.getAttribute("data-end"));
  }

  // The line spoken kept a line clear of the top and the player; line focus follows it.
  function show(target) {
    var line = target.getClientRects()[0];
    var edge = document.getElementById("player").getBoundingClientRect().top;
    var h = line && line.height, m = Math.min(h, (edge - h) / 3);
    if (line && !player.audio.paused && (line.top < m || line.bottom > edge - m)) {
      scrollTo({ top: scrollY + line.top - m - (edge - 2 * m - h) / 3,
        behavior: line.top < 0 || line.bottom > edge ||
          matchMedia("(prefers-reduced-motion:reduce)").matches ? "auto" : "smooth" });
    }
    document.dispatchEvent(new CustomEvent("sentencelit", { detail: target }));
  }

  function lightWord(pieces) {
    if (pieces === litWord) { return; }
    litWord.forEach(function (piece) { piece.classList.remove("now"); });
    litWord = pieces;
    litWord.forEach(function (piece) { piece.classList.add("now"); });
    if (pieces[0]) { show(pieces[0]); }
  }

  function follow(index, time, voice) {
    var cue = player.cues()[index];
    var span = cue ? byCue[voice + " " + cue.id] || null : null;
    if (span !== lit) {
      if (lit) { lit.classList.remove("now"); }
      lightWord([]);
      lit = span;
      if (span) {
        span.classList.add("now");
        if (spans.indexOf(document.activeElement) < 0) { rove(span); }  // Tab comes back here
        show(span);
      }
    }
    var words = span && cue.words ? wrapWords(span, cue) : null;
    if (!words) { return; }
    var word = 0;
    while (word + 1 < cue.words.length && cue.words[word + 1] <= time + 0.001) { word += 1; }
    lightWord(words[word]);
  }

  function playFrom(span) { player.playFrom(+span.getAttribute("data-at"), voiceOf(span)); }
  var MOVES = { ArrowDown: 1, ArrowUp: -1, ArrowRight: 1, ArrowLeft: -1 };

  // Words ready before a pointer presses one.
  document.addEventListener("pointerover", function (event) {
    var span = event.target.closest && event.target.closest(".section .s");
    if (span && root.classList.contains("words")) { wordsOf(span); }
  });
  document.addEventListener("click", function (event) {
    var span = event.target.closest(".section .s");
    // A link in a sentence still opens, and a glossary word explains itself.
    if (!span || event.target.closest("a, button")) { return; }
    rove(span);
    var word = event.target.closest(".w[data-at]");
    if (word && root.classList.contains("words")) { hear(word); } else { playFrom(span); }
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target, span = target.closest && target.closest(".section .s");
    var word = span && target !== span && target.closest(".w[data-at]");
    if (!span || (!word && target !== span) || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var by = MOVES[event.key], words = wordsOf(span) || [];
    var at = word ? words.findIndex(function (pieces) { return pieces.indexOf(word) >= 0; })
      : by > 0 ? -1 : words.length;
    var next = event.key === "Home" ? spans[0] : event.key === "End" ? spans[spans.length - 1]
      : event.key === "Escape" ? word && span
      : /Right|Left/.test(event.key) && words[at + by] ? words[at + by][0]
      : by && spans[spans.indexOf(span) + by];
    if (event.key === "Enter") {
      event.preventDefault();
      if (word) { hear(word); } else { playFrom(span); }
    } else if (next) {
      event.preventDefault();
      if (next !== next.closest(".s")) { next.tabIndex = -1; }
      rove(next.closest(".s"));
      next.focus();
    }
  });
  document.addEventListener("focusin", function (event) {
    if (spans.indexOf(event.target) >= 0) { rove(event.target); }
  });
  player.onTick(follow);
}());
