// Form page: show_if, print, save/load answers as a FHIR R4 QuestionnaireResponse.
// All on the device: no network, no storage; files are made and read locally.
(() => {
  "use strict";
  const form = document.getElementById("acp-form");
  const actions = document.getElementById("form-actions");
  if (!form || !actions) return;
  const url = form.dataset.questionnaireUrl || new URL("questionnaire.json", document.baseURI).href;
  const all = (sel, root) => Array.from((root || form).querySelectorAll(sel));
  const fields = (root) => all(".field[data-link-id]", root);
  const byLink = (id) => form.querySelector('.field[data-link-id="' + CSS.escape(id) + '"]');
  const checked = (f) => all("input:checked", f);
  const TEXT = ["text", "phone", "textarea"];
  let status;

  form.addEventListener("submit", (e) => e.preventDefault());

  // Hide a conditional field only once its question is answered otherwise (or
  // hidden): unanswered, it shows with its "If yes" words, as on paper.
  function update() {
    fields().forEach((f) => {
      if (!f.dataset.showIf) return;
      const target = byLink(f.dataset.showIf);
      const values = target ? checked(target).map((i) => i.value) : [];
      f.hidden = !!target && (target.hidden || (values.length > 0 && !values.includes(f.dataset.showValue)));
    });
  }

  function dateValue(f) {
    const get = (p) => (f.querySelector('[data-part="' + p + '"]') || { value: "" }).value.trim();
    const y = get("year");
    let m = get("month"), d = get("day");
    if (!/^\d{4}$/.test(y)) return null;
    if (!m) return y;
    if (!/^\d{1,2}$/.test(m) || +m < 1 || +m > 12) return null;
    m = m.padStart(2, "0");
    if (!d) return y + "-" + m;
    if (!/^\d{1,2}$/.test(d) || +d < 1 || +d > new Date(+y, +m, 0).getDate()) return null;
    return y + "-" + m + "-" + d.padStart(2, "0");
  }

  function answers(f) {
    const type = f.dataset.type;
    if (TEXT.includes(type)) {
      const v = f.querySelector("input, textarea").value;
      return v.trim() ? [{ valueString: v }] : [];
    }
    if (type === "nhs-number") {
      const v = all("input", f).map((i) => i.value.trim()).join("");
      return v ? [{ valueString: v }] : [];
    }
    if (type === "date") {
      const v = dateValue(f);
      return v ? [{ valueDate: v }] : [];
    }
    if (type === "yes-no") return checked(f).map((i) => ({ valueBoolean: i.value === "yes" }));
    if (type === "choice") {
      return checked(f).map((i) => i.dataset.code
        ? { valueCoding: { system: i.dataset.system, code: i.dataset.code, display: i.value } }
        : { valueString: i.value });
    }
    return [];
  }

  // A table is a repeating group: one item per row that has something in it.
  const tableItems = (f) => all("tbody tr", f)
    .map((row) => all("input", row).filter((i) => i.value.trim())
      .map((i) => ({ linkId: i.dataset.linkId, answer: [{ valueString: i.value }] })))
    .filter((cells) => cells.length)
    .map((cells) => ({ linkId: f.dataset.linkId, item: cells }));

  function response() {
    const item = [];
    all(".form-section[data-link-id]").forEach((s) => {
      const inner = [];
      fields(s).forEach((f) => {
        if (f.hidden) return;
        if (f.dataset.type === "table") return inner.push(...tableItems(f));
        const answer = answers(f);
        if (answer.length) inner.push({ linkId: f.dataset.linkId, answer });
      });
      if (inner.length) item.push({ linkId: s.dataset.linkId, item: inner });
    });
    const v = form.dataset.formVersion, questionnaire = url + (v ? "|" + v : "");
    return { resourceType: "QuestionnaireResponse", questionnaire, status: "in-progress", authored: new Date().toISOString(), item };
  }

  const say = (text) => { status.textContent = text; };

  function save() {
    const blob = new Blob([JSON.stringify(response(), null, 2)], { type: "application/fhir+json" });
    const a = Object.assign(document.createElement("a"), { href: URL.createObjectURL(blob),
      download: (form.dataset.formId || "form") + "-answers-" + new Date().toISOString().slice(0, 10) + ".json" });
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    say("Your answers were saved in a file on this device. Keep it safe.");
  }

  function setField(f, list) {
    const type = f.dataset.type, first = list[0] || {};
    if (TEXT.includes(type)) {
      f.querySelector("input, textarea").value = first.valueString || "";
    } else if (type === "nhs-number") {
      const digits = (first.valueString || "").replace(/\s/g, "");
      all("input", f).forEach((i, n) => { i.value = [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6)][n] || ""; });
    } else if (type === "date") {
      const [y, m, d] = (first.valueDate || "").split("-");
      const parts = { year: y, month: m, day: d };
      all("[data-part]", f).forEach((i) => { i.value = parts[i.dataset.part] || ""; });
    } else if (type === "yes-no" || type === "choice") {
      all("input", f).forEach((i) => {
        i.checked = list.some((a) => ("valueBoolean" in a && (i.value === "yes") === a.valueBoolean)
          || (a.valueCoding && (a.valueCoding.code === i.dataset.code || a.valueCoding.display === i.value))
          || a.valueString === i.value);
      });
    }
  }

  function fill(qr) {
    if (!qr || qr.resourceType !== "QuestionnaireResponse") throw new Error("not a response");
    form.reset();
    const rows = {};
    const walk = (items) => (items || []).forEach((it) => {
      const f = byLink(it.linkId);
      if (!f) return walk(it.item);
      if (f.dataset.type !== "table") return setField(f, it.answer || []);
      rows[it.linkId] = (rows[it.linkId] || 0) + 1;
      const row = f.querySelector('tbody tr[data-row="' + rows[it.linkId] + '"]');
      (it.item || []).forEach((c) => {
        const i = row && row.querySelector('input[data-link-id="' + CSS.escape(c.linkId) + '"]');
        if (i && c.answer && c.answer[0]) i.value = c.answer[0].valueString || "";
      });
    });
    walk(qr.item);
    update();
    all("textarea").forEach(grow);
  }

  function load(file) {
    const reader = new FileReader();
    reader.onload = () => {
      try {
        fill(JSON.parse(reader.result));
        say("Your saved answers were loaded. Check them before you print.");
      } catch (e) {
        say("That file could not be read. Choose a file saved from this form.");
      }
    };
    reader.readAsText(file);
  }

  function grow(t) {
    t.style.height = "";
    if (t.scrollHeight > t.clientHeight) t.style.height = t.scrollHeight + 4 + "px";
  }

  // A textarea prints only what fits its box, so print filled ones as text.
  window.addEventListener("beforeprint", () => all("textarea").forEach((t) => {
    if (!t.value.trim()) return;
    const d = document.createElement("div");
    d.className = "print-text lines-" + t.dataset.lines;
    d.textContent = t.value;
    t.classList.add("has-print-text");
    t.after(d);
  }));
  window.addEventListener("afterprint", () => {
    all(".print-text").forEach((d) => d.remove());
    all(".has-print-text").forEach((t) => t.classList.remove("has-print-text"));
  });

  function button(text, cls, onClick) {
    const b = Object.assign(document.createElement("button"), { type: "button", className: "form-button " + cls, textContent: text });
    b.addEventListener("click", onClick);
    actions.append(b);
  }

  const picker = Object.assign(document.createElement("input"), { type: "file", accept: ".json,application/json", hidden: true });
  picker.addEventListener("change", () => {
    if (picker.files[0]) load(picker.files[0]);
    picker.value = "";
  });

  button("Print this form", "", () => window.print());
  button("Save my answers", "secondary", save);
  button("Load saved answers", "secondary", () => picker.click());
  status = Object.assign(document.createElement("p"), { className: "form-status" });
  status.setAttribute("role", "status");
  actions.append(picker, status);

  form.addEventListener("change", update);
  form.addEventListener("input", (e) => { if (e.target.tagName === "TEXTAREA") grow(e.target); });
  update();
})();
