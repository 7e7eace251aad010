// Site search, on the results page (/search/?q=words) only. The header's
// search box is a plain form that submits here, so it works before and
// without this script; without it this page points to the A to Z.
//
// Online, results come from pagefind's index (its low-level API: the markup
// is ours). Opened from disk (file://), where a browser will not fetch the
// index, a copy built with `careguide build --offline` ships a small index
// as a classic script (search/offline-index.js) and it is searched here; if
// that is missing too, the reader gets the A to Z. Never a spinner: every
// path ends in results, "no results" or a link to the A to Z.
(function () {
  "use strict";
  var area = document.getElementById("search-results");
  var input = document.getElementById("search-page-q");
  var me = document.currentScript;
  if (!area || !input || !me || !window.URL) return;
  // This file is <root>/static/js/search.js: the site root is two folders up.
  var root = new URL("../../", me.src);
  var fromDisk = location.protocol === "file:";
  var atoz = new URL(fromDisk ? "a-z/index.html" : "a-z/", root).href;
  // The words, in the page's language: templates/search.html writes them
  // into #search-results from i18n/<code>.yaml. A theme's own search page
  // without them gets these English ones.
  var words = {
    prompt: "Type a word or two about what you are looking for, such as \u201cpower of attorney\u201d.",
    searching: "Searching for \u201c{query}\u201d\u2026",
    foundOne: "{count} page found for \u201c{query}\u201d.",
    foundOther: "{count} pages found for \u201c{query}\u201d.",
    bestShown: "Here are the {count} that match best.",
    none: "No pages found for \u201c{query}\u201d.",
    noneHint: "Check the spelling, or try fewer or different words.",
    noneAtoz: "You can also look for the page in the {atoz}.",
    unavailable: "Search is not available here.",
    unavailableAtoz: "You can find every page in the {atoz}.",
    atoz: "A to Z of pages",
    forStaff: "For health and care staff",
  };
  for (var k in area.dataset) if (area.dataset[k]) words[k] = area.dataset[k];
  var lang = document.documentElement.lang || "en";
  var plurals = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
  var engine = null; // a promise of function(query) -> promise of [{url, title, excerpt (html), audience}]
  var latest = 0;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  // A paragraph of `template` with its {query} in a <bdi> (the words
  // searched for have a direction of their own, which must not reorder the
  // sentence around them: Urdu around English, say), its {count} as a
  // number of the page's language and its {atoz} as the link to the A to Z.
  function para(cls, template, query, count) {
    var p = el("p", cls);
    template.split(/(\{query\}|\{count\}|\{atoz\})/).forEach(function (part) {
      if (part === "{query}") p.appendChild(el("bdi", "", query));
      else if (part === "{count}") p.appendChild(document.createTextNode(count.toLocaleString(lang)));
      else if (part === "{atoz}") {
        var a = el("a", "", words.atoz);
        a.href = atoz;
        p.appendChild(a);
      } else if (part) p.appendChild(document.createTextNode(part));
    });
    return p;
  }

  // The count sentence in the plural form the language uses for `n`.
  function foundWords(n) {
    var form = plurals ? plurals.select(n) : n === 1 ? "one" : "other";
    return words["found" + form.charAt(0).toUpperCase() + form.slice(1)] || words.foundOther;
  }

  function show(nodes) {
    area.textContent = "";
    for (var i = 0; i < nodes.length; i++) area.appendChild(nodes[i]);
  }

  function status(template, query, count) {
    var p = para("search-status", template, query, count);
    p.setAttribute("role", "status");
    return p;
  }

  function unavailable() {
    show([status(words.unavailable), para("", words.unavailableAtoz)]);
  }

  // An excerpt is HTML with <mark> around the words found. Parsed inertly
  // and rebuilt from its text and marks only, so no other markup gets in.
  function excerptNodes(html) {
    var out = el("p", "search-result-excerpt");
    var doc = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    var walk = function (node, into) {
      for (var c = node.firstChild; c; c = c.nextSibling) {
        if (c.nodeType === 3) into.appendChild(document.createTextNode(c.nodeValue));
        else if (c.nodeType === 1 && c.nodeName === "MARK") into.appendChild(el("mark", "", c.textContent));
        else if (c.nodeType === 1) walk(c, into);
      }
    };
    walk(doc.body, out);
    return out;
  }

  // `found` is {total, results}: every page found, and the first 20 of
  // them to show, so the count tells the truth when there are more.
  function render(query, found) {
    var results = found.results;
    if (!results.length) {
      show([status(words.none, query), para("", words.noneHint), para("", words.noneAtoz)]);
      area.firstChild.className += " search-none";
      return;
    }
    var n = results.length;
    var list = el("ol", "search-results");
    for (var i = 0; i < n; i++) {
      var r = results[i];
      var li = el("li", "search-result");
      var h = el("h2", "search-result-title");
      var a = el("a", "", r.title);
      a.href = r.url;
      h.appendChild(a);
      li.appendChild(h);
      if (r.audience === "professional") li.appendChild(el("p", "search-result-audience", words.forStaff));
      if (r.excerpt) li.appendChild(excerptNodes(r.excerpt));
      list.appendChild(li);
    }
    var total = Math.max(found.total, n);
    var said = status(foundWords(total), query, total);
    if (total > n) {
      said.appendChild(document.createTextNode(" "));
      var more = para("", words.bestShown, query, n);
      while (more.firstChild) said.appendChild(more.firstChild);
    }
    show([said, list]);
  }

  // pagefind over http(s): its ES module, index and WebAssembly from /pagefind/.
  function pagefindEngine() {
    var bundle = new URL("pagefind/", root);
    return import(new URL("pagefind.js", bundle).href).then(function (pf) {
      return Promise.resolve(pf.options({ baseUrl: root.pathname })).then(function () {
        return function (query) {
          return pf.search(query).then(function (found) {
            return Promise.all(found.results.slice(0, 20).map(function (r) { return r.data(); })).then(function (data) {
              return {
                total: found.results.length,
                results: data.map(function (d) {
                  var aud = d.filters && d.filters.audience;
                  return { url: d.url, title: (d.meta && d.meta.title) || d.url, excerpt: d.excerpt, audience: aud && aud[0] };
                }),
              };
            });
          });
        };
      });
    });
  }

  // The --offline copy's index: [{t: title, u: url, s: summary, a: audience, x: text}].
  function diskEngine() {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = new URL("search/offline-index.js", root).href;
      s.onload = function () {
        var pages = window.careguideSearchIndex;
        if (!pages || !pages.length) reject(new Error("empty index"));
        else resolve(function (query) { return Promise.resolve(searchList(pages, query)); });
      };
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }

  function escapeHtml(s) {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  // Every word must be in the page (title, summary or text); a word in the
  // title counts most. Words match at their start ("resus" finds
  // "resuscitation").
  function searchList(pages, query) {
    var words = query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    if (!words.length) return { total: 0, results: [] };
    var hits = [];
    for (var i = 0; i < pages.length; i++) {
      var p = pages[i];
      var title = p.t.toLowerCase(), summary = p.s.toLowerCase(), text = p.x.toLowerCase();
      var score = 0, all = true;
      for (var w = 0; w < words.length && all; w++) {
        var re = new RegExp("(^|[^\\p{L}\\p{N}])" + words[w].replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gu");
        var t = (title.match(re) || []).length, s = (summary.match(re) || []).length, x = (text.match(re) || []).length;
        if (t + s + x === 0) all = false;
        score += t * 20 + s * 5 + Math.min(x, 20);
      }
      if (all) hits.push({ page: p, score: score });
    }
    hits.sort(function (a, b) { return b.score - a.score || a.page.t.localeCompare(b.page.t); });
    var results = hits.slice(0, 20).map(function (h) {
      var p = h.page;
      return { url: new URL(p.u + (fromDisk ? "index.html" : ""), root).href, title: p.t, excerpt: excerpt(p.x, words) || escapeHtml(p.s), audience: p.a };
    });
    return { total: hits.length, results: results };
  }

  // About 30 words of text around the first word found, words marked.
  function excerpt(text, words) {
    var lower = text.toLowerCase(), at = -1;
    for (var i = 0; i < words.length && at < 0; i++) at = lower.indexOf(words[i]);
    if (at < 0) return "";
    var start = Math.max(0, text.lastIndexOf(" ", Math.max(0, at - 80)));
    var end = text.indexOf(" ", Math.min(text.length, at + 140));
    if (end < 0) end = text.length;
    var part = escapeHtml(text.slice(start, end).trim());
    var alt = words.map(function (w) { return escapeHtml(w).replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|");
    part = part.replace(new RegExp("(^|[^\\p{L}\\p{N}])(" + alt + ")", "giu"), "$1<mark>$2</mark>");
    return (start > 0 ? "\u2026 " : "") + part + (end < text.length ? " \u2026" : "");
  }

  function run(query) {
    query = query.trim();
    var id = ++latest;
    if (!query) {
      show([para("", words.prompt)]);
      return;
    }
    if (!engine) engine = fromDisk ? diskEngine() : pagefindEngine();
    show([status(words.searching, query)]);
    var timer = setTimeout(function () { if (id === latest) unavailable(); }, 8000);
    engine.then(function (search) { return search(query); }).then(function (results) {
      clearTimeout(timer);
      if (id === latest) render(query, results);
    }, function () {
      clearTimeout(timer);
      if (id === latest) unavailable();
    });
  }

  // Keep the address in step with the words, so Back and sharing work. A
  // page opened from disk may not be allowed to change its address.
  function remember(query) {
    try {
      history.replaceState(null, "", "?q=" + encodeURIComponent(query));
    } catch (e) { /* file:// in some browsers */ }
  }

  var first = new URLSearchParams(location.search).get("q") || "";
  input.value = first;
  var header = document.getElementById("search-q");
  if (header) header.value = first;
  run(first);

  var wait = 0;
  input.addEventListener("input", function () {
    clearTimeout(wait);
    wait = setTimeout(function () { remember(input.value); run(input.value); }, 250);
  });
  input.form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(wait);
    remember(input.value);
    run(input.value);
  });
})();
