"""Validate the FHIR resources the interop test wrote (OUT_DIR/*.json).

Two independent checks, neither using careguide's code:

1. Structure: every Questionnaire, CodeSystem and QuestionnaireResponse is
   parsed by the FHIR models of PyPI `fhir.resources` (R4B, whose
   Questionnaire, QuestionnaireResponse and CodeSystem are R4's), which
   enforce FHIR's data types, cardinalities and required elements.
2. Response against its Questionnaire, by the R4 rules a validator applies:
   every linkId exists where the response puts it; an answer has the item's
   type; a choice answer is one of the item's answerOption Codings (system
   and code); maxLength and the regex extension hold; no answer to an item
   whose enableWhen is not met; a non-repeating item has one answer; a
   `completed` response answers every enabled required item. And the form's
   CodeSystem holds every code its Questionnaire takes from it, with the same
   display.

usage: python validate.py OUT_DIR   (exit 1 on any problem)
"""

import json
import re
import sys
from pathlib import Path

from fhir.resources.R4B.codesystem import CodeSystem
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

MODELS = {
    "Questionnaire": Questionnaire,
    "QuestionnaireResponse": QuestionnaireResponse,
    "CodeSystem": CodeSystem,
}
VALUE = {
    "string": "valueString",
    "text": "valueString",
    "date": "valueDate",
    "boolean": "valueBoolean",
    "choice": "valueCoding",
    "attachment": "valueAttachment",
}
DATE = re.compile(r"^([0-9]{4})(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$")
REGEX_URL = "http://hl7.org/fhir/StructureDefinition/regex"


def flatten(items, acc=None):
    acc = {} if acc is None else acc
    for it in items or []:
        acc[it["linkId"]] = it
        flatten(it.get("item"), acc)
    return acc


def answers_by_link(qr):
    found = {}

    def walk(items):
        for it in items or []:
            found.setdefault(it["linkId"], []).extend(it.get("answer", []))
            walk(it.get("item"))

    walk(qr.get("item"))
    return found


def coding_key(c):
    return (c.get("system"), c.get("code"))


def enabled(item, qitems, answers):
    for w in item.get("enableWhen", []):
        got = answers.get(w["question"], [])
        if "answerCoding" in w:
            ok = any(coding_key(a.get("valueCoding", {})) == coding_key(w["answerCoding"]) for a in got)
        elif "answerBoolean" in w:
            ok = any(a.get("valueBoolean") is w["answerBoolean"] for a in got)
        else:
            return True  # other operators are not used by careguide
        if w["operator"] == "!=":
            ok = not ok
        if not ok:
            return False
    return True


def check_response(qr, q):
    problems = []
    qitems = flatten(q.get("item"))
    answers = answers_by_link(qr)
    # fhir.resources checks a code's syntax, not its required value set.
    if qr.get("status") not in ("in-progress", "completed", "amended", "entered-in-error", "stopped"):
        problems.append(f"status {qr.get('status')!r} is not a QuestionnaireResponse status")
    canonical = qr.get("questionnaire")
    if canonical and canonical.split("|")[0] != q["url"]:
        problems.append(f"questionnaire {canonical} is not {q['url']}")

    def walk(items, parent, path):
        seen = {}
        for it in items or []:
            link = it["linkId"]
            qi = qitems.get(link)
            where = f"{path}/{link}"
            if qi is None:
                problems.append(f"{where}: no such item in the Questionnaire")
                continue
            expected_parent = next(
                (p for p, pi in qitems.items() if any(c["linkId"] == link for c in pi.get("item", []))),
                None,
            )
            if expected_parent != parent:
                problems.append(f"{where}: belongs under {expected_parent}, not {parent}")
            seen[link] = seen.get(link, 0) + 1
            if seen[link] > 1 and not qi.get("repeats"):
                problems.append(f"{where}: appears {seen[link]} times but does not repeat")
            if not enabled(qi, qitems, answers) and (it.get("answer") or it.get("item")):
                problems.append(f"{where}: answered although its enableWhen is not met")
            ans = it.get("answer", [])
            if len(ans) > 1 and not qi.get("repeats"):
                problems.append(f"{where}: {len(ans)} answers to an item that does not repeat")
            key = VALUE.get(qi["type"])
            for a in ans:
                if qi["type"] in ("group", "display") or key not in a:
                    problems.append(f"{where}: answer {a} does not fit type {qi['type']}")
                    continue
                v = a[key]
                if key == "valueCoding":
                    allowed = [coding_key(o["valueCoding"]) for o in qi.get("answerOption", [])]
                    if coding_key(v) not in allowed:
                        problems.append(f"{where}: {coding_key(v)} is not one of its answerOption codings")
                if key == "valueDate" and not DATE.match(v):
                    problems.append(f"{where}: {v!r} is not a FHIR date")
                if key == "valueString":
                    if "maxLength" in qi and len(v) > qi["maxLength"]:
                        problems.append(f"{where}: longer than maxLength {qi['maxLength']}")
                    for ext in qi.get("extension", []):
                        if ext["url"] == REGEX_URL and not re.fullmatch(ext["valueString"].strip("^$"), v):
                            problems.append(f"{where}: {v!r} does not match {ext['valueString']}")
            walk(it.get("item"), link, where)

    walk(qr.get("item"), None, "")
    if qr.get("status") == "completed":
        for link, qi in qitems.items():
            if qi.get("required") and qi["type"] not in ("group", "display") and enabled(qi, qitems, answers):
                parent_ok = all(
                    enabled(p, qitems, answers)
                    for p in qitems.values()
                    if any(c["linkId"] == link for c in p.get("item", []))
                )
                if parent_ok and not answers.get(link):
                    problems.append(f"/{link}: required, and the response is completed, but it has no answer")
    return problems


def check_codesystem(cs, q):
    problems = []
    concepts = {c["code"]: c.get("display") for c in cs.get("concept", [])}
    for link, qi in flatten(q.get("item")).items():
        for o in qi.get("answerOption", []):
            c = o.get("valueCoding", {})
            if c.get("system") == cs["url"]:
                if c["code"] not in concepts:
                    problems.append(f"{link}: code {c['code']} is not in the CodeSystem")
                elif concepts[c["code"]] != c.get("display"):
                    problems.append(f"{link}: display {c.get('display')!r} is not the CodeSystem's {concepts[c['code']]!r}")
    return problems


def main(out):
    files = sorted(Path(out).glob("*.json"))
    if not files:
        print(f"no resources in {out}")
        return 1
    failed = 0
    questionnaires = {}
    for f in files:
        data = json.loads(f.read_text())
        if data.get("resourceType") == "Questionnaire":
            questionnaires[f.name.split(".")[0]] = data
    for f in files:
        data = json.loads(f.read_text())
        rt = data.get("resourceType")
        problems = []
        try:
            MODELS[rt].parse_obj(data)
        except KeyError:
            problems.append(f"unexpected resourceType {rt}")
        except Exception as e:  # the models' validation errors, reported as found
            problems.append("fhir.resources: " + " ".join(str(e).split())[:600])
        q = questionnaires.get(f.name.split(".")[0])
        if rt == "QuestionnaireResponse" and q:
            problems += check_response(data, q)
        if rt == "CodeSystem" and q:
            problems += check_codesystem(data, q)
        if problems:
            failed += 1
            print(f"FAIL {f.name} ({rt})")
            for p in problems:
                print("     " + p)
        else:
            answered = sum(len(v) for v in answers_by_link(data).values()) if rt == "QuestionnaireResponse" else None
            extra = f", {answered} answers, status {data.get('status')}" if answered is not None else ""
            print(f"ok   {f.name} ({rt}{extra})")
    print(f"{len(files) - failed}/{len(files)} resources valid")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/careguide-interop"))
