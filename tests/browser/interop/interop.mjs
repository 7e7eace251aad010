// careguide's forms in two third-party FHIR renderers, in Debian's chromium:
// LHC-Forms (npm lforms) and the CSIRO Smart Forms renderer (npm
// @aehrc/smart-forms-renderer, bundled by run.sh). For every Questionnaire of
// the built site:
//   1. every item renders, with its type and its options;
//   2. every enableWhen works when its question is clicked;
//   3. a scenario of answers (made from the Questionnaire, so new fields are
//      covered) round-trips exactly: careguide -> LHC-Forms, LHC-Forms ->
//      careguide, careguide -> Smart Forms, Smart Forms -> careguide. "Exact"
//      means the same option (system and code) or value for every answered
//      item, and no answer more or less;
//   4. the same scenario saved from the form's page in each other language
//      (/ur/forms/…, whose options carry translated labels) reaches both
//      renderers exactly.
// Every Questionnaire, CodeSystem and QuestionnaireResponse seen is written to
// OUT_DIR for validate.py. Prints one line per check and a summary per form;
// exits 1 if anything failed.
//   node interop.mjs SITE_DIR OUT_DIR
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "../lib.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const site = path.resolve(process.argv[2] || path.join(here, "..", "..", "..", "public"));
const out = path.resolve(process.argv[3] || "/tmp/careguide-interop");
const only = process.env.FORM || "";
fs.mkdirSync(out, { recursive: true });

// --- a loopback server: the built site, the renderers and the test pages --
const mounts = {
  "/site/": site,
  "/lforms/": path.join(here, "node_modules", "lforms", "dist", "lforms"),
  "/bundle/": path.join(here, "build"),
  "/pages/": path.join(here, "pages"),
};
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".json": "application/json" };
const server = http.createServer((req, res) => {
  const rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
  const mount = Object.keys(mounts).find((m) => rel.startsWith(m));
  if (!mount) return res.writeHead(404).end();
  const root = mounts[mount];
  let file = path.join(root, path.normalize(rel.slice(mount.length)));
  if (!file.startsWith(root)) return res.writeHead(403).end();
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
  if (!fs.existsSync(file)) return res.writeHead(404).end();
  res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] || "application/octet-stream", "Cache-Control": "no-store" });
  res.end(fs.readFileSync(file));
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const origin = `http://127.0.0.1:${server.address().port}`;

const { context, close } = await launch({ acceptDownloads: true });
context.setDefaultTimeout(10000);
// Nothing may leave the machine: any other request is refused and reported.
const external = [];
await context.route("**/*", (route) => {
  const u = route.request().url();
  if (u.startsWith(origin) || u.startsWith("data:") || u.startsWith("blob:")) return route.continue();
  external.push(u);
  return route.abort();
});

let failures = 0;
const fail = (what) => { failures++; console.log("FAIL " + what); };
const ok = (what) => console.log("ok   " + what);

// --- the Questionnaire as a tree ---------------------------------------------

function flatten(items, parent = null, acc = []) {
  for (const it of items || []) {
    acc.push({ ...it, parent });
    flatten(it.item, it, acc);
  }
  return acc;
}
const isTable = (it) => it.type === "group" && it.repeats;
const isNhs = (it) => (it.extension || []).some((e) => e.url.endsWith("/regex") && e.valueString.includes("{10}"));
const norm = (a) => {
  if (a.valueCoding) return "coding:" + a.valueCoding.system + "|" + a.valueCoding.code;
  const k = Object.keys(a).find((x) => x.startsWith("value"));
  return k ? k.slice(5).toLowerCase() + ":" + String(a[k]) : "?" + JSON.stringify(a);
};

// The scenario: an answer for every item that can be answered at once, with
// each enableWhen's question given the answer that enables its dependants.
function scenario(q) {
  const all = flatten(q.item);
  const wanted = {};
  for (const it of all) for (const w of it.enableWhen || []) if (!(w.question in wanted)) wanted[w.question] = w;
  const answers = {};
  let day = 3;
  const enabled = (it) => (it.enableWhen || []).every((w) => {
    const got = answers[w.question] || [];
    const want = "answerCoding" in w ? norm({ valueCoding: w.answerCoding }) : "boolean:" + w.answerBoolean;
    return got.includes(want);
  }) && (!it.parent || it.parent.type !== "group" || enabled(it.parent));
  for (const it of all) {
    if (it.parent && isTable(it.parent)) continue;
    if (!enabled(it)) continue;
    const w = wanted[it.linkId];
    if (it.type === "choice") {
      const opts = it.answerOption.map((o) => ({ valueCoding: o.valueCoding }));
      if (w) answers[it.linkId] = [norm({ valueCoding: w.answerCoding })];
      else if (it.repeats) answers[it.linkId] = [opts[0], opts[opts.length - 1]].filter((o, i, a) => a.indexOf(o) === i).map(norm);
      // Not the last option: a loader that leaves the last one ticked fails.
      else answers[it.linkId] = [norm(opts[Math.min(1, opts.length - 1)])];
    } else if (it.type === "boolean") {
      answers[it.linkId] = ["boolean:" + (w ? w.answerBoolean : false)];
    } else if (it.type === "string") {
      answers[it.linkId] = [isNhs(it) ? "string:9434765919" : "string:Answer to " + it.linkId];
    } else if (it.type === "text") {
      answers[it.linkId] = ["string:First line of " + it.linkId + "\nSecond line"];
    } else if (it.type === "date") {
      answers[it.linkId] = ["date:19" + (40 + day) + "-11-" + String(day).padStart(2, "0")];
      day++;
    } else if (isTable(it)) {
      answers[it.linkId] = [1, 2].map((r) => Object.fromEntries(it.item.filter((c) => c.type !== "display").map((c) => [c.linkId, ["string:" + c.text + " " + r]])));
    }
  }
  return answers;
}

// A response as { linkId: [normalised answers] | [rows] }.
function flat(qr, q) {
  const byId = Object.fromEntries(flatten(q.item).map((it) => [it.linkId, it]));
  const res = {};
  const walk = (items) => (items || []).forEach((it) => {
    const qi = byId[it.linkId];
    if (qi && isTable(qi)) {
      const row = {};
      (it.item || []).forEach((c) => { if (c.answer && c.answer.length) row[c.linkId] = c.answer.map(norm); });
      if (Object.keys(row).length) (res[it.linkId] = res[it.linkId] || []).push(row);
      return;
    }
    if (it.answer && it.answer.length) res[it.linkId] = it.answer.map(norm);
    walk(it.item);
  });
  walk(qr.item);
  return res;
}

function diff(want, got) {
  const keys = [...new Set([...Object.keys(want), ...Object.keys(got)])].sort();
  return keys.filter((k) => JSON.stringify(want[k]) !== JSON.stringify(got[k]))
    .map((k) => `${k}: want ${JSON.stringify(want[k])} got ${JSON.stringify(got[k])}`);
}

// --- careguide's own page ----------------------------------------------------

// The form's page, or with `lang` its page in that language (/ur/forms/…).
async function careguidePage(id, lang = "") {
  const page = await context.newPage();
  const errors = watch(page);
  await page.goto(`${origin}/site/${lang ? lang + "/" : ""}forms/${id}/`);
  await page.waitForSelector("#form-actions button");
  return { page, errors };
}

function watch(page) {
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  return errors;
}

// Fill careguide's form as a person would, from the scenario.
async function careguideFill(page, answers) {
  for (const [linkId, list] of Object.entries(answers)) {
    const field = page.locator(`.field[data-link-id="${linkId}"]`);
    const type = await field.getAttribute("data-type");
    if (type === "table") {
      for (const [r, row] of list.entries()) {
        for (const [cell, vals] of Object.entries(row)) {
          await field.locator(`tbody tr[data-row="${r + 1}"] input[data-link-id="${cell}"]`).fill(vals[0].slice(7));
        }
      }
      continue;
    }
    for (const a of list) {
      const [kind, ...rest] = a.split(":");
      const v = rest.join(":");
      if (kind === "coding") {
        const [system, code] = [v.slice(0, v.lastIndexOf("|")), v.slice(v.lastIndexOf("|") + 1)];
        await field.locator(`input[data-system="${system}"][data-code="${code}"]`).check();
      } else if (kind === "boolean") {
        await field.locator(`input[value="${v === "true" ? "yes" : "no"}"]`).check();
      } else if (kind === "date") {
        const [y, m, d] = v.split("-");
        await field.locator('[data-part="day"]').fill(d);
        await field.locator('[data-part="month"]').fill(m);
        await field.locator('[data-part="year"]').fill(y);
      } else if (type === "nhs-number") {
        const boxes = field.locator("input");
        await boxes.nth(0).fill(v.slice(0, 3));
        await boxes.nth(1).fill(v.slice(3, 6));
        await boxes.nth(2).fill(v.slice(6));
      } else {
        await field.locator("input, textarea").first().fill(v);
      }
    }
  }
}

async function careguideSave(page, finished) {
  await page.locator("#form-finished").setChecked(finished);
  const download = page.waitForEvent("download", { timeout: 5000 });
  // The button's name in the page's language (form.html writes form.js's words).
  const name = (await page.locator("#form-actions").getAttribute("data-save-button")) || "Save my answers";
  await page.getByRole("button", { name }).click();
  const file = await download.catch(async () => {
    throw new Error("careguide did not save: " + (await page.locator(".form-status").textContent()));
  });
  return JSON.parse(fs.readFileSync(await file.path(), "utf8"));
}

async function careguideLoad(page, qr) {
  await page.locator('#form-actions input[type="file"]').setInputFiles({ name: "answers.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(qr)) });
  await page.waitForFunction(() => document.querySelector(".form-status").textContent.includes("loaded"));
  return page.locator(".form-status").textContent();
}

// What careguide's page shows, read from its inputs (not from its own save).
function careguideShown(page) {
  return page.evaluate(() => {
    const res = {};
    document.querySelectorAll(".field[data-link-id]").forEach((f) => {
      const id = f.dataset.linkId, type = f.dataset.type;
      const inputs = Array.from(f.querySelectorAll("input, textarea"));
      let list = [];
      if (type === "choice") list = inputs.filter((i) => i.checked).map((i) => "coding:" + i.dataset.system + "|" + i.dataset.code);
      else if (type === "yes-no") list = inputs.filter((i) => i.checked).map((i) => "boolean:" + (i.value === "yes"));
      else if (type === "date") {
        const p = (n) => f.querySelector(`[data-part="${n}"]`).value;
        if (p("year") || p("month") || p("day")) list = ["date:" + p("year") + "-" + p("month").padStart(2, "0") + "-" + p("day").padStart(2, "0")];
      } else if (type === "nhs-number") {
        const v = inputs.map((i) => i.value).join("");
        if (v) list = ["string:" + v];
      } else if (type === "table") {
        const rows = Array.from(f.querySelectorAll("tbody tr")).map((tr) => Object.fromEntries(Array.from(tr.querySelectorAll("input"))
          .filter((i) => i.value).map((i) => [i.dataset.linkId, ["string:" + i.value]]))).filter((r) => Object.keys(r).length);
        if (rows.length) res[id] = rows;
        return;
      } else if (inputs[0] && inputs[0].value) list = ["string:" + inputs[0].value];
      if (list.length) res[id] = list;
    });
    res._unmatched = Array.from(document.querySelectorAll(".field-unmatched, .field-error")).map((p) => p.textContent);
    return res;
  });
}

// --- LHC-Forms ------------------------------------------------------------------

async function lhcPage(q, qr) {
  const page = await context.newPage();
  const errors = watch(page);
  await page.goto(`${origin}/pages/lhc-forms.html`);
  await page.waitForFunction(() => window.LForms && LForms.Util && LForms.FHIR && LForms.FHIR.R4);
  await page.evaluate(([q, qr]) => {
    let def = q;
    if (qr) {
      // As the LHC-Forms web component does for its questionnaireResponse option.
      def = LForms.FHIR.R4.SDC.mergeQuestionnaireResponseToLForms(LForms.FHIR.R4.SDC.convertQuestionnaireToLForms(q), qr);
    }
    LForms.Util.addFormToPage(def, "renderer", { fhirVersion: "R4" });
  }, [q, qr || null]);
  await page.waitForSelector("lhc-item");
  return { page, errors };
}

const lhcItem = (page, linkId, n = 0) => page.locator(`lhc-item[id^="item-${linkId}/"]`).nth(n);
const lhcResponse = (page) => page.evaluate(() => LForms.Util.getFormFHIRData("QuestionnaireResponse", "R4", document.getElementById("renderer")));

async function lhcClick(page, linkId, a) {
  const item = lhcItem(page, linkId);
  const [kind, ...rest] = a.split(":");
  const v = rest.join(":");
  if (kind === "coding") await item.locator(`label[id$="|${v}"]`).first().click();
  else await item.locator(`label[id$="|${v}"]`).first().click();
}

async function lhcFill(page, q, answers) {
  const all = flatten(q.item);
  for (const it of all) {
    const list = answers[it.linkId];
    if (!list) continue;
    if (isTable(it)) {
      // LHC-Forms adds a row only once the last one has something in it.
      for (const [r, row] of list.entries()) {
        if (r > 0) await page.locator(`button[id^="add-${it.linkId}/"]`).first().click();
        for (const [cell, vals] of Object.entries(row)) {
          const input = lhcItem(page, cell, r).locator("input, textarea").first();
          await input.fill(vals[0].slice(7));
          await input.press("Tab");
        }
      }
      continue;
    }
    for (const a of list) {
      const [kind, ...rest] = a.split(":");
      const v = rest.join(":");
      if (kind === "coding" || kind === "boolean") await lhcClick(page, it.linkId, a);
      else if (kind === "date") {
        const [y, m, d] = v.split("-");
        const input = lhcItem(page, it.linkId).locator("input").first();
        await input.click();
        await input.fill(`${m}/${d}/${y}`);
        await input.press("Enter");
      } else {
        const input = lhcItem(page, it.linkId).locator("input, textarea").first();
        await input.fill(v);
        await input.press("Tab");
      }
    }
  }
}

// --- Smart Forms --------------------------------------------------------------

async function smartPage(q, qr) {
  const page = await context.newPage();
  const errors = watch(page);
  await page.goto(`${origin}/pages/smart-forms.html`);
  await page.waitForFunction(() => window.SmartForms);
  await page.evaluate(([q, qr]) => window.SmartForms.render(q, qr || undefined), [q, qr || null]);
  await page.waitForSelector("[data-linkid]");
  return { page, errors };
}

const smartBox = (page, linkId, n = 0) => page.locator(`[data-test$="-box"][data-linkid="${linkId}"]`).nth(n);
// Tick an option by clicking its label, as a person does.
async function smartTick(box, value) {
  const input = box.locator(`input[value="${value}"]`).first();
  const label = box.locator("label").filter({ has: box.page().locator(`input[value="${value}"]`) }).first();
  for (let tries = 0; tries < 3 && !(await input.isChecked()); tries++) {
    await label.click();
    for (let t = 0; t < 10 && !(await input.isChecked()); t++) await box.page().waitForTimeout(50);
  }
  if (!(await input.isChecked())) throw new Error(`Smart Forms did not tick ${value}`);
}
const smartResponse = (page) => page.evaluate(() => window.SmartForms.response());

async function smartFill(page, q, answers) {
  for (const it of flatten(q.item)) {
    const list = answers[it.linkId];
    if (!list) continue;
    if (isTable(it)) {
      // The rows and their "Add Item" button share the parent group's box.
      const group = page.locator(`[data-linkid="${it.parent ? it.parent.linkId : it.linkId}"]`).first();
      // Smart Forms enables "Add item" once the last row has something in it.
      for (const [r, row] of list.entries()) {
        if (r > 0) {
          // This table's own "Add Item": the nearest one around its rows.
          const add = await page.evaluateHandle((id) => {
            let el = document.querySelector(`[data-linkid="${id}"]`);
            while (el && !el.querySelector('[data-test="button-add-repeat-item"]')) el = el.parentElement;
            return el && el.querySelector('[data-test="button-add-repeat-item"]');
          }, it.linkId);
          await add.asElement().click();
        }
        for (const [cell, vals] of Object.entries(row)) {
          const input = group.locator(`[data-test="q-item-string-field"][data-linkid="${cell}"]`).nth(r).locator("textarea:not([aria-hidden]), input").first();
          await input.fill(vals[0].slice(7));
          await input.press("Tab");
        }
        await page.waitForTimeout(400);
      }
      continue;
    }
    const box = smartBox(page, it.linkId);
    for (const a of list) {
      const [kind, ...rest] = a.split(":");
      const v = rest.join(":");
      if (kind === "coding") await smartTick(box, v.slice(v.lastIndexOf("|") + 1));
      else if (kind === "boolean") await smartTick(box, v);
      else if (kind === "date") {
        const [y, m, d] = v.split("-");
        const input = box.locator("input").first();
        await input.fill(`${d}/${m}/${y}`);
        await input.press("Tab");
      } else {
        const input = box.locator("textarea:not([aria-hidden]), input").first();
        await input.fill(v);
        await input.press("Tab");
      }
      // Smart Forms stores typed text after a debounce; a person is slower.
      if (kind !== "coding" && kind !== "boolean") await page.waitForTimeout(350);
    }
  }
  // The renderer stores typed text after a short debounce.
  await page.waitForTimeout(600);
}

// --- checks ---------------------------------------------------------------------

const LHC_TYPES = { string: "ST", text: "TX", date: "DT", boolean: "BL", choice: "CODING", attachment: "attachment", group: "SECTION", display: "TITLE" };

// Every item is there with its type; every choice shows exactly its options.
// An item behind an enableWhen is checked once its condition is met.
async function itemProblem(name, page, it) {
  if (name === "LHC-Forms") {
    const el = lhcItem(page, it.linkId);
    if (!(await el.count())) return it.linkId + " missing";
    const cls = await el.getAttribute("class");
    if (it.type !== "display" && !cls.includes("lhc-datatype-" + LHC_TYPES[it.type])) return `${it.linkId}: type ${it.type} shown as ${cls.match(/lhc-datatype-\S+/)}`;
    if (it.type === "choice") {
      const got = await el.locator("label.lhc-answer").evaluateAll((ls) => ls.map((l) => l.id.split("|").slice(1).join("|") + "=" + l.textContent.trim()));
      const want = it.answerOption.map((o) => o.valueCoding.system + "|" + o.valueCoding.code + "=" + o.valueCoding.display);
      if (JSON.stringify(got) !== JSON.stringify(want)) return `${it.linkId}: options ${JSON.stringify(got)}`;
    }
    return null;
  }
  const el = page.locator(`[data-linkid="${it.linkId}"]`).first();
  if (!(await el.count())) {
    // A display item is shown as text only.
    if (it.type === "display" && (await page.getByText(it.text.split("\n")[0], { exact: false }).count())) return null;
    return it.linkId + " missing";
  }
  const test = (await el.getAttribute("data-test")) || "";
  if (it.type !== "display" && !test.includes("-" + it.type)) return `${it.linkId}: type ${it.type} shown as ${test}`;
  if (it.type === "choice") {
    const got = await el.locator("label").evaluateAll((ls) => ls.filter((l) => l.querySelector("input")).map((l) => l.querySelector("input").value + "=" + l.textContent.trim()));
    const want = it.answerOption.map((o) => o.valueCoding.code + "=" + o.valueCoding.display);
    if (JSON.stringify(got) !== JSON.stringify(want)) return `${it.linkId}: options ${JSON.stringify(got)}`;
  }
  return null;
}

async function rendersItems(name, page, q) {
  const bad = [];
  let n = 0;
  for (const it of flatten(q.item)) {
    if (it.type === "display" && it.linkId.includes(":")) continue; // intros and help texts
    if (it.enableWhen) continue; // checked in conditions()
    n++;
    const problem = await itemProblem(name, page, it);
    if (problem) bad.push(problem);
  }
  return { n, bad };
}

// Each enableWhen, driven by clicking its question on one rendered form:
// hidden before, shown after the enabling answer (and then rendered with its
// type and options), hidden again after another answer, which leaves the
// next condition's item hidden to start with.
async function conditions(name, open, q) {
  const items = flatten(q.item).filter((it) => it.enableWhen);
  const bad = [];
  const { page } = await open();
  for (const it of items) {
    const w = it.enableWhen[0];
    const target = flatten(q.item).find((t) => t.linkId === w.question);
    const on = "answerCoding" in w ? "coding:" + w.answerCoding.system + "|" + w.answerCoding.code : "boolean:" + w.answerBoolean;
    const offOpt = target.type === "boolean" ? "boolean:" + !w.answerBoolean
      : target.answerOption.map((o) => "coding:" + o.valueCoding.system + "|" + o.valueCoding.code).find((c) => c !== on);
    const shown = async () => name === "LHC-Forms" ? (await lhcItem(page, it.linkId).count()) > 0
      : (await page.locator(`[data-linkid="${it.linkId}"]`).count()) > 0;
    const click = (a) => name === "LHC-Forms" ? lhcClick(page, target.linkId, a)
      : smartTick(smartBox(page, target.linkId), a.startsWith("boolean:") ? a.slice(8) : a.slice(a.lastIndexOf("|") + 1));
    try {
      const before = await shown();
      await click(on);
      await page.waitForTimeout(150);
      const after = await shown();
      const problem = after ? await itemProblem(name, page, it) : null;
      if (problem) bad.push(problem);
      await click(offOpt);
      await page.waitForTimeout(150);
      const off = await shown();
      if (before || !after || off) bad.push(`${it.linkId} (${w.question} = ${on}): before ${before}, after ${after}, other answer ${off}`);
    } catch (e) {
      bad.push(`${it.linkId} (${w.question} = ${on}): before ?, ${e.message.split("\n")[0]}`);
    }
  }
  await page.close();
  return { n: items.length, bad };
}

function save(name, json) {
  fs.writeFileSync(path.join(out, name), JSON.stringify(json, null, 2));
}

// --- the run --------------------------------------------------------------------

const forms = fs.readdirSync(path.join(site, "forms")).filter((d) => fs.existsSync(path.join(site, "forms", d, "questionnaire.json")) && d.includes(only)).sort();
const summary = [];
for (const id of forms) {
  const q = JSON.parse(fs.readFileSync(path.join(site, "forms", id, "questionnaire.json"), "utf8"));
  save(`${id}.questionnaire.json`, q);
  const csFile = path.join(site, "forms", id, "codesystem.json");
  if (fs.existsSync(csFile)) save(`${id}.codesystem.json`, JSON.parse(fs.readFileSync(csFile, "utf8")));
  const want = scenario(q);
  const row = { id, answered: Object.keys(want).length };
  console.log(`\n== ${id}: ${flatten(q.item).length} items, scenario answers ${row.answered}`);

  for (const [name, open] of [["LHC-Forms", () => lhcPage(q)], ["Smart Forms", () => smartPage(q)]]) {
    const { page, errors } = await open();
    const r = await rendersItems(name, page, q);
    await page.close();
    const c = await conditions(name, open, q);
    // Items behind a condition are counted as rendered in conditions().
    r.n += c.n;
    r.bad.push(...c.bad.filter((b) => !b.includes("before ")));
    c.bad = c.bad.filter((b) => b.includes("before "));
    row[name] = { items: `${r.n - r.bad.length}/${r.n}`, conditions: `${c.n - c.bad.length}/${c.n}`, consoleErrors: errors.length };
    (r.bad.length ? fail : ok)(`${id} ${name}: ${r.n - r.bad.length}/${r.n} items render with their type and options${r.bad.length ? "\n     " + r.bad.join("\n     ") : ""}`);
    (c.bad.length ? fail : ok)(`${id} ${name}: ${c.n - c.bad.length}/${c.n} enableWhen conditions work by clicking${c.bad.length ? "\n     " + c.bad.join("\n     ") : ""}`);
    (errors.length ? fail : ok)(`${id} ${name}: ${errors.length} console errors on render${errors.length ? "\n     " + errors.join("\n     ") : ""}`);
  }

  // careguide's own save of the scenario.
  const cg = await careguidePage(id);
  let saved;
  try {
    await careguideFill(cg.page, want);
    saved = await careguideSave(cg.page, true);
    save(`${id}.careguide.response.json`, saved);
    const d = diff(want, flat(saved, q));
    (d.length ? fail : ok)(`${id} careguide save: ${d.length ? d.join("; ") : "exact"}`);
  } catch (e) {
    fail(`${id} careguide save: ${e.message.split("\n").slice(0, 3).join(" ")}`);
  }
  await cg.page.close();

  const trips = [
    ["careguide -> LHC-Forms", async () => {
      const { page, errors } = await lhcPage(q, saved);
      const got = await lhcResponse(page);
      save(`${id}.careguide-to-lhc.response.json`, got);
      await page.close();
      return { got: flat(got, q), errors };
    }],
    ["LHC-Forms -> careguide", async () => {
      const { page, errors } = await lhcPage(q);
      await lhcFill(page, q, want);
      const qr = await lhcResponse(page);
      save(`${id}.lhc.response.json`, qr);
      await page.close();
      const lhcDiff = diff(want, flat(qr, q));
      if (lhcDiff.length) return { got: flat(qr, q), errors, note: "LHC-Forms itself: " + lhcDiff.join("; ") };
      const cgp = await careguidePage(id);
      const status = await careguideLoad(cgp.page, qr);
      const shown = await careguideShown(cgp.page);
      await cgp.page.close();
      const unmatched = shown._unmatched;
      delete shown._unmatched;
      return { got: shown, errors: errors.concat(cgp.errors, unmatched), status };
    }],
    ["careguide -> Smart Forms", async () => {
      const { page, errors } = await smartPage(q, saved);
      const got = await smartResponse(page);
      save(`${id}.careguide-to-smart.response.json`, got);
      await page.close();
      return { got: flat(got, q), errors };
    }],
    ["Smart Forms -> careguide", async () => {
      const { page, errors } = await smartPage(q);
      await smartFill(page, q, want);
      const qr = await smartResponse(page);
      save(`${id}.smart.response.json`, qr);
      await page.close();
      const smartDiff = diff(want, flat(qr, q));
      if (smartDiff.length) return { got: flat(qr, q), errors, note: "Smart Forms itself: " + smartDiff.join("; ") };
      const cgp = await careguidePage(id);
      const status = await careguideLoad(cgp.page, qr);
      const shown = await careguideShown(cgp.page);
      await cgp.page.close();
      const unmatched = shown._unmatched;
      delete shown._unmatched;
      return { got: shown, errors: errors.concat(cgp.errors, unmatched), status };
    }],
  ];
  // The same answers saved from the form's page in each other language must
  // reach the renderers unchanged: only the words a reader sees differ.
  const langs = fs.readdirSync(site).filter((d) => fs.existsSync(path.join(site, d, "forms", id, "index.html"))).sort();
  for (const lang of langs) {
    const page = await careguidePage(id, lang);
    let inLang;
    try {
      await careguideFill(page.page, want);
      inLang = await careguideSave(page.page, true);
      save(`${id}.careguide-${lang}.response.json`, inLang);
    } catch (e) {
      fail(`${id} careguide (${lang}) save: ${e.message.split("\n").slice(0, 3).join(" ")}`);
    }
    await page.page.close();
    if (!inLang) continue;
    trips.push(
      [`careguide (${lang}) save`, async () => ({ got: flat(inLang, q), errors: page.errors })],
      [`careguide (${lang}) -> LHC-Forms`, async () => {
        const { page: p, errors } = await lhcPage(q, inLang);
        const got = await lhcResponse(p);
        await p.close();
        return { got: flat(got, q), errors };
      }],
      [`careguide (${lang}) -> Smart Forms`, async () => {
        const { page: p, errors } = await smartPage(q, inLang);
        const got = await smartResponse(p);
        await p.close();
        return { got: flat(got, q), errors };
      }],
    );
  }
  row.trips = {};
  for (const [name, run] of trips) {
    try {
      const { got, errors, note, status } = await run();
      const d = diff(want, got);
      const exact = !d.length && !errors.length && !note;
      if (note) d.length = 0;
      row.trips[name] = exact ? "exact" : "NOT exact";
      (exact ? ok : fail)(`${id} ${name}: ${exact ? "exact (" + Object.keys(want).length + " answered items)" : [note, ...d, ...errors.map((e) => "error: " + e)].filter(Boolean).join("; ")}${status ? " — careguide said: " + status : ""}`);
    } catch (e) {
      row.trips[name] = "FAILED";
      fail(`${id} ${name}: ${e.message.split("\n").slice(0, 3).join(" ")}`);
    }
  }
  summary.push(row);
}

await close();
server.close();
console.log("\nSummary");
for (const r of summary) {
  console.log(`${r.id}: scenario ${r.answered} answered items`);
  for (const n of ["LHC-Forms", "Smart Forms"]) console.log(`  ${n}: items ${r[n].items}, conditions ${r[n].conditions}, console errors ${r[n].consoleErrors}`);
  console.log("  " + Object.entries(r.trips).map(([k, v]) => `${k}: ${v}`).join(" | "));
}
if (external.length) fail("requests to other hosts were made (and refused): " + [...new Set(external)].join(", "));
console.log(failures ? `\n${failures} failed` : "\nall passed");
process.exit(failures ? 1 : 0);
