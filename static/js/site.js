/* careguide: small progressive enhancements. The site works fully without it. */
(function () {
  "use strict";
  // The search slot (#search) starts hidden; static/js/search.js shows it
  // once the search UI is mounted, and only when the site has an index.

  // A table wider than the screen scrolls inside its wrapper: let keyboard
  // users reach it and name it for screen readers.
  function labelScrollers() {
    var wraps = document.querySelectorAll(".table-wrap");
    for (var i = 0; i < wraps.length; i++) {
      var w = wraps[i];
      if (w.hasAttribute("tabindex") || w.scrollWidth <= w.clientWidth) continue;
      var caption = w.querySelector("caption");
      w.setAttribute("tabindex", "0");
      w.setAttribute("role", "region");
      w.setAttribute("aria-label", caption ? caption.textContent : "Table (scrolls sideways)");
    }
  }
  labelScrollers();
  window.addEventListener("resize", labelScrollers);

  // Printed pages show the text hidden in <details>; put them back after.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    var all = document.querySelectorAll("details:not([open])");
    for (var i = 0; i < all.length; i++) { all[i].open = true; opened.push(all[i]); }
  });
  window.addEventListener("afterprint", function () {
    while (opened.length) opened.pop().open = false;
  });
})();
