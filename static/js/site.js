/* careguide: small progressive enhancements. The site works fully without it. */
(function () {
  "use strict";
  // The phone menu (the header's links behind a Menu button, below 40em).
  // Without this script the button stays hidden and the links show. CSS
  // hides the links while the button says aria-expanded="false".
  var toggle = document.querySelector(".menu-toggle");
  var nav = document.getElementById("site-nav");
  if (toggle && nav) {
    var setOpen = function (open) {
      // The name stays "Menu"; aria-expanded says whether it is open (the
      // arrow shows it), so the header does not reflow as the name changes.
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    };
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    // Escape closes the open menu from anywhere in it, and focus goes back
    // to the button (as on NHS.UK).
    document.addEventListener("keydown", function (e) {
      if (e.key !== "Escape" || toggle.getAttribute("aria-expanded") !== "true") return;
      if (getComputedStyle(toggle).display === "none") return;
      setOpen(false);
      toggle.focus();
    });
  }

  // A to Z on one page: mark the letter jumped to (a split A to Z marks
  // its letter page in the HTML, with aria-current="page").
  var letters = document.querySelectorAll('.az-jump a[href^="#"]');
  if (letters.length) {
    var markLetter = function () {
      for (var i = 0; i < letters.length; i++) {
        if (letters[i].getAttribute("href") === location.hash) letters[i].setAttribute("aria-current", "location");
        else letters[i].removeAttribute("aria-current");
      }
    };
    markLetter();
    window.addEventListener("hashchange", markLetter);
  }

  // Print buttons (print views): hidden without JavaScript, as they need it.
  var printers = document.querySelectorAll("[data-print-button]");
  for (var p = 0; p < printers.length; p++) {
    printers[p].hidden = false;
    printers[p].addEventListener("click", function () { window.print(); });
  }

  // A table wider than the screen scrolls inside its wrapper: let keyboard
  // users reach it and name it for screen readers.
  // In the page's language (base.html); a theme without it gets English.
  var tableLabel = document.body.getAttribute("data-table-label") || "Table (scrolls sideways)";
  function labelScrollers() {
    var wraps = document.querySelectorAll(".table-wrap");
    for (var i = 0; i < wraps.length; i++) {
      var w = wraps[i];
      if (w.hasAttribute("tabindex") || w.scrollWidth <= w.clientWidth) continue;
      var caption = w.querySelector("caption");
      w.setAttribute("tabindex", "0");
      w.setAttribute("role", "region");
      w.setAttribute("aria-label", caption ? caption.textContent : tableLabel);
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
