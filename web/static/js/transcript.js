/* The article's text as a way into the audio: the sentence being read is lit, and in it the word
   being spoken when the cues carry word times; a click, or Enter, on any sentence or heading plays
   from there to the end, and a word is heard alone (a click on it in the "hear a word" mode, or
   Enter on it). The sentences are one Tab stop: the up and down arrow keys move between them,
   right and left into and between the words, so the rest of the page stays a few Tab presses
   away. On the bilingual page each language's text is in its own cells (data-voice), lit and
   played in that language's voice. */
(function () {
  "use strict";
  var player = window.articlePlayer;
  if (!player) { return; }
  var root = document.documentElement;
  var spans = Array.prototype.slice.call(document.querySelectorAll(".section .s"));
  var byCue = {};  // voice + " " + cue id -> sentence (the same ids in every language)
  var lit = null;
  var litWord = [];
  var stop = spans[0];  // the one sentence Tab reaches

  /* Return the voice a sentence is in: its cell's, or the page's one voice. */
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
     starts and ends; return the pieces of each word, or null when they are not as many as the
     cue's word times. */
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
        piece.setAttribute("data-at", String(times[i]));
        piece.setAttribute("data-end", String(i + 1 < times.length ? times[i + 1] : cue.end));
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

  function lightWord(pieces) {
    if (pieces === litWord) { return; }
    litWord.forEach(function (piece) { piece.classList.remove("now"); });
    litWord = pieces;
    litWord.forEach(function (piece) { piece.classList.add("now"); });
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
        if (!player.audio.paused) { span.scrollIntoView({ block: "nearest" }); }
        document.dispatchEvent(new CustomEvent("sentencelit", { detail: span }));
      }
    }
    var words = span && cue.words ? wrapWords(span, cue) : null;
    if (!words) { return; }
    var word = 0;
    while (word + 1 < cue.words.length && cue.words[word + 1] <= time + 0.001) { word += 1; }
    lightWord(words[word]);
  }

  function playFrom(span) { player.playFrom(parseFloat(span.getAttribute("data-at")), voiceOf(span)); }
  var MOVES = { ArrowDown: 1, ArrowUp: -1 };
  var hearing = function () { return root.classList.contains("words"); };

  // In the "hear a word" mode a sentence's words are ready before the pointer presses one.
  document.addEventListener("pointerover", function (event) {
    var span = event.target.closest && event.target.closest(".section .s");
    if (span && hearing()) { wordsOf(span); }
  });
  document.addEventListener("click", function (event) {
    var span = event.target.closest(".section .s");
    // A link in a sentence still opens, and a glossary word explains itself.
    if (!span || event.target.closest("a, button")) { return; }
    rove(span);
    var word = event.target.closest(".w[data-at]");
    if (word && hearing()) { hear(word); } else { playFrom(span); }
  });
  document.addEventListener("keydown", function (event) {
    var span = event.target.closest && event.target.closest(".section .s");
    if (!span || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var word = event.target !== span && event.target.closest(".w[data-at]");
    if (!word && event.target !== span) { return; }
    var index = spans.indexOf(span), words = wordsOf(span) || [];
    var at = word ? words.findIndex(function (pieces) { return pieces.indexOf(word) >= 0; }) : -1;
    var side = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    var next = event.key === "Home" ? spans[0] : event.key === "End" ? spans[spans.length - 1]
      : MOVES[event.key] ? spans[index + MOVES[event.key]]
      : event.key === "Escape" && word ? span : null;
    if (side && words.length) {
      var pieces = words[at < 0 ? (side > 0 ? 0 : words.length - 1) : Math.max(0, Math.min(words.length - 1, at + side))];
      next = pieces[0];
      next.tabIndex = -1;
    } else if (side) {
      next = spans[index + side];
    }
    if (event.key === "Enter") {
      event.preventDefault();
      if (word) { hear(word); } else { playFrom(span); }
    } else if (next) {
      event.preventDefault();
      rove(next.closest(".s"));
      next.focus();
    }
  });
  document.addEventListener("focusin", function (event) {
    if (spans.indexOf(event.target) >= 0) { rove(event.target); }
  });
  player.onTick(follow);
}());
