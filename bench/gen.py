#!/usr/bin/env python3
"""Generate a deterministic careguide site of N pages for build benchmarks.

    python3 bench/gen.py OUT_DIR [PAGES]      (PAGES defaults to 1000)

The same arguments always give byte-identical files (a fixed seed, no
clock), so timings from different machines or commits compare like with
like. Pages are spread over sections of 50, every section's _index.md asks
for a print view, and each page has headings, a list, a table, a callout,
and links to other pages (with anchors), so every stage of the build does
real work.
"""

import os
import random
import sys

WORDS = """care plan advance decision attorney power lasting health welfare
resuscitation respect form doctor nurse family carer hospital home hospice
treatment wishes values preferences conversation record review consent capacity
mental legal document sign witness register office public guardian emergency
ambulance palliative end life support comfort pain symptom medicine dose
breathing feeding fluids antibiotics ventilation dialysis transfusion surgery
team community district practice general clinician specialist social worker
faith belief culture language interpreter advocate independent best interests
meeting discuss explain understand choose refuse accept change update share
copy summary universal london system access online paper electronic coordinate
""".split()

SYLLABLES = "ka lo mi nu pe ra si to vu we ba de fi go hu".split()


def pseudo(rng):
    # Extra rare words, so the index has a realistic long tail.
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def sentence(rng, rare):
    n = rng.randint(8, 18)
    words = [rng.choice(WORDS) if rng.random() > 0.08 else rng.choice(rare) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def title(rng, i):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5))).capitalize() + f" {i}"


def front(t, summary, audience, order, extra=""):
    return (
        f"---\ntitle: {t}\nsummary: {summary}\naudience: {audience}\n"
        f"order: {order}\nlast_reviewed: 2025-0{1 + order % 9}-1{order % 10}\n{extra}"
        "sources:\n  - title: NHS - advance care planning\n"
        "    url: https://www.nhs.uk/conditions/end-of-life-care/advance-care-planning/\n---\n"
    )


def main():
    out = sys.argv[1]
    total = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    rng = random.Random(20260528)
    rare = [pseudo(rng) for _ in range(3000)]
    per_section = 50
    sections = max(1, (total - 1 + per_section - 1) // per_section)
    os.makedirs(os.path.join(out, "content"), exist_ok=True)
    with open(os.path.join(out, "site.yaml"), "w") as f:
        f.write(
            "title: Benchmark guide\nbase_url: https://bench.example.org/\nlanguage: en-GB\n"
            "organisation: Benchmark ICB\ndescription: A generated site for build benchmarks.\n"
        )
    with open(os.path.join(out, "content", "_index.md"), "w") as f:
        f.write(front("Benchmark guide", "A generated site for build benchmarks.", "everyone", 0))
        f.write("# Benchmark guide\n\n" + sentence(rng, rare) + "\n")
    made = 1
    pages = []  # (section, name, headings)
    for s in range(sections):
        sec = f"section-{s:03d}"
        names = []
        for p in range(per_section - 1):
            if made + len(names) + 1 >= total:
                break
            names.append(f"page-{p:03d}")
        headings = {n: [f"part {k} of {n}" for k in range(1, 5)] for n in names}
        pages.append((sec, names, headings))
        made += 1 + len(names)
    audiences = ["patient", "professional", "everyone"]
    for s, (sec, names, headings) in enumerate(pages):
        d = os.path.join(out, "content", sec)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "_index.md"), "w") as f:
            f.write(front(f"Section {s}", "A generated section of fifty pages.", "everyone", s, "print_view: true\n"))
            f.write(f"# Section {s}\n\n" + sentence(rng, rare) + "\n")
        for i, name in enumerate(names):
            body = [f"# {title(rng, i)}\n", sentence(rng, rare) + " " + sentence(rng, rare) + "\n"]
            for k, h in enumerate(headings[name]):
                body.append(f"## {h.capitalize()}\n")
                for _ in range(rng.randint(2, 4)):
                    body.append(" ".join(sentence(rng, rare) for _ in range(rng.randint(2, 5))) + "\n")
                if k == 1:
                    body.append("\n".join(f"- {sentence(rng, rare)}" for _ in range(4)) + "\n")
                if k == 2:
                    body.append("| What | Who |\n| --- | --- |\n" + "".join(
                        f"| {rng.choice(WORDS)} | {rng.choice(WORDS)} |\n" for _ in range(3)))
                if k == 3:
                    body.append("> [!NOTE]\n> " + sentence(rng, rare) + "\n")
            other = rng.choice(names)
            target = headings[other][rng.randint(0, 3)].replace(" ", "-")
            body.append(f"See [{other}]({other}.md#{target}) and [the section](_index.md).\n")
            with open(os.path.join(d, name + ".md"), "w") as f:
                f.write(front(title(rng, i), sentence(rng, rare), audiences[i % 3], i))
                f.write("\n".join(body))
    print(f"wrote {made} pages in {len(pages)} sections to {out}")


if __name__ == "__main__":
    main()
