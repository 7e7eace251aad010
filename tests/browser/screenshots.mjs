// Screenshots of a few pages at phone and desktop widths, for a human to look at.
// usage: node screenshots.mjs [SITE_DIR] [OUT_DIR] [page ...]
import path from "node:path";
import fs from "node:fs";
import { serve, launch } from "./lib.mjs";

const site = path.resolve(process.argv[2] || path.join(import.meta.dirname, "..", "..", "public"));
const out = path.resolve(process.argv[3] || "/tmp/careguide-screenshots");
const pages = process.argv.slice(4).length ? process.argv.slice(4) : ["/"];
fs.mkdirSync(out, { recursive: true });
const { server, origin } = await serve(site);
const { context, close } = await launch();
for (const width of [375, 1280]) {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 800 });
  for (const url of pages) {
    await page.goto(origin + url, { waitUntil: "load" });
    const name = (url.replace(/^\/|\/$/g, "").replace(/\//g, "-") || "home") + `-${width}.png`;
    await page.screenshot({ path: path.join(out, name), fullPage: true });
    console.log(path.join(out, name));
    // Phone pages are long: also save them in screen-sized parts, easier to look at.
    if (width < 600) {
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      for (let y = 0, n = 1; y < height; y += 1000, n++) {
        const part = name.replace(/\.png$/, `-part${n}.png`);
        const clip = { x: 0, y, width, height: Math.min(1000, height - y) };
        await page.screenshot({ path: path.join(out, part), fullPage: true, clip });
      }
    }
  }
  await page.close();
}
await close();
server.close();
