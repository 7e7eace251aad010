#!/usr/bin/env python3
"""Crawl a published careguide site over HTTP and report every broken link.

    linkcheck.py http://127.0.0.1:8080/sub/

Starts at the URL, follows every href and src that stays under it (pages,
CSS, scripts, images, forms, the feed), and requests each once. A link is
broken when the server does not answer 200. Then asks for a page that does
not exist: the server must answer 404 with the site's own "Page not found"
page, and that page's links must work too (they are written from the
server's root, so they show whether the sub-folder is wired right).

Independent of careguide (standard library only), so that it checks what a
reader's browser would meet, not what careguide believes it wrote.
Exit status 0 when nothing is broken, 1 otherwise.
"""

import sys
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.found.append(value)


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


def crawl(start, base, seen, broken, found_on):
    queue = [start]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        status, ctype, body = fetch(url)
        if status != 200:
            broken.append((url, status, found_on.get(url, "?")))
            continue
        if "html" not in ctype:
            continue
        parser = Links()
        parser.feed(body.decode("utf-8", "replace"))
        for link in parser.found:
            target = urllib.parse.urljoin(url, link)
            target = urllib.parse.urldefrag(target)[0]
            if not target.startswith(("http://", "https://")):
                continue  # tel:, mailto:
            if urllib.parse.urlsplit(target).netloc != urllib.parse.urlsplit(base).netloc:
                continue  # another website
            if not target.startswith(base):
                # On this server but outside the site's folder: a link the
                # sub-folder wiring broke.
                broken.append((target, "outside " + base, url))
                continue
            found_on.setdefault(target, url)
            if target not in seen:
                queue.append(target)


def main():
    base = sys.argv[1]
    if not base.endswith("/"):
        base += "/"
    seen, broken, found_on = set(), [], {}
    crawl(base, base, seen, broken, found_on)
    missing = base + "no-such-page/"
    status, _, body = fetch(missing)
    not_found_ok = status == 404 and b"Page not found" in body
    if not_found_ok:
        parser = Links()
        parser.feed(body.decode("utf-8", "replace"))
        for link in parser.found:
            target = urllib.parse.urldefrag(urllib.parse.urljoin(missing, link))[0]
            if target == missing:
                continue  # `#main-content` on the 404 page itself
            if target.startswith(base) and target not in seen:
                found_on.setdefault(target, "the 404 page")
                crawl(target, base, seen, broken, found_on)
            elif target.startswith(("http://", "https://")) and urllib.parse.urlsplit(
                target
            ).netloc == urllib.parse.urlsplit(base).netloc and not target.startswith(base):
                broken.append((target, "outside " + base, "the 404 page"))
    for url, why, where in broken:
        print(f"broken: {url} ({why}) linked from {where}")
    print(
        f"{len(seen)} URLs checked under {base}: {len(broken)} broken; "
        f"missing page -> {status} {'site 404 page' if not_found_ok else 'NOT the site 404 page'}"
    )
    return 0 if not broken and not_found_ok else 1


if __name__ == "__main__":
    sys.exit(main())
