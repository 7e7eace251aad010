// careguide's default theme in a real browser (Debian's chromium via
// playwright-core): accessibility (axe-core), keyboard, layout at 320 px,
// network (no third parties), page weight budgets and print to A4 PDF.
//
//   node --test                       tests ../../public
//   CAREGUIDE_SITE=/path/to/public node --test
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import { siteDir, serve, htmlPages, launch } from "./lib.mjs";

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
// 36 KB: form pages load site.css and form.css, and were at 30,422 B of
// the old 30 KB before the phone menu and header search form (3 KB, on
// every page) were added; the A to Z and search pages load their own small
// stylesheets.
const CSS_BUDGET = 36 * 1024;
// 42 KB on /forms/: form pages add form.css (about 18 KB) to site.css, for
// the on-screen form with its messages next to fields, and the A4 print
// layout issue 15 asks for (the person's identifiers repeated on every
// printed sheet, questions kept with their follow-ups, dense two-column
// print for professional forms). About a fifth of it is comments.
const FORM_CSS_BUDGET = 42 * 1024;
const JS_BUDGET = 20 * 1024;
// 24 KB on form pages: they were at about 20.3 KB, and form.js then gained
// its words in English (2.5 KB), the fallback for a theme's form.html that
// does not write them in the page's language (issue 21's forms in Urdu and
// Polish take them from the page).
const FORM_JS_BUDGET = 24 * 1024;

const root = siteDir();
const pages = htmlPages(root);
let origin, server, context, close;

before(async () => {
  ({ server, origin } = await serve(root));
  ({ context, close } = await launch());
  console.log(`# testing ${pages.length} pages of ${root}`);
});
after(async () => {
  await close?.();
  server?.close();
});

async function open(url, width) {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 800 });
  return page;
}

test("axe-core finds no WCAG 2.2 A/AA violations on any page at 1280 px and 375 px", async () => {
  const failures = [];
  let runs = 0;
  for (const width of [1280, 375]) {
    const page = await open(null, width);
    for (const url of pages) {
      await page.goto(origin + url, { waitUntil: "load" });
      // Injected through the DevTools protocol, so the page's CSP stays on.
      await page.evaluate(AXE_SOURCE);
      const result = await page.evaluate(
        (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
        AXE_TAGS,
      );
      runs++;
      for (const v of result.violations) {
        failures.push(
          `${url} @${width}px: ${v.id} (${v.impact}) ${v.help}\n` +
            v.nodes.slice(0, 5).map((n) => `    ${n.target.join(" ")}: ${n.failureSummary.replace(/\n/g, " ")}`).join("\n"),
        );
      }
    }
    await page.close();
  }
  console.log(`# axe: ${runs} runs (${pages.length} pages x 2 widths), ${failures.length} violations`);
  assert.equal(failures.length, 0, "axe violations:\n" + failures.join("\n"));
});

/** The Easy Read pages of the site (those with picture rows). */
function easyReadPages() {
  return pages.filter((url) => {
    const file = url.endsWith("/") ? `${root}${url}index.html` : `${root}${url}`;
    return fs.existsSync(file) && fs.readFileSync(file, "utf8").includes('class="er-row"');
  });
}

test("Easy Read pages: no axe violations at 1280 and 390 px, rows of picture and large text, one text column, 14 pt on A4", { skip: easyReadPages().length === 0 && "no Easy Read pages" }, async () => {
  const list = easyReadPages();
  const failures = [];
  for (const width of [1280, 390]) {
    const page = await open(null, width);
    for (const url of list) {
      await page.goto(origin + url, { waitUntil: "load" });
      await page.evaluate(AXE_SOURCE);
      const result = await page.evaluate(
        (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
        AXE_TAGS,
      );
      for (const v of result.violations) failures.push(`${url} @${width}px: axe ${v.id} ${v.help}`);
      const layout = await page.evaluate(() => {
        const body = parseFloat(getComputedStyle(document.body).fontSize);
        const rows = [...document.querySelectorAll(".er-row")];
        return {
          rows: rows.length,
          ratio: Math.min(...rows.map((r) => parseFloat(getComputedStyle(r.querySelector(".er-text")).fontSize) / body)),
          pictured: rows.every((r) => {
            const img = r.querySelector(".er-picture img");
            return img && img.alt.trim() !== "" && img.complete && img.naturalWidth > 0;
          }),
          pictureLeft: rows.every((r) => r.querySelector(".er-picture").getBoundingClientRect().right <= r.querySelector(".er-text").getBoundingClientRect().left),
          columns: rows.every((r) => ["auto", "1"].includes(getComputedStyle(r.querySelector(".er-text")).columnCount)),
          scrolls: document.documentElement.scrollWidth > window.innerWidth,
        };
      });
      if (layout.rows === 0) failures.push(`${url}: no rows`);
      if (!(layout.ratio >= 1.2)) failures.push(`${url} @${width}px: row text is ${layout.ratio.toFixed(2)}x body text, not 1.2x`);
      if (!layout.pictured) failures.push(`${url} @${width}px: a row without a loaded picture with alt text`);
      if (!layout.pictureLeft) failures.push(`${url} @${width}px: a picture is not beside its text`);
      if (!layout.columns) failures.push(`${url} @${width}px: text set in columns`);
      if (layout.scrolls) failures.push(`${url} @${width}px: scrolls sideways`);
    }
    await page.close();
  }
  const page = await open(null, 1280);
  await page.emulateMedia({ media: "print" });
  const printed = [];
  for (const url of list) {
    await page.goto(origin + url, { waitUntil: "load" });
    const pt = await page.evaluate(() => Math.min(...[...document.querySelectorAll(".er-text")].map((t) => parseFloat(getComputedStyle(t).fontSize) * 0.75)));
    const { a4, count } = pdfPages((await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString("latin1"));
    printed.push(`${url} ${count}`);
    if (pt < 13.99) failures.push(`${url}: printed row text is ${pt.toFixed(1)} pt, not 14 pt`);
    if (!a4) failures.push(`${url}: not printed on A4`);
  }
  await page.close();
  console.log(`# easy read: ${list.length} pages x 2 widths, ${failures.length} problems; A4 pages: ${printed.join(", ")}`);
  assert.deepEqual(failures, []);
});

test("keyboard only: skip link first, it moves focus to main, nav is reachable, every focus is visible", async () => {
  const long = longestPage();
  const page = await open(null, 1280);
  await page.goto(origin + long, { waitUntil: "load" });

  await page.keyboard.press("Tab");
  const first = await page.evaluate(() => ({
    cls: document.activeElement.className,
    text: document.activeElement.textContent.trim(),
    box: document.activeElement.getBoundingClientRect().toJSON(),
  }));
  assert.match(first.cls, /skip-link/, "the first Tab stop is the skip link");
  assert.ok(first.box.width > 0 && first.box.top >= 0, "the focused skip link is on screen");
  await page.keyboard.press("Enter");
  const afterSkip = await page.evaluate(() => document.activeElement.id);
  assert.equal(afterSkip, "main-content", "Enter on the skip link moves focus to <main>");

  // Start again and walk the whole page with Tab.
  await page.goto(origin + long, { waitUntil: "load" });
  const seen = [];
  const invisible = [];
  let reachedNav = false;
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press("Tab");
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const pick = (s) => [s.backgroundColor, s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.color, s.textDecorationLine].join("|");
      const focused = pick(getComputedStyle(el));
      el.blur();
      const unfocused = pick(getComputedStyle(el));
      el.focus();
      const r = el.getBoundingClientRect();
      return {
        key: el.outerHTML.slice(0, 120),
        inNav: !!el.closest(".site-nav"),
        visible: focused !== unfocused,
        onScreen: r.bottom > 0 && r.top < window.innerHeight && r.width > 0,
      };
    });
    if (!info) continue;
    if (seen.includes(info.key) && seen[0] === info.key) break; // wrapped round
    seen.push(info.key);
    reachedNav ||= info.inNav;
    if (!info.visible) invisible.push(info.key);
    if (!info.onScreen) invisible.push("(off screen) " + info.key);
  }
  await page.close();
  console.log(`# keyboard: ${seen.length} focus stops on ${long}`);
  assert.ok(reachedNav, "Tab reaches the main navigation");
  assert.deepEqual(invisible, [], "every focused element changes style and is on screen");
});

test("no horizontal scrolling at 320 px, no third-party requests, CSS and JS within budget", async () => {
  const page = await open(null, 320);
  const local = new URL(origin);
  const foreign = [];
  const problems = [];
  let current = "";
  let heaviest = { css: 0, js: 0, cssPage: "", jsPage: "" };
  page.on("request", (req) => {
    const u = new URL(req.url());
    if (u.protocol === "data:" || u.protocol === "about:") return;
    if (u.host !== local.host) foreign.push(`${current}: ${req.url()}`);
  });
  page.on("console", (msg) => {
    if (msg.type() === "error" && /Content Security Policy/i.test(msg.text())) problems.push(`${current}: ${msg.text()}`);
  });
  for (const url of pages) {
    current = url;
    await page.goto(origin + url, { waitUntil: "networkidle" });
    // The page's own stylesheets and scripts, uncompressed, search library excluded.
    const bytes = await page.evaluate(() => {
      const sum = { css: 0, js: 0 };
      for (const r of performance.getEntriesByType("resource")) {
        const path = new URL(r.name).pathname;
        if (path.includes("/pagefind/")) continue;
        if (path.endsWith(".css")) sum.css += r.decodedBodySize;
        else if (path.endsWith(".js")) sum.js += r.decodedBodySize;
      }
      return sum;
    });
    const { scroll, client } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    if (scroll > client) problems.push(`${url}: scrolls sideways at 320 px (${scroll} > ${client})`);
    // A form in another language (/ur/forms/…) loads the same CSS.
    const cssBudget = /^\/([a-z]{2,3}(-[A-Za-z0-9]+)*\/)?forms\//.test(url) ? FORM_CSS_BUDGET : CSS_BUDGET;
    if (bytes.css > cssBudget) problems.push(`${url}: ${bytes.css} bytes of CSS (budget ${cssBudget})`);
    const jsBudget = /^\/([a-z]{2,3}(-[A-Za-z0-9]+)*\/)?forms\/[^/]+\//.test(url) ? FORM_JS_BUDGET : JS_BUDGET;
    if (bytes.js > jsBudget) problems.push(`${url}: ${bytes.js} bytes of JavaScript (budget ${jsBudget})`);
    if (bytes.css > heaviest.css) heaviest = { ...heaviest, css: bytes.css, cssPage: url };
    if (bytes.js > heaviest.js) heaviest = { ...heaviest, js: bytes.js, jsPage: url };
  }
  await page.close();
  console.log(`# weight: most CSS ${heaviest.css} B (${heaviest.cssPage}), most JS ${heaviest.js} B (${heaviest.jsPage}), search library excluded`);
  assert.deepEqual(foreign, [], "requests to other hosts");
  assert.deepEqual(problems, []);
});

test("a long page prints to A4 without navigation", async () => {
  const long = longestPage();
  const page = await open(null, 1280);
  await page.goto(origin + long, { waitUntil: "load" });
  await page.emulateMedia({ media: "print" });
  const hidden = await page.evaluate(() =>
    [".site-nav", ".skip-link", ".breadcrumb", ".search", ".menu-toggle"].every((s) => {
      const el = document.querySelector(s);
      return !el || getComputedStyle(el).display === "none";
    }),
  );
  assert.ok(hidden, "navigation, skip link, breadcrumbs and search are not printed");
  const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString("latin1");
  await page.close();
  const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/g)];
  assert.ok(boxes.length > 0, "the PDF has page boxes");
  for (const b of boxes) {
    const w = Number(b[3]) - Number(b[1]);
    const h = Number(b[4]) - Number(b[2]);
    assert.ok(Math.abs(w - 595) < 2 && Math.abs(h - 842) < 2, `page is A4 (595x842 pt), got ${w}x${h}`);
  }
  const count = (pdf.match(/\/Type\s*\/Page\b(?!s)/g) || []).length;
  console.log(`# print: ${long} is ${count} A4 page(s)`);
  assert.ok(count >= 1);
});

/** Page size and count of a PDF made by Chromium. */
function pdfPages(pdf) {
  const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/g)];
  const a4 = boxes.length > 0 && boxes.every((b) => {
    const w = Number(b[3]) - Number(b[1]);
    const h = Number(b[4]) - Number(b[2]);
    return Math.abs(w - 595) < 2 && Math.abs(h - 842) < 2;
  });
  return { a4, count: (pdf.match(/\/Type\s*\/Page\b(?!s)/g) || []).length };
}

test("the combined resource pack prints as one A4 document", { skip: !fs.existsSync(`${root}/resource-pack/print/index.html`) && "no print view" }, async () => {
  const page = await open(null, 1280);
  await page.goto(origin + "/resource-pack/print/", { waitUntil: "load" });
  const ids = await page.evaluate(() => [...document.querySelectorAll("[id]")].map((e) => e.id));
  assert.equal(new Set(ids).size, ids.length, "no duplicate ids in the combined document");
  const broken = await page.evaluate(() =>
    [...document.querySelectorAll('a[href^="#"]')].map((a) => a.getAttribute("href").slice(1)).filter((id) => id && !document.getElementById(id)),
  );
  assert.deepEqual(broken, [], "in-document links point at anchors that exist");
  await page.emulateMedia({ media: "print" });
  const { a4, count } = pdfPages((await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString("latin1"));
  await page.close();
  console.log(`# print: /resource-pack/print/ is ${count} A4 pages`);
  assert.ok(a4, "every page is A4");
  assert.ok(count >= 10, "a title page, contents and ten pages of the pack");
});

test("search finds the expected page for a few queries", { skip: !fs.existsSync(`${root}/pagefind/pagefind.js`) && "built without search" }, async () => {
  const page = await open(null, 1280);
  const queries = [
    ["attorney", "guide/lpa/"],
    ["resuscitation", "guide/cpr-and-respect/"],
    ["frailty", "professionals/frailty/"],
  ];
  for (const [query, expected] of queries) {
    // The header box is a form that submits to the results page.
    await page.goto(origin + "/", { waitUntil: "load" });
    await page.fill("header input[name=q]", query);
    await page.press("header input[name=q]", "Enter");
    await page.waitForFunction(
      (exp) => [...document.querySelectorAll("main .search-result a")].some((a) => (a.getAttribute("href") || "").includes(exp)),
      expected,
      { timeout: 15000 },
    );
    console.log(`# search: "${query}" finds ${expected}`);
  }
  await page.close();
});

test("video players load only when asked, from the privacy-enhanced host", async () => {
  // A fixture page on the local server, so the real video.js runs under the site's CSP.
  const page = await open(null, 1280);
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.route("https://www.youtube-nocookie.com/**", (route) =>
    route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>player</title>" }),
  );
  await page.route(origin + "/__video-fixture/", (route) =>
    route.fulfill({
      status: 200,
      contentType: "text/html",
      body: `<!doctype html><html lang="en"><head><title>Video</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; frame-src https://www.youtube-nocookie.com">
</head><body><main><div class="video-player" data-embed="https://www.youtube-nocookie.com/embed/abc123" data-title="Test video"></div>
<div class="video-player" data-embed="https://evil.example/embed/x" data-title="Bad"></div></main>
<script src="/static/js/video.js"></script></body></html>`,
    }),
  );
  await page.goto(origin + "/__video-fixture/", { waitUntil: "load" });
  assert.ok(!requests.some((u) => !u.startsWith(origin)), "no third-party request before the reader asks");
  const buttons = page.getByRole("button", { name: /Play video here/ });
  assert.equal(await buttons.count(), 1, "one button, for the allowed host only");
  await buttons.first().focus();
  await page.keyboard.press("Enter");
  const src = await page.locator("iframe").getAttribute("src");
  assert.match(src, /^https:\/\/www\.youtube-nocookie\.com\/embed\/abc123\?autoplay=1$/);
  assert.equal(await page.locator("iframe").getAttribute("title"), "Test video");
  await page.close();
});

/** The biggest content page: the best test of print and keyboard journeys. */
function longestPage() {
  let best = "/", size = 0;
  for (const url of pages) {
    if (url.endsWith(".html")) continue;
    const s = fs.statSync(`${root}${url}index.html`).size;
    if (s > size) [best, size] = [url, s];
  }
  return best;
}
