#!/usr/bin/env python3
"""What a built site's search costs a reader, in bytes over the wire.

    python3 bench/search_bytes.py PUBLIC_DIR [WORD ...]

Lists the files under pagefind/ by kind, then, for each word, estimates
what pagefind's UI downloads for a first search: the entry file, the
search library and its WebAssembly, the metadata, the filter indexes (the
UI shows the audience filter), the index chunk(s) holding the word, and
the fragments of the first five results. Sizes are of the files as
written (pagefind gzips its own index files). The UI script and style
sheet are counted once, apart.
"""

import gzip
import json
import os
import sys


def files(base):
    for d, _, names in os.walk(base):
        for n in names:
            p = os.path.join(d, n)
            yield os.path.relpath(p, base).replace(os.sep, "/"), os.path.getsize(p)


def kind(name):
    for ext in (".pf_meta", ".pf_index", ".pf_filter", ".pf_fragment", ".pagefind"):
        if name.endswith(ext):
            return ext
    return "other"


def main():
    base = os.path.join(sys.argv[1], "pagefind")
    words = sys.argv[2:] or ["attorney"]
    all_files = dict(files(base))
    by_kind = {}
    for name, size in all_files.items():
        k = kind(name)
        n, total = by_kind.get(k, (0, 0))
        by_kind[k] = (n + 1, total + size)
    print(f"{'kind':<14}{'files':>7}{'bytes':>12}")
    for k, (n, total) in sorted(by_kind.items()):
        print(f"{k:<14}{n:>7}{total:>12}")
    index = sum(t for k, (_, t) in by_kind.items() if k.startswith(".pf_"))
    print(f"index proper (.pf_*): {index} bytes; everything: {sum(all_files.values())} bytes")

    # careguide publishes pagefind's default UI no longer (static/js/search.js
    # has its own markup); an older build still has it.
    ui = all_files.get("pagefind-ui.js", 0) + all_files.get("pagefind-ui.css", 0)
    fixed = {
        "pagefind-entry.json": all_files.get("pagefind-entry.json", 0),
        "pagefind.js": all_files.get("pagefind.js", 0),
        "pagefind-worker.js": all_files.get("pagefind-worker.js", 0),
        # Only the WebAssembly of the page's language is fetched.
        "wasm": sum(all_files.get(f"wasm.{lang['wasm']}.pagefind", 0) for lang in json.load(
            open(os.path.join(base, "pagefind-entry.json")))["languages"].values()),
        "pf_meta": sum(s for n, s in all_files.items() if n.endswith(".pf_meta")),
        "filters": sum(s for n, s in all_files.items() if n.endswith(".pf_filter")),
    }
    print(f"UI (pagefind-ui.js + .css), once per visit: {ui} bytes")
    print("fixed cost of the first search: " + ", ".join(f"{k} {v}" for k, v in fixed.items())
          + f" = {sum(fixed.values())} bytes")
    chunks = {n: gzip.decompress(open(os.path.join(base, n), "rb").read())
              for n in all_files if n.endswith(".pf_index")}
    frags = {n: gzip.decompress(open(os.path.join(base, n), "rb").read())
             for n in all_files if n.endswith(".pf_fragment")}
    for word in words:
        # Index words are CBOR text strings (a length byte, then UTF-8) and
        # stemmed; the longest prefix of the word found as a whole index
        # word stands in for the stem ("resuscitation" → "resuscit").
        w = word.lower().encode()
        hit_chunks = []
        for end in range(len(w), 2, -1):
            stem = w[:end]
            cbor = (bytes([0x60 + len(stem)]) if len(stem) < 24 else bytes([0x78, len(stem)])) + stem
            hit_chunks = [n for n, b in chunks.items() if cbor in b]
            if hit_chunks:
                break
        chunk_bytes = sum(all_files[n] for n in hit_chunks)
        hits = [n for n, b in frags.items() if w in b.lower()]
        shown = sorted(hits)[:5]
        frag_bytes = sum(all_files[n] for n in shown)
        print(f"query {word!r}: {len(hit_chunks)} index chunk(s) {chunk_bytes} bytes, "
              f"{len(hits)} pages match, first 5 fragments {frag_bytes} bytes; "
              f"per query {chunk_bytes + frag_bytes} bytes, first search in total "
              f"{sum(fixed.values()) + chunk_bytes + frag_bytes} bytes")


if __name__ == "__main__":
    main()
