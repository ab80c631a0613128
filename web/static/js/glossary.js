/* The glossary's words on an article page: the first use of each word in the text becomes a
   button, and it (or the word in the list of words explained) opens the word's card, which
   speaks the definition. The article's player pauses while it speaks and goes on from the same
   place when the card is closed. Without this script the list links to the glossary page. */
(function () {
  "use strict";
  var cards = Array.prototype.slice.call(document.querySelectorAll("dialog.term-card"));
  if (!cards.length || !window.HTMLDialogElement) { return; }
  var player = window.articlePlayer;
  var resume = false;

  function cardOf(id) { return document.getElementById("term-" + id); }
  function speak(card) {
    var audio = card.querySelector("audio");
    audio.currentTime = 0;
    var playing = audio.play();
    if (playing) { playing.catch(function () { /* the listener can press Listen again */ }); }
  }
  function open(card) {
    var article = player && player.audio;
    resume = !!(article && !article.paused);
    if (resume) { article.pause(); }
    card.showModal();
    speak(card);
  }

  cards.forEach(function (card) {
    card.querySelector("[data-term-play]").addEventListener("click", function () { speak(card); });
    card.querySelector("[data-term-close]").addEventListener("click", function () { card.close(); });
    card.addEventListener("close", function () {
      card.querySelector("audio").pause();
      if (resume && player) { player.audio.play(); }
      resume = false;
    });
  });
  document.addEventListener("click", function (event) {
    var opener = event.target.closest && event.target.closest("[data-term]");
    if (!opener || !cardOf(opener.getAttribute("data-term"))) { return; }
    event.preventDefault();
    open(cardOf(opener.getAttribute("data-term")));
  });

  /* Return the first text node (and where in it) that says one of `forms` as a whole word, in
     the article's sentences, outside links and buttons. */
  function firstUse(forms) {
    var pattern = new RegExp("(^|[^\\p{L}\\p{N}-])(" + forms.map(function (form) {
      return form.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join("|") + ")(?![\\p{L}\\p{N}-])", "iu");
    var spans = document.querySelectorAll(".section .s");
    for (var i = 0; i < spans.length; i += 1) {
      var walker = document.createTreeWalker(spans[i], NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        var node = walker.currentNode;
        if (node.parentNode.closest("a, button")) { continue; }
        var found = pattern.exec(node.data);
        if (found) { return { node: node, start: found.index + found[1].length, text: found[2] }; }
      }
    }
    return null;
  }

  cards.forEach(function (card) {
    var use = firstUse(JSON.parse(card.getAttribute("data-forms")));
    if (!use) { return; }
    var word = use.node.splitText(use.start);
    word.splitText(use.text.length);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "term";
    button.setAttribute("data-term", card.id.slice("term-".length));
    button.setAttribute("aria-haspopup", "dialog");
    button.setAttribute("aria-describedby", "term-hint");
    word.parentNode.replaceChild(button, word);
    button.appendChild(word);
  });
}());
