/* The data saver's pictures: while it is on, each figure shows its small picture (data-lite)
   instead of the sizes its srcset offers; turned off, the srcset again. */
(function () {
  "use strict";
  var root = document.documentElement;
  var pictures = Array.prototype.slice.call(document.querySelectorAll("img[data-lite]"));
  pictures.forEach(function (img) {
    img.setAttribute("data-srcset", img.getAttribute("srcset"));
    img.setAttribute("data-src", img.getAttribute("src"));
  });
  function useSaver() {
    var saver = root.classList.contains("saver");
    pictures.forEach(function (img) {
      if (saver) {
        img.removeAttribute("srcset");
        img.setAttribute("src", img.getAttribute("data-lite"));
      } else {
        img.setAttribute("srcset", img.getAttribute("data-srcset"));
        img.setAttribute("src", img.getAttribute("data-src"));
      }
    });
  }
  if (root.classList.contains("saver")) { useSaver(); }
  document.addEventListener("prefchange", function (event) {
    if (event.detail.name === "saver") { useSaver(); }
  });
})();
