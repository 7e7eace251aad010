// What a reader meets once they start doing things, checked with axe-core at
// 1280 and 390 px in each state (the all-pages test in site.test.mjs only
// sees pages as they load): search typed and results shown, no results,
// the phone menu open, a form filled in, the A to Z. Plus the header's size
// and behaviour on a phone, with and without JavaScript.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import { siteDir, serve, launch } from "./lib.mjs";

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const WIDTHS = [1280, 390];
const PHONE = { width: 390, height: 844 };

const root = siteDir();
const hasSearch = fs.existsSync(`${root}/pagefind/pagefind.js`) && fs.existsSync(`${root}/search/index.html`);
let origin, server, context, close;

before(async () => {
  ({ server, origin } = await serve(root));
  ({ context, close } = await launch());
});
after(async () => {
  await close?.();
  server?.close();
});

async function open(width) {
  const page = await context.newPage();
  await page.setViewportSize(width === PHONE.width ? PHONE : { width, height: 800 });
  return page;
}

/** axe-core's WCAG 2.2 A/AA violations on the page as it is now, as lines. */
async function axe(page, label) {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
    AXE_TAGS,
  );
  const lines = result.violations.map(
    (v) => `${label}: ${v.id} (${v.impact}) ${v.help}\n` + v.nodes.slice(0, 5).map((n) => `    ${n.target.join(" ")}: ${n.failureSummary.replace(/\n/g, " ")}`).join("\n"),
  );
  console.log(`# axe ${label}: ${result.violations.length} violations`);
  return lines;
}

test("search: typed in the header box, results readable in the main area, axe-clean at 1280 and 390 px", { skip: !hasSearch && "built without search" }, async () => {
  const failures = [];
  for (const width of WIDTHS) {
    const page = await open(width);
    await page.goto(origin + "/", { waitUntil: "load" });
    const box = page.locator("header input[name=q]");
    await box.fill("attorney");
    await box.press("Enter");
    await page.waitForURL(/\/search\/\?q=attorney/);
    await page.waitForSelector(".search-result a", { timeout: 15000 });
    // In the main area, dark on white, not in the header.
    const where = await page.evaluate(() => {
      const a = document.querySelector(".search-result a");
      const s = getComputedStyle(a);
      return { inMain: !!a.closest("main"), color: s.color, width: document.querySelector(".search-results").getBoundingClientRect().width };
    });
    assert.ok(where.inMain, "results are in <main>");
    assert.ok(where.width > Math.min(300, width * 0.7), `results use the width of the main column (${where.width}px)`);
    const hrefs = await page.$$eval(".search-result a", (as) => as.map((a) => a.getAttribute("href")));
    assert.ok(hrefs.some((h) => h.includes("guide/lpa/")), "the lasting power of attorney page is found");
    failures.push(...(await axe(page, `search results @${width}px`)));

    // Typing in the results page's own box updates the results.
    await page.fill("#search-page-q", "resuscitation");
    await page.waitForFunction(() => [...document.querySelectorAll(".search-result a")].some((a) => a.href.includes("cpr-and-respect")), null, { timeout: 15000 });
    assert.match(page.url(), /q=resuscitation/, "the address follows the words");

    // No results: a message and a link to the A to Z.
    await page.goto(origin + "/search/?q=xylophone", { waitUntil: "load" });
    await page.waitForSelector(".search-none", { timeout: 15000 });
    assert.equal(await page.locator("#search-results a[href$='a-z/']").count(), 1, "no results links to the A to Z");
    failures.push(...(await axe(page, `search no results @${width}px`)));
    await page.close();
  }
  assert.deepEqual(failures, []);
});

test("search: a word on more than 20 pages says how many were found, not only how many are shown", { skip: !hasSearch && "built without search" }, async () => {
  const page = await open(1280);
  await page.goto(origin + "/search/?q=care", { waitUntil: "load" });
  await page.waitForSelector(".search-result a", { timeout: 15000 });
  // The count pagefind itself gives, asked directly in the same page.
  const total = await page.evaluate(async () => {
    const pf = await import("/pagefind/pagefind.js");
    return (await pf.search("care")).results.length;
  });
  const shown = await page.locator(".search-result").count();
  const said = (await page.locator("#search-results [role=status], #search-results .search-status").first().textContent()).trim();
  console.log(`# search "care": ${total} found, ${shown} shown: ${said}`);
  assert.ok(total > 20, `the default site has more than 20 pages about care (${total})`);
  assert.equal(shown, 20);
  assert.match(said, new RegExp(`^${total} pages found for \u201ccare\u201d\\. Here are the 20 that match best\\.$`));
  await page.close();
});

test("phone header: at most 25% of a 390x844 screen, Menu button works by mouse and keyboard, axe-clean open", async () => {
  const failures = [];
  const page = await open(390);
  await page.goto(origin + "/guide/lpa/", { waitUntil: "load" });
  const height = await page.evaluate(() => document.querySelector(".site-header").getBoundingClientRect().height);
  console.log(`# header height at 390x844: ${height}px (limit ${0.25 * 844}px)`);
  assert.ok(height <= 0.25 * 844, `header is ${height}px tall`);
  const toggle = page.locator(".menu-toggle");
  const nav = page.locator("#site-nav");
  assert.ok(await toggle.isVisible(), "the Menu button shows");
  assert.equal(await toggle.getAttribute("aria-expanded"), "false");
  assert.equal(await toggle.getAttribute("aria-controls"), "site-nav");
  assert.ok(!(await nav.isVisible()), "the links start hidden");
  failures.push(...(await axe(page, "menu closed @390px")));

  // Keyboard: Tab to the button (after skip link and site name), Enter opens.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.className), "menu-toggle", "third Tab stop is the Menu button");
  await page.keyboard.press("Enter");
  assert.equal(await toggle.getAttribute("aria-expanded"), "true");
  assert.ok(await nav.isVisible(), "Enter opens the menu");
  const links = await page.locator("#site-nav a").count();
  assert.ok(links >= 3);
  const forms = await page.locator("#site-nav a[href$='forms/']").count();
  assert.equal(forms, fs.existsSync(`${root}/forms/index.html`) ? 1 : 0, "Forms is in the menu when the site has forms");
  failures.push(...(await axe(page, "menu open @390px")));
  // Escape closes it and puts focus back on the button.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Escape");
  assert.equal(await toggle.getAttribute("aria-expanded"), "false");
  assert.equal(await page.evaluate(() => document.activeElement.className), "menu-toggle", "focus returns to the button");
  // Space toggles too (it is a real button).
  await page.keyboard.press("Space");
  assert.ok(await nav.isVisible(), "Space opens the menu");
  await page.close();

  // At 1280 px there is no button: the links are always there.
  const wide = await open(1280);
  await wide.goto(origin + "/guide/lpa/", { waitUntil: "load" });
  assert.ok(!(await wide.locator(".menu-toggle").isVisible()));
  assert.ok(await wide.locator("#site-nav").isVisible());
  failures.push(...(await axe(wide, "header @1280px")));
  await wide.close();
  assert.deepEqual(failures, []);
});

test("without JavaScript: the header links show, and the search box leads to the A to Z", async () => {
  const nojs = await launch({ javaScriptEnabled: false });
  try {
    const page = await nojs.context.newPage();
    await page.setViewportSize(PHONE);
    await page.goto(origin + "/", { waitUntil: "load" });
    assert.ok(!(await page.locator(".menu-toggle").isVisible()), "no Menu button that cannot work");
    assert.ok(await page.locator("#site-nav").isVisible(), "the links are visible");
    const box = page.locator("header input[name=q]");
    if ((await box.count()) > 0) {
      await box.fill("attorney");
      await box.press("Enter");
      await page.waitForURL(/\/search\/\?q=attorney/);
      const atoz = page.locator("main a[href$='a-z/']");
      assert.equal(await atoz.count(), 1, "the results page points to the A to Z");
      await atoz.click();
      await page.waitForURL(/\/a-z\/$/);
    }
  } finally {
    await nojs.close();
  }
});

test("a form filled in is axe-clean at 1280 and 390 px", { skip: !fs.existsSync(`${root}/forms/index.html`) && "no forms" }, async () => {
  const failures = [];
  const form = fs.readdirSync(`${root}/forms`, { withFileTypes: true }).find((d) => d.isDirectory()).name;
  for (const width of WIDTHS) {
    const page = await open(width);
    await page.goto(`${origin}/forms/${form}/`, { waitUntil: "load" });
    let filled = 0;
    for (const input of await page.locator("#acp-form input[type=text], #acp-form textarea").all()) {
      if (await input.isVisible()) {
        await input.fill("Filled in by the test");
        filled++;
      }
    }
    const radio = page.locator("#acp-form input[type=radio], #acp-form input[type=checkbox]").first();
    if ((await radio.count()) > 0) await radio.check();
    assert.ok(filled > 0, "the form has fields to fill");
    failures.push(...(await axe(page, `form ${form} filled @${width}px`)));
    await page.close();
  }
  assert.deepEqual(failures, []);
});

test("A to Z: letters are a compact row, not a numbered list, axe-clean at 1280 and 390 px", async () => {
  const failures = [];
  for (const width of WIDTHS) {
    const page = await open(width);
    await page.goto(origin + "/a-z/", { waitUntil: "load" });
    const jump = await page.evaluate(() => {
      const ol = document.querySelector(".az-jump ol");
      return { style: getComputedStyle(ol).listStyleType, height: ol.getBoundingClientRect().height, letters: ol.children.length };
    });
    assert.equal(jump.style, "none", "no list numbers");
    // 26 letters in at most four rows of 44 px boxes even on a phone.
    assert.ok(jump.height < 4 * 48, `the letters take ${jump.height}px`);
    failures.push(...(await axe(page, `A to Z @${width}px`)));
    // The letter jumped to is marked (filled), and only that one.
    const link = page.locator(".az-jump a").nth(1);
    await link.click();
    assert.equal(await page.locator(".az-jump a[aria-current]").count(), 1);
    assert.notEqual(await link.getAttribute("aria-current"), null, "the chosen letter is current");
    failures.push(...(await axe(page, `A to Z letter chosen @${width}px`)));
    await page.close();
  }
  assert.deepEqual(failures, []);
});
