// The site in other languages (issue 21), in Debian's chromium: the
// right-to-left Urdu pages pass axe at 1280 and 390 px and mirror (their
// start side is the right), the language switcher's links lead to the same
// page in the language they name, and search on /pl/ finds Polish words.
// SHOTS=<dir> also saves screenshots of the Urdu and Polish pages at both
// widths, for a person to look at.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { siteDir, serve, htmlPages, launch } from "./lib.mjs";

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

const root = siteDir();
const translated = htmlPages(root).filter((u) => /^\/(ur|pl)\//.test(u));
const rtl = translated.filter((u) => u.startsWith("/ur/"));
let origin, server, context, close;

before(async () => {
  ({ server, origin } = await serve(root));
  ({ context, close } = await launch({ acceptDownloads: true }));
  console.log(`# ${translated.length} translated pages, ${rtl.length} right-to-left`);
});
after(async () => {
  await close?.();
  server?.close();
});

async function open(width) {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 900 });
  return page;
}

test("the right-to-left pages pass axe-core (WCAG 2.2 A/AA) at 1280 and 390 px", { skip: rtl.length === 0 && "no /ur/ pages" }, async () => {
  const failures = [];
  let runs = 0;
  for (const width of [1280, 390]) {
    const page = await open(width);
    for (const url of rtl) {
      await page.goto(origin + url, { waitUntil: "load" });
      await page.evaluate(AXE_SOURCE);
      const result = await page.evaluate(
        (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
        AXE_TAGS,
      );
      runs++;
      for (const v of result.violations) {
        failures.push(`${url} @${width}px: ${v.id} (${v.impact}) ${v.help}\n` +
          v.nodes.slice(0, 5).map((n) => `    ${n.target.join(" ")}: ${n.failureSummary.replace(/\n/g, " ")}`).join("\n"));
      }
      if (process.env.SHOTS) {
        fs.mkdirSync(process.env.SHOTS, { recursive: true });
        const name = url.replace(/^\/|\/$/g, "").replace(/\//g, "-") + `-${width}.png`;
        await page.screenshot({ path: path.join(process.env.SHOTS, name), fullPage: true });
      }
    }
    await page.close();
  }
  console.log(`# axe on right-to-left pages: ${runs} runs (${rtl.length} pages x 2 widths), ${failures.length} violations`);
  assert.equal(failures.length, 0, "axe violations:\n" + failures.join("\n"));
});

test("an Urdu page mirrors: right-to-left, its start side on the right, no sideways scrolling", { skip: !rtl.includes("/ur/guide/lpa/") && "no /ur/guide/lpa/" }, async () => {
  for (const width of [1280, 390]) {
    const page = await open(width);
    await page.goto(origin + "/ur/guide/lpa/", { waitUntil: "load" });
    const m = await page.evaluate(() => {
      const html = document.documentElement;
      const main = document.querySelector("main").getBoundingClientRect();
      const h1 = document.querySelector("main h1").getBoundingClientRect();
      const banner = getComputedStyle(document.querySelector(".translation-banner"));
      const tocItem = document.querySelector(".contents li");
      const tocPad = tocItem && getComputedStyle(tocItem);
      return {
        lang: html.lang, dir: html.dir, direction: getComputedStyle(html).direction,
        h1Gap: Math.round(main.right - h1.right), mainRight: main.right,
        bannerRight: banner.borderRightWidth, bannerLeft: banner.borderLeftWidth,
        tocPadRight: tocPad && tocPad.paddingRight, tocPadLeft: tocPad && tocPad.paddingLeft,
        scroll: html.scrollWidth, client: html.clientWidth,
      };
    });
    assert.equal(m.lang, "ur");
    assert.equal(m.dir, "rtl");
    assert.equal(m.direction, "rtl");
    assert.ok(m.h1Gap <= 1, `@${width}: the heading starts at the right edge of main (gap ${m.h1Gap})`);
    assert.equal(m.bannerRight, "8px", `@${width}: the banner's thick rule is on the right`);
    assert.equal(m.bannerLeft, "1px");
    if (m.tocPadRight) assert.ok(parseFloat(m.tocPadRight) > 0 && parseFloat(m.tocPadLeft) === 0, "contents indented from the right");
    assert.ok(m.scroll <= m.client, `@${width}: scrolls sideways (${m.scroll} > ${m.client})`);
    await page.close();
  }
});

test("every language switcher link leads to a page in the language it names", { skip: translated.length === 0 && "no translations" }, async () => {
  const page = await open(1280);
  const seen = new Set();
  let followed = 0;
  for (const url of translated) {
    await page.goto(origin + url, { waitUntil: "load" });
    const links = await page.$$eval(".language-switcher a", (as) => as.map((a) => ({ href: a.href, lang: a.getAttribute("hreflang") })));
    assert.ok(links.length >= 2, `${url}: a switcher with the other languages`);
    for (const l of links) {
      if (seen.has(l.href)) continue;
      seen.add(l.href);
      const response = await page.goto(l.href, { waitUntil: "load" });
      assert.equal(response.status(), 200, `${url} -> ${l.href}`);
      assert.equal(await page.evaluate(() => document.documentElement.lang), l.lang, `${l.href} is in ${l.lang}`);
      followed++;
    }
  }
  await page.close();
  console.log(`# switcher: ${followed} distinct links followed from ${translated.length} pages`);
});

test("search on /pl/ finds Polish words, and the English search does not", { skip: !fs.existsSync(`${root}/pagefind/pagefind.js`) && "built without search" }, async () => {
  const page = await open(1280);
  const results = async (url) => {
    await page.goto(origin + url, { waitUntil: "load" });
    await page.waitForSelector(".search-result, .search-none", { timeout: 15000 });
    return page.$$eval(".search-result a", (as) => as.map((a) => new URL(a.href).pathname));
  };
  const polish = await results("/pl/search/?q=pe%C5%82nomocnik");
  assert.ok(polish.includes("/pl/guide/lpa/"), `Polish search: ${polish}`);
  assert.ok(polish.every((p) => p.startsWith("/pl/")), `only Polish pages: ${polish}`);
  assert.deepEqual(await results("/search/?q=pe%C5%82nomocnik"), [], "the English index has no Polish pages");
  await page.close();
});

test("search on /pl/ and /ur/ speaks the page's language: Polish plural forms, Urdu messages, the words searched for isolated", { skip: !fs.existsSync(`${root}/pagefind/pagefind.js`) && "built without search" }, async () => {
  const page = await open(390);
  // The message paragraphs once the search has finished (not "Searching…").
  const said = async (url) => {
    await page.goto(origin + url, { waitUntil: "load" });
    await page.waitForFunction(() => {
      const area = document.querySelector("#search-results");
      return !area.querySelector(".search-fallback") && !/\u2026$/.test(area.textContent.trim());
    }, null, { timeout: 15000 });
    return page.evaluate(() => {
      const area = document.querySelector("#search-results");
      const copy = area.cloneNode(true);
      copy.querySelectorAll("bdi, ol").forEach((e) => e.remove());
      return {
        status: area.querySelector("[role=status]")?.textContent.trim() || "",
        bdi: [...area.querySelectorAll("[role=status] bdi")].map((b) => b.textContent),
        rest: copy.textContent,
        link: area.querySelector("p a")?.textContent || "",
      };
    });
  };
  // Polish: the noun takes the form Polish uses for the count (1 stronę, 2–4 strony, 5+ stron).
  const pl = await said("/pl/search/?q=pe%C5%82nomocnik");
  const m = pl.status.match(/^Znaleziono (\d+) (stronę|strony|stron) dla „pełnomocnik”\.$/);
  assert.ok(m, `Polish count sentence: ${pl.status}`);
  const form = { one: "stronę", few: "strony", many: "stron" }[new Intl.PluralRules("pl").select(Number(m[1]))];
  assert.equal(m[2], form, `${m[1]} takes "${form}"`);
  assert.deepEqual(pl.bdi, ["pełnomocnik"]);
  const plNone = await said("/pl/search/?q=xyzzyq");
  assert.equal(plNone.status, "Nie znaleziono stron dla „xyzzyq”.");
  assert.equal(plNone.link, "Spis stron od A do Z (po angielsku)");
  // Urdu: every message in Urdu; the only Latin letters are the words
  // searched for (in a <bdi>) and the A and Z of the A to Z.
  for (const q of ["xyzzyq", "attorney", ""]) {
    const ur = await said("/ur/search/" + (q ? "?q=" + q : ""));
    assert.doesNotMatch(ur.rest, /[A-Za-z]{2,}/, `/ur/search/?q=${q}: English in the messages: ${ur.rest}`);
    if (q) assert.deepEqual(ur.bdi, [q], `/ur/search/?q=${q}: the words searched for are isolated`);
  }
  const urNone = await said("/ur/search/?q=xyzzyq");
  assert.equal(urNone.status, "“xyzzyq” کے لیے کوئی صفحہ نہیں ملا۔");
  await page.close();
});

test("the Urdu and Polish forms speak their language: buttons, boxes, yes and no, messages; answers save and load back unchanged", { skip: !fs.existsSync(`${root}/ur/forms/my-wishes/index.html`) && "no Urdu form" }, async () => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 390, height: 900 });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(origin + "/ur/forms/my-wishes/", { waitUntil: "load" });
  await page.waitForSelector("#form-actions button");
  const buttons = await page.$$eval("#form-actions button", (bs) => bs.map((b) => b.textContent));
  assert.deepEqual(buttons, ["یہ فارم پرنٹ کریں", "میرے جوابات محفوظ کریں", "محفوظ کیے گئے جوابات کھولیں"]);
  const field = (id) => page.locator(`.field[data-link-id="${id}"]`);
  assert.deepEqual(await field("my-dob").locator("[data-part]").evaluateAll((is) => is.map((i) => i.labels[0].textContent.trim())), ["دن", "مہینہ", "سال"]);
  assert.deepEqual(await field("has-lpa").locator("label").allTextContents(), ["ہاں", "نہیں"]);
  // An impossible date: refused beside the field and in the status, in Urdu.
  await field("my-name").locator("input").fill("Amina Khan");
  await field("my-dob").locator('[data-part="day"]').fill("31");
  await field("my-dob").locator('[data-part="month"]').fill("02");
  await field("my-dob").locator('[data-part="year"]').fill("1950");
  await page.getByRole("button", { name: "میرے جوابات محفوظ کریں" }).click();
  const message = await field("my-dob").locator(".field-error").textContent();
  assert.equal(message, "محفوظ نہیں ہوا: یہ تاریخ موجود نہیں: 31/02/1950۔ دن اور مہینہ چیک کریں۔");
  const status = await page.locator(".form-status").textContent();
  const dobLabel = (await field("my-dob").locator(".field-label").first().textContent()).trim();
  assert.equal(status, `آپ کے جوابات محفوظ نہیں ہوئے۔ فارم پر نشان زدہ مسئلہ ٹھیک کریں: ‘${dobLabel}’۔`);
  // Fixed, it saves; the file loads back into the Polish form with every answer in place.
  await field("my-dob").locator('[data-part="day"]').fill("28");
  await field("has-lpa").locator("input[value=yes]").check();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "میرے جوابات محفوظ کریں" }).click()]);
  const saved = JSON.parse(fs.readFileSync(await download.path(), "utf8"));
  const answers = (qr) => Object.fromEntries(qr.item.flatMap((s) => s.item).map((i) => [i.linkId, i.answer]));
  assert.deepEqual(answers(saved)["my-dob"], [{ valueDate: "1950-02-28" }]);
  assert.deepEqual(answers(saved)["has-lpa"], [{ valueBoolean: true }]);
  assert.equal(await page.locator(".form-status").textContent(), "آپ کے جوابات اس ڈیوائس پر ایک فائل میں محفوظ ہو گئے ہیں۔ اسے سنبھال کر رکھیں۔");
  await page.goto(origin + "/pl/forms/my-wishes/", { waitUntil: "load" });
  await page.waitForSelector("#form-actions button");
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "careguide-form-")), "answers.json");
  fs.writeFileSync(file, JSON.stringify(saved));
  await page.locator("#form-actions input[type=file]").setInputFiles(file);
  await page.waitForFunction(() => document.querySelector(".form-status").textContent.length > 0);
  assert.equal(await page.locator(".form-status").textContent(), "Twoje zapisane odpowiedzi zostały wczytane. Sprawdź je przed wydrukowaniem.");
  assert.equal(await field("my-name").locator("input").inputValue(), "Amina Khan");
  assert.equal(await field("my-dob").locator('[data-part="day"]').inputValue(), "28");
  assert.equal(await field("has-lpa").locator("input[value=yes]").isChecked(), true);
  assert.equal((await field("has-lpa").locator("label").allTextContents())[0], "Tak");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a table too wide for the screen is named for screen readers in the page's language", { skip: !rtl.includes("/ur/guide/lpa/") && "no /ur/guide/lpa/" }, async () => {
  const page = await open(390);
  const named = async (url) => {
    await page.goto(origin + url, { waitUntil: "load" });
    // The site's own tables fit a phone; a wide one, without a caption, is
    // added, and site.js looks again when the window is resized.
    return page.evaluate(() => {
      const wrap = document.createElement("div");
      wrap.className = "table-wrap";
      wrap.innerHTML = "<table><tr><td><div>x</div></td></tr></table>";
      // Set through the CSSOM: the site's CSP refuses style attributes.
      wrap.querySelector("div").style.width = "2000px";
      document.querySelector(".page-body").append(wrap);
      window.dispatchEvent(new Event("resize"));
      return [wrap.getAttribute("role"), wrap.getAttribute("aria-label")];
    });
  };
  assert.deepEqual(await named("/ur/guide/lpa/"), ["region", "جدول (دائیں بائیں اسکرول ہوتا ہے)"]);
  assert.deepEqual(await named("/pl/guide/lpa/"), ["region", "Tabela (przewijana w bok)"]);
  assert.deepEqual(await named("/guide/lpa/"), ["region", "Table (scrolls sideways)"]);
  await page.close();
});
