// careguide's own form page (static/js/form.js) never changes or silently
// drops an answer: checked in Debian's chromium on the built site.
//   node form-safety.mjs SITE_DIR [SHOTS_DIR]
// With SHOTS_DIR, saves screenshots at 1280 and 390 px of a filled form, an
// error shown on save and an unmatched loaded answer.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serve, launch } from "../lib.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const site = path.resolve(process.argv[2] || path.join(here, "..", "..", "..", "public"));
const shots = process.argv[3] ? path.resolve(process.argv[3]) : null;
if (shots) fs.mkdirSync(shots, { recursive: true });
const { server, origin } = await serve(site);
const { context, close } = await launch({ acceptDownloads: true });
let failures = 0;
const check = (cond, what, detail = "") => {
  if (cond) console.log("ok   " + what);
  else { failures++; console.log("FAIL " + what + (detail ? "\n     " + detail : "")); }
};

const UCP = "/forms/urgent-care-plan-summary/";
const OWN = (id) => `https://careguide.example.org/forms/${id}/codesystem.json`;

async function open(url, width = 1280) {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 900 });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(origin + url);
  await page.waitForSelector("#form-actions button");
  return { page, errors };
}

const field = (page, id) => page.locator(`.field[data-link-id="${id}"]`);
async function date(page, id, d, m, y) {
  const f = field(page, id);
  await f.locator('[data-part="day"]').fill(d);
  await f.locator('[data-part="month"]').fill(m);
  await f.locator('[data-part="year"]').fill(y);
}
async function nhs(page, id, v) {
  const boxes = field(page, id).locator("input");
  await boxes.nth(0).fill(v.slice(0, 3));
  await boxes.nth(1).fill(v.slice(3, 6));
  await boxes.nth(2).fill(v.slice(6));
}
// Press "Save my answers": the saved response, or null when nothing was saved.
async function save(page) {
  const download = page.waitForEvent("download", { timeout: 1500 }).catch(() => null);
  await page.getByRole("button", { name: "Save my answers" }).click();
  const file = await download;
  return file ? JSON.parse(fs.readFileSync(await file.path(), "utf8")) : null;
}
async function load(page, qr) {
  await page.locator('#form-actions input[type="file"]').setInputFiles({ name: "a.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(qr)) });
  await page.waitForFunction(() => /loaded|could not/.test(document.querySelector(".form-status").textContent));
}
const errorText = (page, id) => field(page, id).locator(".field-error").allTextContents();
const status = (page) => page.locator(".form-status").textContent();
const answersOf = (qr, id) => {
  let found = null;
  const walk = (items) => (items || []).forEach((it) => { if (it.linkId === id) found = it.answer; walk(it.item); });
  walk(qr.item);
  return found;
};
async function shot(page, name, selector) {
  if (!shots) return;
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    if (selector) await page.locator(selector).first().evaluate((e) => e.scrollIntoView({ block: "center" }));
    const file = path.join(shots, `${name}-${width}.png`);
    await page.screenshot({ path: file, fullPage: false });
    console.log("     screenshot " + file);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

// 1. What the Questionnaire forbids is refused, beside the field, not dropped.
{
  const { page, errors } = await open(UCP);
  await field(page, "name").locator("input").fill("Joan Example");
  await nhs(page, "nhs-number", "943476591"); // 9 digits
  await date(page, "dob", "31", "02", "2026"); // does not exist
  await date(page, "cpr-decision-date", "", "04", "1938"); // partial
  check((await save(page)) === null, "an impossible date, a partial date and a 9-digit NHS number stop the save");
  const dob = await errorText(page, "dob");
  check(dob.some((t) => t.includes("This date does not exist: 31/02/2026")), "31/02/2026 is refused beside the date", JSON.stringify(dob));
  const partial = await errorText(page, "cpr-decision-date");
  check(partial.some((t) => t.includes("Enter the day, month and year")), "a partial date is refused beside the date", JSON.stringify(partial));
  const n = await errorText(page, "nhs-number");
  check(n.some((t) => t.includes("An NHS number has 10 digits; this has 9")), "a 9-digit NHS number is refused beside it", JSON.stringify(n));
  check((await status(page)).startsWith("Your answers were not saved."), "the status says nothing was saved", await status(page));
  check(await field(page, "dob").locator("input").first().getAttribute("aria-invalid") === "true", "the date's boxes are marked aria-invalid");
  await shot(page, "error-on-save", '.field[data-link-id="dob"]');
  await nhs(page, "nhs-number", "9434765918"); // fails Modulus 11
  await save(page);
  const mod = await errorText(page, "nhs-number");
  check(mod.some((t) => t.includes("not a valid NHS number: 9434765918")), "an NHS number failing Modulus 11 is refused", JSON.stringify(mod));
  check(errors.length === 0, "no script errors", errors.join("; "));
  await page.close();
}

// 2. Finished or not is the person's choice; required answers only then.
{
  const { page } = await open(UCP);
  await field(page, "name").locator("input").fill("Joan Example");
  await nhs(page, "nhs-number", "9434765919");
  await page.locator("#form-finished").check();
  check((await save(page)) === null, "marked finished with required answers missing: not saved");
  check((await errorText(page, "dob")).some((t) => t.includes("Answer this question")), "a missing required answer is named beside it");
  await page.locator("#form-finished").uncheck();
  // A conditional question answered while its condition is not met.
  await field(page, "lpa-name").locator("input").fill("Sam Example");
  const qr = await save(page);
  check(qr && qr.status === "in-progress", "not finished: saved as in-progress", JSON.stringify(qr && qr.status));
  check(qr && typeof qr.authored === "string" && !Number.isNaN(Date.parse(qr.authored)), "authored is set");
  check(qr && qr.subject && qr.subject.identifier.system === "https://fhir.nhs.uk/Id/nhs-number" && qr.subject.identifier.value === "9434765919",
    "subject.identifier carries the NHS number", JSON.stringify(qr && qr.subject));
  check(qr && answersOf(qr, "lpa-name") === null, "an answer to a question that does not apply is not saved");
  check((await status(page)).includes("Not saved, because they did not apply: ‘Name of attorney’"), "… and the person is told which", await status(page));
  check((await field(page, "lpa-name").locator(".field-skipped").count()) === 1, "… beside the question too");
  await page.close();
}

// 3. Loading never ticks a different option; what fits nowhere is shown.
{
  const { page, errors } = await open(UCP);
  const rows = [1, 2, 3, 4, 5].map((r) => ({ linkId: "key-contacts", item: [{ linkId: "key-contacts.name", answer: [{ valueString: "Contact " + r }] }] }));
  const qr = {
    resourceType: "QuestionnaireResponse", status: "completed",
    item: [
      { linkId: "person", item: [
        { linkId: "name", answer: [{ valueString: "Joan Example" }] },
        { linkId: "dob", answer: [{ valueDate: "1938-04" }] },
      ] },
      // LHC-Forms echoes the code's own display; the code decides.
      { linkId: "cpr", item: [{ linkId: "cpr-decision", answer: [{ valueCoding: { system: "http://snomed.info/sct", code: "450476008", display: "Something else" } }] }] },
      // An uncoded answer (as the old careguide saved) and an unknown code.
      { linkId: "ceiling", item: [{ linkId: "ceiling-of-treatment", answer: [{ valueString: "Comfort care only" }] }] },
      { linkId: "preferences", item: [
        { linkId: "place-of-care", answer: [{ valueCoding: { system: OWN("urgent-care-plan-summary"), code: "at-home", display: "At home" } }] },
        { linkId: "place-of-death", answer: [{ valueCoding: { code: "hospice", display: "Hospice" } }] },
      ] },
      { linkId: "contacts", item: rows },
    ],
  };
  await load(page, qr);
  const checkedIn = (id) => field(page, id).locator("input:checked").count();
  check(await field(page, "cpr-decision").locator('input[data-code="450476008"]').isChecked(), "a coded answer ticks the option with its system and code");
  check((await checkedIn("ceiling-of-treatment")) === 0, "an uncoded saved answer ticks no option");
  check((await checkedIn("place-of-care")) === 0, "an unknown code ticks no option");
  check((await checkedIn("place-of-death")) === 0, "a code without its system ticks no option");
  const unmatched = await field(page, "ceiling-of-treatment").locator(".field-unmatched").allTextContents();
  check(unmatched.some((t) => t.startsWith("This saved answer does not match any option: Comfort care only")), "… and is shown beside the question", JSON.stringify(unmatched));
  check((await field(page, "place-of-care").locator(".field-unmatched").textContent()).includes("At home (code at-home)"), "an unknown code is shown with its code");
  check((await errorText(page, "dob")).some((t) => t.includes("not complete (1938-04)")), "a partial saved date is flagged");
  const names = await field(page, "key-contacts").locator('input[data-link-id="key-contacts.name"]').evaluateAll((is) => is.map((i) => i.value));
  check(names.filter(Boolean).length === 5 && names[4] === "Contact 5", "a table grows to hold 5 saved rows", JSON.stringify(names));
  check((await status(page)).includes("some need checking"), "the status says answers need checking", await status(page));
  check(await page.locator("#form-finished").isChecked(), "a completed response loads as finished");
  check(errors.length === 0, "no script errors", errors.join("; "));
  await shot(page, "unmatched-loaded-answer", '.field[data-link-id="ceiling-of-treatment"]');
  await page.close();
}

// 4. A filled form, saved and loaded back exactly; the patient form's actions.
{
  const { page } = await open(UCP);
  await field(page, "name").locator("input").fill("Joan Example");
  await nhs(page, "nhs-number", "9434765919");
  await date(page, "dob", "3", "11", "1941");
  await field(page, "cpr-decision").locator('input[data-code="450476008"]').check();
  await field(page, "ceiling-of-treatment").locator('input[data-code="treatment-where-they-live"]').check();
  await field(page, "place-of-death").locator('input[data-code="usual-home"]').check();
  await field(page, "has-lpa").locator('input[value="yes"]').check();
  await field(page, "lpa-name").locator("input").fill("Sam Example");
  const qr = await save(page);
  check(!!qr, "a valid filled form saves");
  await page.locator("#acp-form").evaluate((f) => f.reset());
  await load(page, qr);
  check(await field(page, "ceiling-of-treatment").locator('input[data-code="treatment-where-they-live"]').isChecked()
    && await field(page, "place-of-death").locator('input[data-code="usual-home"]').isChecked()
    && (await field(page, "lpa-name").locator("input").inputValue()) === "Sam Example",
  "saved and loaded back, every answer is where it was");
  await shot(page, "form-filled", '.field[data-link-id="cpr-decision"]');
  await page.close();
}
{
  const { page } = await open("/forms/my-wishes/");
  const main = await page.locator("#form-actions").innerText();
  check(!main.includes("FHIR"), "a patient form's actions do not offer the FHIR Questionnaire");
  check(!(await page.locator(".form-fhir a").isVisible()), "… its FHIR link is tucked away for staff");
  const about = await page.locator("#form-save-about").textContent();
  check(about.includes("makes a file with your answers") && about.includes("not sent to us"), "‘Save my answers’ says what the file is and that it stays on the device", about);
  await shot(page, "patient-actions", "#form-actions");
  await page.close();
}

await close();
server.close();
console.log(failures ? `${failures} failed` : "all passed");
process.exit(failures ? 1 : 0);
