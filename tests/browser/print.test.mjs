// Every form printed to PDF by Debian's chromium, blank and filled in on
// screen, then read back page by page with pdftotext (poppler-utils): what
// a clinician holds in their hand.
//
//   node --test print.test.mjs          tests ../../public
//   CAREGUIDE_SITE=/path/to/public node --test print.test.mjs
//   KEEP_PDF=/tmp/pdfs node --test print.test.mjs   also keeps the PDFs
//
// Per page it checks: A4; the running head (form title and version); the
// person's identifiers (name, NHS number and date of birth: the labels on a
// blank print, the typed values on a filled one); "Page N of M". Per form:
// each "If yes" follow-up on the same page as its question, each section
// heading on the same page as its first field, a section with a signature
// (the CPR decision with its reasons and signature block) on one page, and
// the urgent care plan summary on at most two sides of A4.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { siteDir, serve, launch } from "./lib.mjs";

const root = siteDir();
const forms = fs
  .readdirSync(path.join(root, "forms"), { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, "forms", d.name, "index.html")))
  .map((d) => d.name)
  .sort();
// Sheets each form may take (the urgent care plan summary is a two-sided
// A4 summary, like other emergency care plans); any other form at most 4.
const MAX_PAGES = { "urgent-care-plan-summary": 2 };
const keep = process.env.KEEP_PDF;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "careguide-print-"));
let origin, server, context, close;

before(async () => {
  ({ server, origin } = await serve(root));
  ({ context, close } = await launch());
  if (keep) fs.mkdirSync(keep, { recursive: true });
});
after(async () => {
  await close?.();
  server?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

const PERSON = { name: "Joan Example", nhs: ["943", "476", "5919"], dob: ["03", "11", "1941"] };

// Fills every field as a clinician would on screen, through input and change
// events (so the page's scripts react as they do to typing): the person's
// identifiers, each yes-no and choice answered the way that shows its
// follow-ups, every text box, every table row, long text in text areas.
function fillEverything(person) {
  const form = document.getElementById("acp-form");
  const fire = (el) => {
    el.dispatchEvent(new Event("input", { bubbles: true }));
    el.dispatchEvent(new Event("change", { bubbles: true }));
  };
  const wanted = {};
  form.querySelectorAll(".field[data-show-if]").forEach((f) => {
    wanted[f.dataset.showIf] = wanted[f.dataset.showIf] || f.dataset.showValue;
  });
  form.querySelectorAll(".field[data-link-id]").forEach((f, n) => {
    const id = f.dataset.linkId;
    const type = f.dataset.type;
    if (type === "text" || type === "phone") {
      const input = f.querySelector("input");
      input.value = f.dataset.identity === "name" ? person.name : type === "phone" ? "020 7946 0" + String(n).padStart(3, "0") : "Answer " + n;
      fire(input);
    } else if (type === "textarea") {
      const t = f.querySelector("textarea");
      t.value = `Written answer ${n}: ` + "the person explained this in their own words, and it was agreed. ".repeat(2).trim();
      fire(t);
    } else if (type === "date") {
      const parts = f.dataset.identity === "dob" ? person.dob : ["01", "02", "2026"];
      ["day", "month", "year"].forEach((p, i) => {
        const input = f.querySelector(`[data-part="${p}"]`);
        input.value = parts[i];
        fire(input);
      });
    } else if (type === "nhs-number") {
      f.querySelectorAll("input").forEach((input, i) => {
        input.value = person.nhs[i];
        fire(input);
      });
    } else if (type === "yes-no" || type === "choice") {
      const inputs = [...f.querySelectorAll("input")];
      const pick = inputs.find((i) => i.value === wanted[id]) || inputs[0];
      pick.checked = true;
      fire(pick);
    } else if (type === "table") {
      f.querySelectorAll("tbody input").forEach((input, i) => {
        input.value = "Cell " + (i + 1);
        fire(input);
      });
    }
  });
}

// What the checks need from the page as it prints: per section its heading
// and the labels of its visible fields, and the visible follow-ups.
function printedStructure() {
  const text = (el) => (el ? el.firstChild.textContent : "").trim();
  const label = (f) => text(f.querySelector(".field-label"));
  const visible = (f) => !f.hidden && getComputedStyle(f).display !== "none" && f.offsetParent !== null;
  const sections = [...document.querySelectorAll(".form-section")].map((s) => ({
    title: text(s.querySelector(".form-section-title")),
    keep: s.classList.contains("keep-together"),
    fields: [...s.querySelectorAll(".field[data-link-id]")].filter(visible).map(label).filter(Boolean),
  }));
  const followUps = [...document.querySelectorAll(".field[data-show-if]")]
    .filter(visible)
    .map((f) => {
      const q = document.querySelector(`.field[data-link-id="${CSS.escape(f.dataset.showIf)}"]`);
      return { question: label(q), followUp: label(f) };
    });
  const title = document.querySelector(".form-title").textContent.trim();
  const version = document.getElementById("acp-form").dataset.formVersion;
  return { title, version, sections, followUps };
}

// Letters and digits only, lower case: pdftotext breaks lines (and words
// at hyphens) wherever the page did.
const squash = (s) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
// A label is found by its first 30 letters and digits, so a long label
// broken across lines, or interleaved with a neighbouring column, still is.
const key = (label) => squash(label).slice(0, 30);

function pdfPages(file) {
  const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
  const count = Number(/^Pages:\s+(\d+)/m.exec(info)[1]);
  const a4 = /^Page size:.*\(A4\)/m.test(info);
  const pages = [];
  for (let n = 1; n <= count; n++) {
    // -raw: the order the page painted its text in (the document's order),
    // so a label broken over two lines next to another column stays whole.
    pages.push(execFileSync("pdftotext", ["-raw", "-f", String(n), "-l", String(n), file, "-"], { encoding: "utf8" }));
  }
  return { count, a4, pages };
}

async function print(form, filled, ctx = context) {
  const page = await ctx.newPage();
  await page.goto(`${origin}/forms/${form}/`, { waitUntil: "load" });
  if (filled) await page.evaluate(fillEverything, PERSON);
  // page.pdf() prints as the browser's Print does: beforeprint and
  // afterprint fire, and the page's @page size, margins and margin boxes apply.
  await page.emulateMedia({ media: "print" });
  const structure = await page.evaluate(printedStructure);
  await page.emulateMedia({ media: null });
  const file = path.join(work, `${form}-${filled ? "filled" : "blank"}${ctx === context ? "" : "-nojs"}.pdf`);
  await page.pdf({ path: file, preferCSSPageSize: true, printBackground: true });
  await page.close();
  if (keep) fs.copyFileSync(file, path.join(keep, path.basename(file)));
  return { structure, ...pdfPages(file) };
}

/** Pages (1-based) whose text holds `label`. */
const pagesWith = (pages, label) =>
  pages.flatMap((text, i) => (squash(text).includes(key(label)) ? [i + 1] : []));

function checkPrint(form, filled, { structure, count, a4, pages }) {
  const problems = [];
  const what = `${form} (${filled ? "filled on screen" : "blank"})`;
  if (!a4) problems.push(`${what}: not A4`);
  const max = MAX_PAGES[form] ?? 4;
  if (count > max) problems.push(`${what}: ${count} pages, at most ${max} allowed`);
  pages.forEach((text, i) => {
    const n = i + 1;
    const flat = squash(text);
    const need = [
      [structure.title, "form title"],
      [`Version ${structure.version}`, "version"],
      [`Page ${n} of ${count}`, `"Page ${n} of ${count}"`],
    ];
    for (const [words, label] of need) {
      if (!flat.includes(squash(words))) problems.push(`${what} page ${n}: no ${label}`);
    }
    // The identifier strip, in its order: boxes to fill on a blank print,
    // the values typed on screen on a filled one.
    const strip = filled
      ? ["Name", PERSON.name, "NHS number", ...PERSON.nhs, "Date of birth", ...PERSON.dob]
      : ["Name", "NHS number", "Date of birth", "DD", "MM", "YYYY"];
    if (!flat.includes(strip.map(squash).join(""))) {
      problems.push(`${what} page ${n}: no identifiers (${strip.join(" ")})`);
    }
  });
  for (const { question, followUp } of structure.followUps) {
    const q = pagesWith(pages, question);
    const f = pagesWith(pages, followUp);
    if (!q.length || !f.length) problems.push(`${what}: "${question}" or its follow-up "${followUp}" not found in the PDF`);
    else if (!q.some((p) => f.includes(p))) {
      problems.push(`${what}: "${question}" (page ${q}) and its follow-up "${followUp}" (page ${f}) are on different pages`);
    }
  }
  for (const s of structure.sections) {
    if (!s.fields.length) continue;
    const heading = pagesWith(pages, s.title);
    const first = pagesWith(pages, s.fields[0]);
    if (!heading.some((p) => first.includes(p))) {
      problems.push(`${what}: heading "${s.title}" (page ${heading}) is not on the page of its first field "${s.fields[0]}" (page ${first})`);
    }
    if (s.keep) {
      const common = s.fields.reduce((acc, label) => acc.filter((p) => pagesWith(pages, label).includes(p)), heading);
      if (!common.length) problems.push(`${what}: section "${s.title}" with its signature is split across pages`);
    }
  }
  return problems;
}

for (const form of forms) {
  for (const filled of [false, true]) {
    test(`${form} prints ${filled ? "filled in on screen" : "blank"}: A4, identifiers and page numbers on every page, nothing split`, async () => {
      const result = await print(form, filled);
      console.log(`# ${form} ${filled ? "filled" : "blank"}: ${result.count} A4 pages`);
      const problems = checkPrint(form, filled, result);
      assert.deepEqual(problems, []);
    });
  }
}

test("the urgent care plan summary's CPR decision prints with its reasons and the clinician's signature block", async () => {
  for (const filled of [false, true]) {
    const { pages } = await print("urgent-care-plan-summary", filled);
    const parts = [
      "CPR decision", "Clinical reasons for the decision", "Name of the clinician responsible",
      "Designation", "Professional registration number", "Date of decision", "Signature",
    ];
    const where = parts.map((p) => pagesWith(pages, p));
    const together = where.reduce((acc, ps) => acc.filter((p) => ps.includes(p)));
    assert.ok(together.length > 0, `CPR parts on pages ${JSON.stringify(where)} (${filled ? "filled" : "blank"})`);
  }
});

test("without JavaScript every form still prints the identifier boxes on every page, and the fields on page 1", async () => {
  const noJs = await launch({ javaScriptEnabled: false });
  try {
    for (const form of forms) {
      const result = await print(form, false, noJs.context);
      const problems = checkPrint(form, false, result);
      // The strip cannot be filled without the script, so the fields it
      // would copy stay on the first page.
      const first = squash(result.pages[0]);
      const strip = "namenhsnumberdateofbirth";
      const after = first.slice(first.indexOf(strip) + strip.length);
      if (!after.includes("nhsnumber")) problems.push(`${form}: NHS number field not on page 1 without JavaScript`);
      assert.deepEqual(problems, []);
    }
  } finally {
    await noJs.close();
  }
});
