#!/usr/bin/env python3
"""Write a deterministic N-page careguide site for benchmarks.

    python3 bench/corpus.py N OUT_DIR [--seed 8]

The same N and seed always give the same bytes. N counts every Markdown
file: the home page, ~10 section pages and N - 11 ordinary pages. Pages are
600-1,500 words of varied Markdown (h2/h3 headings, lists, tables, GitHub
alerts, relative .md links with valid #anchors), with real front matter
(last reviewed in 2026, so nothing is due for review at --as-of 2026-11-25).
Patient pages use short sentences of short words (reading grade about 4-6);
professional pages are longer-winded. The site also has three forms, three
data files and a templates/footer-extra.html override (the file the serve
benchmark edits). The result builds with no errors and no warnings.
"""

import argparse
import os
import random
import re
import shutil

SECTIONS = [
    ("planning-ahead", "Planning ahead", "patient"),
    ("your-wishes", "Your wishes", "patient"),
    ("legal-choices", "Legal choices", "patient"),
    ("care-at-home", "Care at home", "patient"),
    ("family-and-carers", "Family and carers", "patient"),
    ("end-of-life", "End of life care", "patient"),
    ("clinical-practice", "Clinical practice", "professional"),
    ("records-and-systems", "Records and systems", "professional"),
    ("training", "Training and learning", "professional"),
    ("governance", "Governance and audit", "professional"),
]

# Plain words for patient pages: mostly one or two syllables.
P_SUBJECTS = [
    "You", "Your GP", "Your nurse", "Your family", "The care team", "A doctor",
    "Your carer", "The people close to you", "Someone you trust", "We",
    "Your social worker", "The hospice team", "A friend",
]
P_VERBS = [
    "can talk about", "can write down", "may ask about", "will help with",
    "can change", "should keep", "can share", "will read", "may think about",
    "can look at", "will check", "can plan", "might want", "can bring",
]
P_OBJECTS = [
    "your plan", "your wishes", "the form", "your care", "what matters to you",
    "the next steps", "where you want to be", "your choices", "a copy of it",
    "your notes", "the help you need", "your needs", "this with you",
    "your home", "your pain", "your meds", "the words you want",
]
P_TAILS = [
    "", "", "", "at any time", "with you", "each year", "when you feel ready",
    "at home", "by phone", "if you want", "in your own words", "first",
    "with your GP", "after a stay in hospital",
]

# Longer words and sentences for professional pages.
R_SUBJECTS = [
    "The responsible clinician", "The multidisciplinary team", "A registered nurse",
    "The care coordinator", "Primary care teams", "The ambulance service",
    "Hospital discharge teams", "The palliative care consultant",
    "Care home managers", "Each practice", "The clinical lead",
]
R_VERBS = [
    "should document", "must review", "is expected to record",
    "should consider", "will coordinate", "is responsible for updating",
    "should discuss", "must communicate", "should audit", "will validate",
]
R_OBJECTS = [
    "the anticipatory care plan", "resuscitation decisions",
    "the person's documented preferences", "the ceiling of treatment",
    "capacity assessments", "the shared care record",
    "best interests decisions", "medication authorisations",
    "the emergency care summary", "lasting power of attorney details",
]
R_TAILS = [
    "within two working days", "following each significant change",
    "in line with local governance arrangements",
    "using the agreed clinical coding", "before the person is discharged",
    "as part of the annual review", "in partnership with the person",
    "so that urgent care services can access it",
]
R_JOINS = ["and", "so that", "because", "while", "before"]

H2_PATIENT = [
    "What this means for you", "Who can help", "Things to think about",
    "Talking to your family", "Writing it down", "Keeping your plan safe",
    "Changing your mind", "If you are in hospital", "Getting started",
    "Questions you may have", "Where to get support", "Your rights",
    "Sharing your plan", "When to review it", "What happens next",
    "Money and paperwork", "Caring for someone", "Staying at home",
]
H2_PRO = [
    "Clinical responsibilities", "Documentation standards", "Coding guidance",
    "Assessing capacity", "Multidisciplinary review", "Escalation pathways",
    "Information governance", "Audit and quality", "Training requirements",
    "Handover arrangements", "Shared records", "Safeguarding considerations",
    "Prescribing anticipatory medicines", "Communication with families",
    "Out of hours services", "Service specification",
]
H3 = [
    "Before you start", "During the conversation", "Afterwards", "Examples",
    "Key points", "Common problems", "Useful contacts", "Checklist",
    "In practice", "Further reading", "Step by step", "Local variation",
]
TOPICS_P = [
    "Talking about care", "Choosing where to be cared for", "Making a plan",
    "Help at home", "Support for carers", "Saying what matters",
    "Planning with your GP", "Living with illness", "Making choices",
    "Care in the last weeks", "Looking after yourself", "Your care record",
]
TOPICS_R = [
    "Recording care plans", "Reviewing resuscitation status",
    "Coordinating discharge", "Anticipatory prescribing",
    "Advance care planning audit", "Capacity and consent",
    "Urgent care summaries", "Team training plans", "Care home liaison",
    "Data quality checks", "Escalation planning", "Referral criteria",
]
SOURCES = [
    ("NHS: end of life care", "https://www.nhs.uk/conditions/end-of-life-care/"),
    ("Universal Principles for Advance Care Planning",
     "https://www.coalitionforpersonalisedcare.org.uk/resources/universal-principles-for-advance-care-planning/"),
    ("ReSPECT process", "https://www.resus.org.uk/respect"),
    ("Mental Capacity Act Code of Practice",
     "https://www.gov.uk/government/publications/mental-capacity-act-code-of-practice"),
    ("NICE guideline NG142", "https://www.nice.org.uk/guidance/ng142"),
    ("Lasting power of attorney", "https://www.gov.uk/power-of-attorney"),
]
ALERTS = ["NOTE", "TIP", "IMPORTANT", "WARNING"]


def slug(text):
    """careguide's heading slug (GitHub style) for the ASCII text used here."""
    out = []
    for c in text.strip():
        if c.isalnum() or c in "_-":
            out.append(c.lower())
        elif c == " ":
            out.append("-")
    return "".join(out) or "section"


class Words:
    """Pools of sentences, made once from the grammar above."""

    def __init__(self, rng):
        self.patient = [self._patient(rng) for _ in range(4000)]
        self.pro = [self._pro(rng) for _ in range(4000)]

    @staticmethod
    def _patient(rng):
        parts = [rng.choice(P_SUBJECTS), rng.choice(P_VERBS), rng.choice(P_OBJECTS)]
        tail = rng.choice(P_TAILS)
        if tail:
            parts.append(tail)
        s = " ".join(parts) + "."
        return s, len(s.split())

    @staticmethod
    def _pro(rng):
        parts = [rng.choice(R_SUBJECTS), rng.choice(R_VERBS), rng.choice(R_OBJECTS),
                 rng.choice(R_TAILS)]
        if rng.random() < 0.5:
            s2 = rng.choice(R_SUBJECTS)
            parts += [rng.choice(R_JOINS), s2[0].lower() + s2[1:], rng.choice(R_VERBS),
                      rng.choice(R_OBJECTS)]
        s = " ".join(parts) + "."
        return s, len(s.split())

    def paragraph(self, rng, audience, n):
        pool = self.patient if audience == "patient" else self.pro
        picked = [rng.choice(pool) for _ in range(n)]
        return " ".join(s for s, _ in picked), sum(w for _, w in picked)


class Plan:
    """What every page will be, decided before any is written, so links can
    name real pages and real headings."""

    def __init__(self, n, rng):
        self.pages = []  # (section index, file stem, title, audience, h2 list)
        ordinary = max(n - 1 - len(SECTIONS), 0)
        for k in range(ordinary):
            s = k % len(SECTIONS)
            sec, _, audience = SECTIONS[s]
            topics = TOPICS_P if audience == "patient" else TOPICS_R
            number = k // len(SECTIONS) + 1
            title = f"{topics[k % len(topics)]} {number}"
            stem = f"{slug(topics[k % len(topics)])}-{number:05d}"
            h2s = rng.sample(H2_PATIENT if audience == "patient" else H2_PRO, rng.randint(3, 6))
            self.pages.append((s, stem, title, audience, h2s))


def front_matter(title, summary, audience, order, reviewed, sources, extra=""):
    lines = ["---", f"title: {title}", f'summary: "{summary}"', f"audience: {audience}",
             f"order: {order}", f"last_reviewed: {reviewed}"]
    if extra:
        lines.append(extra)
    lines.append("sources:")
    for t, u in sources:
        lines += [f'  - title: "{t}"', f"    url: {u}"]
    lines.append("---")
    return "\n".join(lines) + "\n"


def summary_for(rng, words, audience):
    while True:
        text, _ = words.paragraph(rng, audience, 2 if audience == "patient" else 1)
        if 50 <= len(text) <= 150:
            return text
        first = text.split(". ")[0].rstrip(".") + "."
        if 50 <= len(first) <= 150:
            return first


def review_date(rng):
    return f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}"


def link_to(plan, rng, here_section, depth_from_content, patient_only=False):
    """A Markdown link from a page in `here_section` to another page (a
    patient page if `patient_only`), with an anchor half of the time."""
    if patient_only:
        if not hasattr(plan, "patient_pages"):
            plan.patient_pages = [i for i, p in enumerate(plan.pages) if p[3] == "patient"]
        t = rng.choice(plan.patient_pages)
    else:
        t = rng.randrange(len(plan.pages))
    s, stem, title, _, h2s = plan.pages[t]
    sec = SECTIONS[s][0]
    path = f"{stem}.md" if s == here_section else f"../{sec}/{stem}.md"
    if rng.random() < 0.5:
        path += "#" + slug(rng.choice(h2s))
    return f"[{title}]({path})"


def page_body(rng, words, plan, idx):
    s, stem, title, audience, h2s = plan.pages[idx]
    target = rng.randint(560, 1400)
    patient = audience == "patient"
    out = [f"# {title}", ""]
    para, n = words.paragraph(rng, audience, rng.randint(3, 5))
    out += [para, ""]
    count = n + len(title.split())
    h3_pool = rng.sample(H3, len(H3))
    links_left = rng.randint(2, 5)
    feature = 0
    i = 0
    while count < target or i < len(h2s):
        heading = h2s[i % len(h2s)] if i < len(h2s) else None
        if heading is None:
            # Every h2 used: continue under h3 sub-headings, then plain text.
            if h3_pool:
                h = h3_pool.pop()
                out += [f"### {h}", ""]
                count += len(h.split())
        else:
            out += [f"## {heading}", ""]
            count += len(heading.split())
        i += 1
        para, n = words.paragraph(rng, audience, rng.randint(3, 6 if patient else 4))
        if links_left and rng.random() < 0.7:
            para += " See " + link_to(plan, rng, s, 1) + "."
            links_left -= 1
            n += 6
        out += [para, ""]
        count += n
        feature += 1
        kind = feature % 5
        if kind == 1:
            items = [words.paragraph(rng, audience, 1) for _ in range(rng.randint(3, 6))]
            out += [f"- {t}" for t, _ in items] + [""]
            count += sum(w for _, w in items)
        elif kind == 2:
            items = [words.paragraph(rng, audience, 1) for _ in range(rng.randint(3, 5))]
            out += [f"{k + 1}. {t}" for k, (t, _) in enumerate(items)] + [""]
            count += sum(w for _, w in items)
        elif kind == 3:
            out += ["| Who | What they do | When |", "| --- | --- | --- |"]
            for _ in range(rng.randint(3, 5)):
                who = rng.choice(P_SUBJECTS if patient else R_SUBJECTS)
                what = rng.choice(P_OBJECTS if patient else R_OBJECTS)
                when = rng.choice(P_TAILS[3:] if patient else R_TAILS)
                out.append(f"| {who} | {what} | {when} |")
                count += len(f"{who} {what} {when}".split())
            out.append("")
        elif kind == 4:
            text, n = words.paragraph(rng, audience, 2)
            out += [f"> [!{rng.choice(ALERTS)}]", f"> {text}", ""]
            count += n
        if heading is not None and rng.random() < 0.3 and h3_pool:
            h = h3_pool.pop()
            out += [f"### {h}", ""]
            para, n = words.paragraph(rng, audience, rng.randint(2, 4))
            out += [para, ""]
            count += n + len(h.split())
    while links_left:
        # On patient pages a professional page's title ("Reviewing
        # resuscitation status") alone in a sentence is far above the
        # plain-English rule's reading grade: they link to patient pages.
        out += ["See also " + link_to(plan, rng, s, 1, patient) + ".", ""]
        links_left -= 1
    return "\n".join(out)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


SITE_YAML = """\
title: Planning ahead (benchmark corpus)
base_url: https://bench.example.org/
language: en-GB
organisation: careguide benchmark corpus
description: A generated site for measuring build speed. Not real guidance.
contact:
  phone: "111"
  hours: 24 hours a day
  web: https://111.nhs.uk/
review:
  period_months: 36
  due_soon_days: 60
"""

FOOTER_EXTRA = """\
{#- Override this file in your site's templates/ to add text to every footer. -#}
<p class="footer-extra">Generated benchmark corpus.</p>
"""


def form_yaml(k, audience):
    return f"""\
id: bench-form-{k}
title: Benchmark form {k}
version: "1.0"
audience: {audience}
status: active
date: 2026-05-28
description: >-
  A generated form with the shape of careguide's own forms, used to measure
  build speed.
intro: >-
  Fill in the parts you want to. You can change it at any time.
sections:
  - id: about
    title: About the person
    fields:
      - {{ id: name, label: Name, type: text, required: true }}
      - {{ id: dob, label: Date of birth, type: date }}
      - {{ id: nhs-number, label: NHS number, type: nhs-number }}
  - id: wishes
    title: Wishes
    fields:
      - id: matters
        label: What matters most
        type: textarea
        lines: 4
        help: For example, family, faith, pets or being at home.
      - id: place
        label: Preferred place of care
        type: choice
        options:
          - {{ id: home, label: At home }}
          - {{ id: hospice, label: In a hospice }}
          - {{ id: hospital, label: In hospital }}
      - {{ id: has-lpa, label: Has a lasting power of attorney, type: yes-no }}
"""


def data_files(rng):
    regions = ["North", "South", "East", "West", "Central"]
    services = "services:\n" + "".join(
        f"  - name: Service {i}\n    region: {rng.choice(regions)}\n    phone: \"0{rng.randint(1000000000, 9999999999)}\"\n"
        for i in range(40))
    glossary = "terms:\n" + "".join(
        f"  - term: {w}\n    meaning: {rng.choice(P_OBJECTS)} and {rng.choice(P_OBJECTS)}\n"
        for w in sorted(set(P_OBJECTS + R_OBJECTS)))
    teams = "teams:\n" + "".join(f"  - {{ id: team-{i}, region: {regions[i % 5]} }}\n" for i in range(25))
    return {"services.yaml": services, "glossary.yaml": glossary, "teams.yaml": teams}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pages", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=8)
    args = ap.parse_args()
    if args.pages < 1 + len(SECTIONS) + 1:
        ap.error(f"N must be at least {len(SECTIONS) + 2}")
    rng = random.Random(args.seed)
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    words = Words(rng)
    plan = Plan(args.pages, rng)
    root = args.out
    write(os.path.join(root, "site.yaml"), SITE_YAML)
    write(os.path.join(root, "templates", "footer-extra.html"), FOOTER_EXTRA)
    for k in range(3):
        write(os.path.join(root, "forms", f"bench-form-{k}.yaml"),
              form_yaml(k, "patient" if k < 2 else "professional"))
    for name, text in data_files(rng).items():
        write(os.path.join(root, "data", name), text)

    home = ["# Planning ahead (benchmark corpus)", "",
            "This site is made by a script. It is used to time builds.", "",
            "## Sections", ""]
    home += [f"- [{t}]({sec}/_index.md)" for sec, t, _ in SECTIONS] + [""]
    write(os.path.join(root, "content", "_index.md"),
          front_matter("Benchmark corpus home", "A generated site used to measure how fast careguide builds pages.",
                       "patient", 0, "2026-06-01", SOURCES[:1]) + "\n" + "\n".join(home))
    # The built-in footer links to these two pages; like any real site, the
    # corpus has them (a missing one is a warning, and the smoke check
    # fails on warnings).
    for stem, title, text in (
        ("about", "About this site", "This site is made by a script. We use it to time builds."),
        ("accessibility", "Accessibility statement", "This site is made by a script. Tell us if you cannot use it."),
    ):
        write(os.path.join(root, "content", f"{stem}.md"),
              front_matter(title, text, "everyone", 900, "2026-06-01", SOURCES[:1])
              + f"\n# {title}\n\n{text}\n")
    for s, (sec, title, audience) in enumerate(SECTIONS):
        body, _ = words.paragraph(rng, audience, 4)
        text = front_matter(title, summary_for(rng, words, audience), audience, (s + 1) * 10,
                            review_date(rng), [rng.choice(SOURCES)])
        text += f"\n# {title}\n\n{body}\n"
        write(os.path.join(root, "content", sec, "_index.md"), text)
    for idx, (s, stem, title, audience, _) in enumerate(plan.pages):
        sources = rng.sample(SOURCES, rng.randint(1, 3))
        text = front_matter(title, summary_for(rng, words, audience), audience,
                            idx // len(SECTIONS) + 1, review_date(rng), sources)
        text += "\n" + page_body(rng, words, plan, idx) + "\n"
        write(os.path.join(root, "content", SECTIONS[s][0], f"{stem}.md"), text)
    assert not re.search(r"[^\x00-\x7f]", SITE_YAML)
    print(f"wrote {args.pages} pages to {root}")


if __name__ == "__main__":
    main()
