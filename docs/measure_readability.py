#!/usr/bin/env python3
"""Flesch-Kincaid grade of each patient page body (content/**/*.md with audience: patient).

Usage: pip install textstat && python3 docs/measure_readability.py [--raw]

Before scoring, the script strips the YAML front matter and Markdown syntax:
heading marks, callout markers such as [!NOTE], list bullets and numbers, emphasis,
table pipes, and link URLs (the link text is kept). By default a heading, list item
or table cell that does not end in . ! ? or : is closed with a full stop, so that it
counts as its own sentence rather than running into the next one. With --raw,
lines are joined without that full stop (a stricter, pessimistic figure).
"""
import pathlib, re, sys
import textstat

RAW = "--raw" in sys.argv
root = pathlib.Path(__file__).resolve().parent.parent / "content"

def body_text(md: str) -> str:
    if md.startswith("---"):
        md = md.split("---", 2)[2]
    out = []
    for line in md.splitlines():
        s = line.strip()
        if not s or re.fullmatch(r"\|?[\s:|-]+\|?", s):
            continue
        s = re.sub(r"^>\s*", "", s)
        s = re.sub(r"^\[![A-Z]+\]\s*", "", s)
        if not s:
            continue
        s = re.sub(r"^#+\s*", "", s)
        s = re.sub(r"^([-*+]|\d+\.)\s+", "", s)
        s = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", s)
        s = re.sub(r"\[\^[^\]]*\]:?", "", s)
        s = re.sub(r"[*_`~]+", "", s)
        cells = [c.strip() for c in s.strip("|").split("|")] if s.startswith("|") else [s]
        for c in cells:
            if not c:
                continue
            if not RAW and not re.search(r"[.!?:]$", c):
                c += "."
            out.append(c)
    return " ".join(out)

rows = []
for path in sorted(root.rglob("*.md")):
    text = path.read_text(encoding="utf-8")
    fm = text.split("---", 2)[1] if text.startswith("---") else ""
    if not re.search(r"^audience:\s*patient\s*$", fm, re.M):
        continue
    body = body_text(text)
    rows.append((path.relative_to(root.parent), textstat.flesch_kincaid_grade(body),
                 textstat.flesch_reading_ease(body), textstat.lexicon_count(body)))

print("| page | FK grade | reading ease | words |")
print("| --- | --- | --- | --- |")
for p, g, e, w in rows:
    print(f"| {p} | {g:.1f} | {e:.1f} | {w} |")
if rows:
    avg = sum(r[1] for r in rows) / len(rows)
    print(f"| **average ({len(rows)} pages)** | **{avg:.1f}** | | |")
    print(f"\nmax: {max(r[1] for r in rows):.1f}")
