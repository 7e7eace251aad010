// Screenshots of the interactive states a reader meets, at 1280 and 390 px,
// for a human to look at: home, search results, no results, the phone menu
// closed and open, the A to Z, the codes page, a print view and an Easy Read page.
// usage: node states.mjs [SITE_DIR] [OUT_DIR]
import path from "node:path";
import fs from "node:fs";
import { serve, launch } from "./lib.mjs";

const site = path.resolve(process.argv[2] || path.join(import.meta.dirname, "..", "..", "public"));
const out = path.resolve(process.argv[3] || "/tmp/careguide-states");
fs.mkdirSync(out, { recursive: true });
const { server, origin } = await serve(site);
const { context, close } = await launch();

const states = [
  ["home", "/", null],
  ["search-results", "/search/?q=attorney", (p) => p.waitForSelector(".search-results", { timeout: 15000 })],
  ["search-none", "/search/?q=xylophone", (p) => p.waitForSelector(".search-none", { timeout: 15000 })],
  ["menu-closed", "/guide/lpa/", null],
  ["menu-open", "/guide/lpa/", async (p) => {
    const b = p.locator(".menu-toggle");
    if (await b.isVisible()) await b.click();
  }],
  ["a-z", "/a-z/", null],
  ["codes", "/resource-pack/appendix-c-codes/", null],
  ["print-view", "/resource-pack/print/", null],
  ["easy-read", "/guide/easy-read/cpr/", null],
];

for (const width of [1280, 390]) {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: width < 600 ? 844 : 800 });
  for (const [name, url, act] of states) {
    await page.goto(origin + url, { waitUntil: "load" });
    if (act) await act(page);
    const file = path.join(out, `${name}-${width}.png`);
    // The first screen only: what a reader sees before scrolling.
    await page.screenshot({ path: file });
    console.log(file);
  }
  await page.close();
}
await close();
server.close();
