#!/usr/bin/env node
// What a built site's search finds, and what its first query costs a reader,
// measured in Debian's chromium against the real pagefind bundle.
//
//   node bench/search_results.mjs run SITE [--words a,b,c] [--out FILE]
//   node bench/search_results.mjs compare BEFORE AFTER [--words a,b,c] [--out FILE]
//
// SITE, BEFORE and AFTER are built output folders (or, for compare, JSON
// files written by `run --out`). Usage and how the words are drawn: bench/README.md,
// "Search results in a browser".
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import crypto from "node:crypto";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const lib = await import(path.join(here, "..", "tests", "browser", "lib.mjs"));

/** The queries every run asks first (the three). */
const FIXED = ["attorney", "resuscitation", "frailty"];
/** Results whose data() is loaded, as static/js/search.js does (it shows 20);
    pagefind's own UI shows 5, so the bytes are also noted after the first 5. */
const SHOWN = 20;
const FIRST = 5;
const BLANK = "/__search_results__.html";

/** Every page's indexed text in the site's main language (the one most
    pages have in <html lang>; pagefind searches one language's index): what
    lies inside the element marked data-pagefind-body (careguide's <article>),
    tags removed. */
function indexedTexts(site) {
  const pages = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.name === "pagefind" || e.name.startsWith(".")) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith(".html")) {
        const html = fs.readFileSync(full, "utf8");
        const start = html.search(/<article[^>]*data-pagefind-body/);
        if (start < 0) continue;
        const end = html.indexOf("</article>", start);
        const lang = ((html.match(/<html[^>]*\slang="([^"]*)"/) || [])[1] || "").toLowerCase();
        const text = html.slice(start, end < 0 ? undefined : end).replace(/<[^>]*>/g, " ").replace(/&[a-z#0-9]+;/gi, " ");
        pages.push({ lang, text });
      }
    }
  };
  walk(site);
  const langs = new Map();
  for (const p of pages) langs.set(p.lang, (langs.get(p.lang) || 0) + 1);
  const main = [...langs].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
  return { lang: main, texts: pages.filter((p) => p.lang === main).map((p) => p.text) };
}

/** Ten words drawn from the site, the same for the same pages: words of four
    or more letters (any script) in the indexed text of at least two pages, split into ten
    bands of document frequency on a log scale (2 pages up to every page), and
    from each band the word whose SHA-256 is smallest (then, if bands are
    empty, the next smallest of each band in turn). So the queries run from
    rare words to words on most pages, and no one chose them. */
function drawWords(texts, count = 10) {
  const df = new Map();
  for (const t of texts) {
    for (const w of new Set(t.toLowerCase().match(/\p{L}{4,}/gu) || [])) df.set(w, (df.get(w) || 0) + 1);
  }
  const lo = Math.log(2);
  const hi = Math.log(Math.max(texts.length, 3)) + 1e-9;
  const bands = Array.from({ length: count }, () => []);
  for (const [w, n] of df) {
    if (n < 2 || FIXED.includes(w)) continue;
    bands[Math.min(count - 1, Math.floor(((Math.log(n) - lo) / (hi - lo)) * count))].push(w);
  }
  const hash = (w) => crypto.createHash("sha256").update(w).digest("hex");
  const sorted = bands.map((b) => b.map((w) => [hash(w), w]).sort().map(([, w]) => w));
  // A corpus with few words leaves bands empty: take the next word of each
  // band in turn until there are `count`.
  const words = [];
  for (let i = 0; words.length < count && sorted.some((b) => b.length > i); i++) {
    for (const b of sorted) if (b.length > i && words.length < count) words.push(b[i]);
  }
  return words;
}

/** A page's URL from its fragment file on disk (what data() reads). */
function fragmentUrl(site, id) {
  const gz = fs.readFileSync(path.join(site, "pagefind", "fragment", `${id}.pf_fragment`));
  const text = zlib.gunzipSync(gz).toString("utf8");
  return JSON.parse(text.slice(text.indexOf("{"))).url;
}

/** What the loopback server sent, per request: the body's bytes as the file
    lies on disk (the server sends files as they are, with no-store; pagefind's
    index files are gzip already), labelled with the step of the query. */
const sent = { phase: "idle", log: [] };
function countBytes(server) {
  // First, to see the Content-Length lib.serve gives writeHead.
  server.prependListener("request", (req, res) => {
    const phase = sent.phase;
    let body = 0;
    const writeHead = res.writeHead;
    res.writeHead = function (status, headers, ...rest) {
      if (req.method !== "HEAD" && headers && headers["Content-Length"] != null) body = Number(headers["Content-Length"]);
      return writeHead.call(this, status, headers, ...rest);
    };
    res.on("finish", () => {
      const p = new URL(req.url, "http://x").pathname;
      if (p !== BLANK) sent.log.push({ path: p, phase, body });
    });
  });
}

/** One query in a fresh browser (new profile, empty cache): every result's
    URL in order, the first SHOWN results' data, and the bytes fetched. */
async function runQuery(site, origin, lang, query) {
  const { context, close } = await lib.launch();
  try {
    const page = await context.newPage();
    await page.route(origin + BLANK, (route) =>
      route.fulfill({ contentType: "text/html", body: `<!doctype html><html lang="${lang}"><title>search</title></html>` }));
    sent.log = [];
    sent.phase = "search";
    await page.goto(origin + BLANK);
    await page.evaluate(async (q) => {
      const pf = await import("/pagefind/pagefind.js");
      await pf.options({ baseUrl: "/" });
      window.found = await pf.search(q);
    }, query);
    const ids = await page.evaluate(() => window.found.results.map((r) => r.id));
    const step = async (phase, from, to) => {
      await page.waitForLoadState("networkidle");
      sent.phase = phase;
      return page.evaluate(async ([a, b]) =>
        Promise.all(window.found.results.slice(a, b).map((r) => r.data()))
          .then((ds) => ds.map((d) => ({ url: d.url, title: d.meta && d.meta.title, excerpt: d.excerpt }))), [from, to]);
    };
    const shown = await step("data5", 0, FIRST);
    shown.push(...(await step("data20", FIRST, SHOWN)));
    await page.waitForLoadState("networkidle");
    sent.phase = "idle";
    const files = sent.log.splice(0);
    const urls = ids.map((id, i) => (i < shown.length ? shown[i].url : fragmentUrl(site, id)));
    shown.forEach((d, i) => {
      if (d.url !== fragmentUrl(site, ids[i])) throw new Error(`${query}: data() and the fragment file disagree on result ${i}`);
    });
    const sum = (phases) => files.filter((f) => phases.includes(f.phase)).reduce((n, f) => n + f.body, 0);
    return {
      query,
      count: urls.length,
      urls,
      shown,
      bytes: {
        search: sum(["search"]),
        first5: sum(["search", "data5"]),
        first20: sum(["search", "data5", "data20"]),
        requests: files.length,
      },
      files,
    };
  } finally {
    await close();
  }
}

/** The files under pagefind/ by kind (.pf_fragment, .pf_index, ...): count and bytes. */
function filesByKind(site) {
  const kinds = {};
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else {
        const kind = e.name.endsWith(".pagefind") ? ".pagefind" : path.extname(e.name) || e.name;
        kinds[kind] = kinds[kind] || { files: 0, bytes: 0 };
        kinds[kind].files += 1;
        kinds[kind].bytes += fs.statSync(full).size;
      }
    }
  };
  walk(path.join(site, "pagefind"));
  return kinds;
}

async function runSite(site, words) {
  site = path.resolve(site);
  if (!fs.existsSync(path.join(site, "pagefind", "pagefind.js"))) throw new Error(`${site}: no pagefind/pagefind.js (build with search on)`);
  const { lang, texts } = indexedTexts(site);
  const queries = [...FIXED, ...(words || drawWords(texts))];
  const { server, origin } = await lib.serve(site);
  countBytes(server);
  try {
    const results = [];
    for (const q of queries) {
      const r = await runQuery(site, origin, lang, q);
      process.stderr.write(`${q}: ${r.count} results, ${r.bytes.first5} bytes to the first 5, ${r.bytes.first20} to the first 20\n`);
      results.push(r);
    }
    return { site, lang, queries, kinds: filesByKind(site), results };
  } finally {
    server.close();
  }
}

function load(arg, words) {
  if (!arg.endsWith(".json")) return runSite(arg, words);
  const run = JSON.parse(fs.readFileSync(arg, "utf8"));
  if (!Array.isArray(run.queries) || !Array.isArray(run.results)) {
    throw new Error(`${arg}: not the JSON of \`search_results.mjs run --out\` (no queries and results)`);
  }
  return run;
}

/** The index files of two output folders, file by file: whether each one
    gunzips to the same bytes under the same name, and how many came out larger. */
function sameIndexFiles(before, after) {
  const kinds = {};
  const walk = (rel) => {
    for (const e of fs.readdirSync(path.join(before, "pagefind", rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) walk(r);
      else if (/\.pf_(fragment|index|meta|filter)$/.test(e.name)) {
        const k = (kinds[path.extname(e.name)] ||= { files: 0, same: 0, larger: 0, most: 0 });
        const b = fs.readFileSync(path.join(before, "pagefind", r));
        const other = path.join(after, "pagefind", r);
        k.files += 1;
        if (!fs.existsSync(other)) continue;
        const a = fs.readFileSync(other);
        if (zlib.gunzipSync(a).equals(zlib.gunzipSync(b))) k.same += 1;
        if (a.length > b.length) {
          k.larger += 1;
          k.most = Math.max(k.most, a.length - b.length);
        }
      }
    }
  };
  walk(".");
  return kinds;
}

/** Same result lists per query, and the first query's bytes before and after. */
function compare(before, after) {
  const rows = [];
  let ok = true;
  for (const b of before.results) {
    const a = after.results.find((r) => r.query === b.query);
    if (!a) throw new Error(`query ${b.query} missing from the second run`);
    const same = JSON.stringify(a.urls) === JSON.stringify(b.urls) && JSON.stringify(a.shown) === JSON.stringify(b.shown);
    const larger = ["search", "first5", "first20"].filter((k) => a.bytes[k] > b.bytes[k]);
    if (!same || larger.length) ok = false;
    rows.push({ query: b.query, results: b.count, same, before: b.bytes, after: a.bytes, larger });
  }
  const out = [`| query | results | same results, order and excerpts | first query bytes to 5 results: before → after | to 20 results: before → after |`,
    `| --- | ---: | --- | ---: | ---: |`];
  for (const r of rows) {
    const d = (k) => `${r.before[k]} → ${r.after[k]} (${r.after[k] - r.before[k] >= 0 ? "+" : ""}${r.after[k] - r.before[k]})`;
    out.push(`| ${r.query} | ${r.results} | ${r.same ? "yes" : "**no**"} | ${d("first5")} | ${d("first20")} |`);
  }
  out.push("", "| files | before: files, bytes | after: files, bytes |", "| --- | ---: | ---: |");
  const [bk, ak] = [before.kinds || {}, after.kinds || {}];
  for (const k of Object.keys({ ...bk, ...ak }).sort()) {
    const f = (x) => (x ? `${x.files}, ${x.bytes}` : "none");
    out.push(`| ${k} | ${f(bk[k])} | ${f(ak[k])} |`);
  }
  return { ok, rows, table: out.join("\n") };
}

async function main() {
  const args = process.argv.slice(2);
  const opt = (name) => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    const v = args[i + 1];
    args.splice(i, 2);
    return v;
  };
  const outFile = opt("--out");
  const wordsArg = opt("--words");
  let words = wordsArg ? wordsArg.split(",").filter(Boolean) : undefined;
  const [mode, ...dirs] = args;
  let result;
  if (mode === "run" && dirs.length === 1) {
    result = await runSite(dirs[0], words);
  } else if (mode === "compare" && dirs.length === 2) {
    const before = await load(dirs[0], words);
    // The second site is asked the first one's queries.
    words = before.queries.filter((q) => !FIXED.includes(q));
    const after = await load(dirs[1], words);
    const c = compare(before, after);
    console.log(c.table);
    if (!dirs[0].endsWith(".json") && !dirs[1].endsWith(".json")) {
      const files = sameIndexFiles(dirs[0], dirs[1]);
      console.log("\n| index files | files | same name, same bytes once gunzipped | larger (most, bytes) |\n| --- | ---: | ---: | ---: |");
      for (const [k, f] of Object.entries(files).sort()) console.log(`| ${k} | ${f.files} | ${f.same} | ${f.larger} (${f.most}) |`);
      c.files = files;
      if (Object.values(files).some((f) => f.same < f.files)) c.ok = false;
    }
    console.log(c.ok ? `same results for every query; no first query fetches more bytes${c.files ? "; index files the same once gunzipped" : ""}` : "DIFFERENT: see the tables");
    result = { before, after, rows: c.rows, files: c.files, ok: c.ok };
    process.exitCode = c.ok ? 0 : 1;
  } else {
    console.error("usage: node bench/search_results.mjs run SITE [--words a,b] [--out FILE]\n" +
      "       node bench/search_results.mjs compare BEFORE AFTER [--words a,b] [--out FILE]");
    process.exit(2);
  }
  const json = JSON.stringify(result, null, 1);
  if (outFile) fs.writeFileSync(outFile, json);
  else if (mode === "run") console.log(json);
}

try {
  await main();
} catch (e) {
  console.error(`search_results: ${e.message}`);
  process.exit(1);
}
