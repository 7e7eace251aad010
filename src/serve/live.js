// careguide live reload. Served only by `careguide serve`, never part of a build.
// Loaded as an external script (no inline script, so a strict CSP still works).
// All author text goes into the page as textContent, never parsed as HTML.
(function () {
  "use strict";
  if (!window.EventSource || window.__careguideLive) {
    return;
  }
  window.__careguideLive = true;

  var script = document.currentScript;
  var build = (script && script.getAttribute("data-build")) || "";
  var servedUrl = (script && script.getAttribute("data-url")) || "";
  var OVERLAY_ID = "careguide-error-overlay";

  function pagePath() {
    var path = location.pathname;
    if (/\/index\.html$/.test(path)) {
      path = path.slice(0, path.length - "index.html".length);
    }
    try {
      return decodeURI(path);
    } catch (e) {
      return path;
    }
  }

  function isThisPage(urls) {
    var mine = [servedUrl, pagePath()];
    for (var i = 0; i < urls.length; i++) {
      if (mine.indexOf(urls[i]) !== -1) {
        return true;
      }
    }
    return false;
  }

  function onlyStylesheets(urls) {
    if (urls.length === 0) {
      return false;
    }
    for (var i = 0; i < urls.length; i++) {
      if (!/\.css$/.test(urls[i])) {
        return false;
      }
    }
    return true;
  }

  // Re-fetch stylesheets in place: no scroll jump, no lost form input.
  function refreshStylesheets() {
    var links = document.querySelectorAll('link[rel~="stylesheet"][href]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href, location.href);
      if (url.origin !== location.origin) {
        continue;
      }
      url.searchParams.set("careguide-reload", String(Date.now()));
      links[i].href = url.toString();
    }
  }

  function parse(data) {
    try {
      return JSON.parse(data);
    } catch (e) {
      return null;
    }
  }

  function removeOverlay() {
    var old = document.getElementById(OVERLAY_ID);
    if (old && old.parentNode) {
      old.parentNode.removeChild(old);
    }
  }

  function element(tag, text, styles) {
    var el = document.createElement(tag);
    if (text) {
      el.textContent = text;
    }
    // CSSOM, not a style attribute: allowed under a strict style-src.
    for (var key in styles || {}) {
      el.style[key] = styles[key];
    }
    return el;
  }

  function placeOf(d) {
    return d.line ? d.file + ":" + d.line + ":" + d.column : d.file;
  }

  function showOverlay(diagnostics) {
    removeOverlay();
    var overlay = element("div", "", {
      position: "fixed", top: "0", right: "0", bottom: "0", left: "0",
      zIndex: "2147483647", background: "rgba(0, 0, 0, 0.6)", overflow: "auto",
      padding: "2rem 1rem", boxSizing: "border-box"
    });
    overlay.id = OVERLAY_ID;
    overlay.setAttribute("role", "alert");
    overlay.setAttribute("aria-labelledby", OVERLAY_ID + "-title");

    var panel = element("div", "", {
      maxWidth: "60rem", margin: "0 auto", background: "#fff", color: "#212b32",
      border: "4px solid #d5281b", borderRadius: "4px", padding: "1.5rem",
      font: "16px/1.5 system-ui, -apple-system, Segoe UI, Arial, sans-serif"
    });
    var title = element("h2", "The last change could not be built", {
      margin: "0 0 0.5rem", fontSize: "1.5rem", color: "#d5281b"
    });
    title.id = OVERLAY_ID + "-title";
    panel.appendChild(title);
    panel.appendChild(element("p",
      "This page shows the last version that built. Fix the problem below and save: " +
      "this message goes away by itself.", { margin: "0 0 1rem" }));

    for (var i = 0; i < diagnostics.length; i++) {
      var d = diagnostics[i] || {};
      var item = element("section", "", {
        borderTop: "1px solid #d8dde0", padding: "1rem 0 0", marginTop: "1rem"
      });
      item.appendChild(element("h3", placeOf(d), {
        margin: "0", fontSize: "1.1rem", fontFamily: "ui-monospace, Menlo, Consolas, monospace"
      }));
      item.appendChild(element("p", d.message || "", { margin: "0.25rem 0", fontWeight: "bold" }));
      if (d.rendered) {
        item.appendChild(element("pre", d.rendered, {
          background: "#f0f4f5", padding: "0.75rem", overflow: "auto", margin: "0.5rem 0",
          whiteSpace: "pre", fontSize: "14px", lineHeight: "1.4",
          fontFamily: "ui-monospace, Menlo, Consolas, monospace"
        }));
      }
      if (d.hint) {
        item.appendChild(element("p", "Hint: " + d.hint, { margin: "0.25rem 0" }));
      }
      panel.appendChild(item);
    }

    var hide = element("button", "Hide this message", {
      marginTop: "1rem", font: "inherit", padding: "0.5rem 1rem", cursor: "pointer"
    });
    hide.type = "button";
    hide.addEventListener("click", removeOverlay);
    panel.appendChild(hide);

    overlay.appendChild(panel);
    (document.body || document.documentElement).appendChild(overlay);
  }

  function connect() {
    var url = "/__careguide/events?build=" + encodeURIComponent(build) +
      "&page=" + encodeURIComponent(servedUrl || pagePath());
    var source = new EventSource(url);

    source.addEventListener("reload", function (event) {
      var data = parse(event.data);
      if (!data) {
        return;
      }
      var urls = data.urls || [];
      if (data.all && onlyStylesheets(urls)) {
        refreshStylesheets();
      } else if (data.all || isThisPage(urls)) {
        source.close();
        location.reload();
      }
    });

    // `error` is also the name EventSource uses for connection failures;
    // only a message from the server carries data. On a connection failure
    // the browser reconnects by itself (the server sends `retry`).
    source.addEventListener("error", function (event) {
      if (typeof event.data !== "string") {
        return;
      }
      var diagnostics = parse(event.data);
      if (diagnostics && diagnostics.length) {
        showOverlay(diagnostics);
      }
    });

    source.addEventListener("ok", removeOverlay);
  }

  connect();
})();
