/* careguide: click-to-load video players. Nothing is fetched from a video
   provider until the reader presses "Play video here". */
(function () {
  "use strict";
  var allowed = /^https:\/\/(www\.youtube-nocookie\.com\/embed\/|player\.vimeo\.com\/video\/)[\w-]+/;
  var slots = document.querySelectorAll(".video-player[data-embed]");
  for (var i = 0; i < slots.length; i++) setUp(slots[i]);

  function setUp(slot) {
    var src = slot.getAttribute("data-embed");
    if (!allowed.test(src)) return;
    var title = slot.getAttribute("data-title") || "video";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = "Play video here";
    var hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = ": " + title;
    button.appendChild(hidden);
    var note = document.createElement("p");
    note.className = "video-note";
    note.textContent = "Playing the video here loads it from the video provider's website.";
    button.addEventListener("click", function () {
      var frame = document.createElement("div");
      frame.className = "video-frame";
      var iframe = document.createElement("iframe");
      iframe.src = src + (src.indexOf("?") < 0 ? "?" : "&") + "autoplay=1";
      iframe.title = title;
      iframe.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
      iframe.setAttribute("allowfullscreen", "");
      iframe.referrerPolicy = "strict-origin-when-cross-origin";
      frame.appendChild(iframe);
      slot.replaceChildren(frame);
      iframe.focus();
    });
    slot.appendChild(button);
    slot.appendChild(note);
  }
})();
