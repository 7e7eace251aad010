// The copy made by `careguide build --offline`, opened straight from disk
// (file://) as a care home would from a USB stick or shared drive: every
// header link and every home-page link lands on a careguide page (never a
// folder listing), search gives results or a link within 10 s, a form page
// loads its script and a print view shows its Print button.
//
// The copy is CAREGUIDE_OFFLINE_SITE when set; otherwise this test builds
// one of the repository's site with `cargo run -- build --offline`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { launch, offlineSite } from "./lib.mjs";

let dir, made, context, close;

before(async () => {
  ({ dir, made } = offlineSite());
  ({ context, close } = await launch());
  console.log(`# offline copy at ${dir}`);
});
after(async () => {
  await close?.();
  if (made) fs.rmSync(made, { recursive: true, force: true });
});

const home = () => pathToFileURL(path.join(dir, "index.html")).href;

/** What a page opened from disk is: a careguide page has the skip link and a <main>. */
async function landed(page) {
  return page.evaluate(() => ({
    main: !!document.querySelector("main#main-content"),
    header: !!document.querySelector(".site-header"),
    listing: /^Index of /.test(document.title) || !!document.querySelector("#parentDirLinkBox, .dir-listing"),
    title: document.title,
  }));
}

test("every header link and home-page link of the offline copy opens a careguide page from file://", async () => {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
  await page.goto(home(), { waitUntil: "load" });
  // Every internal link (file:) on the home page (header, main area,
  // footer), in-page anchors left out.
  const links = await page.evaluate(() =>
    [...new Set([...document.querySelectorAll("a[href]")].map((a) => a.href.split("#")[0]))].filter(
      (h) => h.startsWith("file:") && h !== location.href.split("#")[0],
    ),
  );
  assert.ok(links.length >= 10, `the home page has header and main links (found ${links.length})`);
  const failed = [];
  let ok = 0;
  for (const href of links) {
    const u = new URL(href);
    const file = decodeURIComponent(u.pathname);
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      failed.push(`${href}: names ${fs.existsSync(file) ? "a folder" : "nothing on disk"}`);
      continue;
    }
    if (!file.endsWith(".html")) {
      ok++; // a file, such as feed.xml: it is there
      continue;
    }
    await page.goto(href, { waitUntil: "load" });
    const got = await landed(page);
    if (got.main && got.header && !got.listing) ok++;
    else failed.push(`${href}: ${JSON.stringify(got)}`);
  }
  await page.close();
  console.log(`# offline: ${ok}/${links.length} home-page links (header, main, footer) landed on a careguide page or file`);
  assert.deepEqual(failed, []);
  assert.deepEqual(errors, [], "no script errors");
});

test("search from the offline copy's header box gives results within 10 s", async () => {
  const page = await context.newPage();
  await page.goto(home(), { waitUntil: "load" });
  const box = page.locator("header input[name=q]");
  assert.equal(await box.count(), 1, "the header has a search box");
  await box.fill("attorney");
  await box.press("Enter");
  await page.waitForURL(/search\/index\.html\?q=attorney/, { timeout: 10000 });
  await page.waitForSelector(".search-result a, #search-results a[href*='a-z']", { timeout: 10000 });
  const results = await page.$$eval(".search-result a", (as) => as.map((a) => a.href));
  console.log(`# offline search: "attorney" gives ${results.length} results`);
  assert.ok(results.length > 0, "results, not only the A to Z link");
  assert.ok(results.some((h) => h.endsWith("guide/lpa/index.html")), "the lasting power of attorney page is found");
  await page.goto(results[0], { waitUntil: "load" });
  assert.ok((await landed(page)).main, "a result opens a page");

  // No match: a message with the A to Z, never a spinner.
  await page.goto(pathToFileURL(path.join(dir, "search", "index.html")).href + "?q=xylophone", { waitUntil: "load" });
  await page.waitForSelector("#search-results a[href$='a-z/index.html']", { timeout: 10000 });
  await page.close();
});

test("a form fills, saves and loads, and a print view shows its Print button, from file://", async () => {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const forms = fs.existsSync(path.join(dir, "forms")) ? fs.readdirSync(path.join(dir, "forms"), { withFileTypes: true }).filter((d) => d.isDirectory()) : [];
  if (forms.length) {
    await page.goto(pathToFileURL(path.join(dir, "forms", forms[0].name, "index.html")).href, { waitUntil: "load" });
    assert.ok((await landed(page)).main);
    const input = page.locator("#acp-form input[type=text], #acp-form textarea").first();
    await input.fill("Offline test");
    assert.equal(await input.inputValue(), "Offline test", "a field takes typing");
    // Save to a file and load it back, as a care home would between visits.
    const save = page.getByRole("button", { name: "Save my answers" });
    if ((await save.count()) > 0) {
      const [download] = await Promise.all([page.waitForEvent("download"), save.click()]);
      const saved = await download.path();
      await page.reload({ waitUntil: "load" });
      await input.fill("");
      const [chooser] = await Promise.all([
        page.waitForEvent("filechooser"),
        page.getByRole("button", { name: "Load saved answers" }).click(),
      ]);
      await chooser.setFiles(saved);
      await page.waitForFunction(() => {
        const i = document.querySelector("#acp-form input[type=text], #acp-form textarea");
        return i && i.value === "Offline test";
      }, null, { timeout: 5000 });
      console.log("# offline form: saved to a file and loaded back from file://");
    }
  }
  const prints = ["resource-pack", "guide", "professionals"].map((s) => path.join(dir, s, "print", "index.html")).filter((f) => fs.existsSync(f));
  if (prints.length) {
    await page.goto(pathToFileURL(prints[0]).href, { waitUntil: "load" });
    assert.ok(await page.locator("[data-print-button]").isVisible(), "the Print button shows");
    await page.emulateMedia({ media: "print" });
    const pdf = (await page.pdf({ preferCSSPageSize: true })).toString("latin1");
    const sheets = (pdf.match(/\/Type\s*\/Page\b(?!s)/g) || []).length;
    console.log(`# offline print view: ${sheets} A4 pages`);
    assert.ok(sheets >= 2, "the print view prints from disk");
  }
  await page.close();
  assert.deepEqual(errors, [], "no script errors");
});
