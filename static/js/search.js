// Site search (pagefind). The search box is in base.html as
// <div id="search" class="search" hidden>; without JavaScript it stays
// hidden and the A to Z page is the way in. With JavaScript this script
// loads pagefind's own UI from /pagefind/ (same origin, nothing from third
// parties), mounts it into the box and shows it.
(function () {
  "use strict";
  var slot = document.getElementById("search");
  var me = document.currentScript;
  if (!slot || !me || !window.URL) return;
  // This file is <root>/static/js/search.js, so the site root is two folders
  // up: works at any depth, on the 404 page, and under any base path.
  var root = new URL("../../", me.src);
  var bundle = new URL("pagefind/", root);

  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = new URL("pagefind-ui.css", bundle).href;
  document.head.appendChild(css);

  var ui = document.createElement("script");
  ui.src = new URL("pagefind-ui.js", bundle).href;
  ui.onload = function () {
    if (typeof window.PagefindUI !== "function") return;
    new window.PagefindUI({
      element: "#search",
      // Result links are made from this too: <root>/pagefind/ → <root>/.
      bundlePath: bundle.pathname,
      showImages: false,
      showSubResults: true,
      resetStyles: false,
      translations: { placeholder: "Search this site" }
    });
    slot.hidden = false;
  };
  document.head.appendChild(ui);
})();
