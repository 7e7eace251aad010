// Shared helpers for careguide's browser tests: a loopback static server for
// the built site, the list of its HTML pages, and a Debian chromium launcher.
import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));

/** The built site: first argument after `--`, CAREGUIDE_SITE, or ../../public. */
export function siteDir() {
  const arg = process.argv.slice(2).find((a) => !a.startsWith("-") && !a.endsWith(".mjs"));
  const dir = process.env.CAREGUIDE_SITE || arg || path.join(here, "..", "..", "public");
  const abs = path.resolve(dir);
  if (!fs.existsSync(path.join(abs, "index.html"))) {
    throw new Error(`no built site at ${abs} (index.html missing): run \`careguide build\` first or set CAREGUIDE_SITE`);
  }
  return abs;
}

const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json", ".xml": "application/xml", ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
  ".webp": "image/webp", ".pdf": "application/pdf", ".wasm": "application/wasm",
  ".pf_meta": "application/octet-stream", ".pf_index": "application/octet-stream",
  ".pf_fragment": "application/octet-stream", ".pf_filter": "application/octet-stream",
};

/** Serve `root` on 127.0.0.1 at a free port. Resolves to { server, origin }. */
export function serve(root) {
  const server = http.createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = path.join(root, path.normalize(rel));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
      if (!rel.endsWith("/")) {
        res.writeHead(301, { Location: rel + "/" }).end();
        return;
      }
      file = path.join(file, "index.html");
    }
    let status = 200;
    if (!fs.existsSync(file)) {
      status = 404;
      file = path.join(root, "404.html");
    }
    const body = fs.readFileSync(file);
    res.writeHead(status, {
      "Content-Type": TYPES[path.extname(file).toLowerCase()] || "application/octet-stream",
      "Content-Length": body.length,
      "Cache-Control": "no-store",
    });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      resolve({ server, origin: `http://127.0.0.1:${server.address().port}` });
    });
  });
}

/** Site-relative URLs of every HTML page (`/`, `/guide/lpa/`, `/404.html`), search files left out. */
export function htmlPages(root) {
  const pages = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".") || entry.name === "pagefind") continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".html")) {
        const rel = "/" + path.relative(root, full).split(path.sep).join("/");
        pages.push(rel.endsWith("/index.html") ? rel.slice(0, -"index.html".length) : rel);
      }
    }
  };
  walk(root);
  return pages.sort();
}

/** Debian's chromium (no browser download) in a fresh profile, with networking
    extras switched off. Resolves to { context, close }. */
export async function launch(options = {}) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "careguide-chromium-"));
  const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
    viewport: { width: 1280, height: 800 },
    ...options,
  });
  const close = async () => {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  };
  return { context, close };
}

/** A copy of the site built with `careguide build --offline`: CAREGUIDE_OFFLINE_SITE,
    or one built now from the repository (two folders up) into a temporary
    folder. Resolves to { dir, made } (made: the folder to remove after). */
export function offlineSite() {
  if (process.env.CAREGUIDE_OFFLINE_SITE) return { dir: path.resolve(process.env.CAREGUIDE_OFFLINE_SITE), made: null };
  const made = fs.mkdtempSync(path.join(os.tmpdir(), "careguide-offline-"));
  const dir = path.join(made, "site");
  const repo = path.join(here, "..", "..");
  execFileSync("cargo", ["run", "-q", "--", "build", "--as-of", "2026-11-25", "--offline", "--out", dir], {
    cwd: repo,
    stdio: ["ignore", "ignore", "inherit"],
  });
  return { dir, made };
}
