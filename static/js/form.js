// Form page: show_if, print, save/load answers as a FHIR R4 QuestionnaireResponse.
// All on the device: no network, no storage; files are made and read locally.
//
// Clinical safety rules (issue 15): a loaded answer is matched to an option
// by its Coding's system and code only, never by wording or position; an
// answer that matches nothing is shown as such beside its question; save
// refuses what the Questionnaire forbids (impossible or partial dates, NHS
// numbers failing the check digit, missing required answers when the person
// says they have finished) with a message beside the field, and never drops
// an answer without saying so.
(() => {
  "use strict";
  const form = document.getElementById("acp-form");
  const actions = document.getElementById("form-actions");
  if (!form || !actions) return;
  const url = form.dataset.questionnaireUrl || new URL("questionnaire.json", document.baseURI).href;
  const NHS_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number";
  const all = (sel, root) => Array.from((root || form).querySelectorAll(sel));
  const fields = (root) => all(".field[data-link-id]", root);
  const byLink = (id) => form.querySelector('.field[data-link-id="' + CSS.escape(id) + '"]');
  const checked = (f) => all("input:checked", f);
  const TEXT = ["text", "phone", "textarea"];
  let status, complete;

  // The words, in the page's language: templates/form.html writes them into
  // #form-actions from i18n/<code>.yaml (form_script.*). A theme's own form
  // page without them gets these English ones. {name}s are filled in by w().
  const words = {
    printButton: "Print this form",
    saveButton: "Save my answers",
    loadButton: "Load saved answers",
    finishedLabel: "I have finished: every question marked (required) is answered",
    saveAbout: "‘Save my answers’ makes a file with your answers in it. The file goes in the Downloads folder of this "
      + "device. It is not sent to us or to anyone else. To carry on later, choose ‘Load saved answers’ and pick that file.",
    quoted: "‘{text}’",
    dateIncomplete: "Enter the day, month and year (you entered {date}).",
    dateDigits: "Use numbers only: 2 for the day, 2 for the month and 4 for the year (you entered {date}).",
    dateMissing: "This date does not exist: {date}. Check the day and the month.",
    nhsLength: "An NHS number has 10 digits; this has {count}. Check it against a letter from the NHS.",
    nhsLengthOther: "An NHS number has 10 digits; this has {count} and other characters. Check it against a letter from the NHS.",
    nhsInvalid: "This is not a valid NHS number: {number}. One of the digits is probably wrong. Check it against a letter from the NHS.",
    tableRequired: "Fill in at least one row, or untick ‘I have finished’.",
    answerRequired: "Answer this question, or untick ‘I have finished’.",
    notSaved: "Not saved: {problem}",
    notSavedOne: "Your answers were not saved. Fix the problem marked on the form: {questions}.",
    notSavedOther: "Your answers were not saved. Fix the {count} problems marked on the form: {questions}.",
    skipped: "This answer was not saved, because the question it follows was not answered ‘{answer}’.",
    saved: "Your answers were saved in a file on this device. Keep it safe.",
    savedFinished: "Your answers were saved in a file on this device, marked as finished. Keep it safe.",
    savedSkipped: "Not saved, because they did not apply: {questions}.",
    fileUnreadable: "That file could not be read. Choose a file saved from this form.",
    loadUnavailable: "Saved answers cannot be loaded just now. Reload the page and try again.",
    datePartial: "This saved date is not complete ({date}). Add the missing day or month.",
    unmatchedOption: "This saved answer does not match any option: {answer}. It has not been filled in; check the answer and choose again.",
    unmatchedColumn: "This saved answer does not match any column: {answer}.",
    answerCode: "{answer} (code {code})",
    loaded: "Your saved answers were loaded. Check them before you print.",
    loadedCheck: "Your saved answers were loaded, but some need checking: see the messages on the form.",
    loadedUnknownOne: "Your saved answers were loaded, but some need checking: see the messages on the form. This form has no question for {count} saved answer ({ids}).",
    loadedUnknownOther: "Your saved answers were loaded, but some need checking: see the messages on the form. This form has no question for {count} saved answers ({ids}).",
  };
  Object.keys(words).forEach((k) => { if (actions.dataset[k]) words[k] = actions.dataset[k]; });
  const w = (key, vars) => words[key].replace(/\{(\w+)\}/g, (m, name) => (vars && name in vars ? String(vars[name]) : m));

  form.addEventListener("submit", (e) => e.preventDefault());

  // The question's own words, for messages that name it.
  const labelOf = (f) => {
    const l = f.querySelector(".field-label");
    if (!l) return f.dataset.linkId;
    const c = l.cloneNode(true);
    all(".field-code, .field-required", c).forEach((x) => x.remove());
    return c.textContent.trim();
  };

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

  // FHIR's enableWhen: a conditional field applies only when its question is
  // itself enabled and has the answer it names. Unanswered is not enabled.
  function enabled(f) {
    if (!f.dataset.showIf) return true;
    const target = byLink(f.dataset.showIf);
    return !!target && enabled(target) && checked(target).some((i) => i.value === f.dataset.showValue);
  }

  // --- messages beside a field -------------------------------------------

  function note(f, cls, text) {
    const p = document.createElement("p");
    p.className = "field-message " + cls;
    p.id = f.id + "-" + cls + "-" + (f.querySelectorAll("." + cls).length + 1);
    p.textContent = text;
    const before = f.querySelector(".field-condition");
    if (before) before.after(p); else f.prepend(p);
    // Screen readers hear the message with the control it belongs to.
    const control = f.querySelector("fieldset, table, input, textarea");
    if (control) {
      const ids = (control.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      control.setAttribute("aria-describedby", ids.concat(p.id).join(" "));
    }
    if (cls === "field-error") all("input, textarea", f).forEach((i) => i.setAttribute("aria-invalid", "true"));
    return p;
  }

  function clearNotes(cls) {
    all(".field-message." + cls).forEach((p) => {
      const f = p.closest(".field");
      all("[aria-describedby]", f).forEach((c) => {
        const ids = c.getAttribute("aria-describedby").split(" ").filter((id) => id && id !== p.id);
        if (ids.length) c.setAttribute("aria-describedby", ids.join(" ")); else c.removeAttribute("aria-describedby");
      });
      if (cls === "field-error") all("[aria-invalid]", f).forEach((i) => i.removeAttribute("aria-invalid"));
      p.remove();
    });
  }

  // --- reading the fields --------------------------------------------------

  // A date as FHIR `YYYY-MM-DD`, or an error. A date must be whole: a day,
  // month and year that exist together.
  function readDate(f) {
    const get = (p) => (f.querySelector('[data-part="' + p + '"]') || { value: "" }).value.trim();
    const d = get("day"), m = get("month"), y = get("year");
    if (!d && !m && !y) return {};
    const shown = [d || "__", m || "__", y || "____"].join("/");
    if (!d || !m || !y) return { error: w("dateIncomplete", { date: shown }) };
    if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) {
      return { error: w("dateDigits", { date: shown }) };
    }
    if (+m < 1 || +m > 12 || +d < 1 || +d > new Date(+y, +m, 0).getDate()) {
      return { error: w("dateMissing", { date: shown }) };
    }
    return { value: y + "-" + m.padStart(2, "0") + "-" + d.padStart(2, "0") };
  }

  // NHS numbers have 10 digits, the last a Modulus 11 check digit.
  function nhsValid(n) {
    if (!/^[0-9]{10}$/.test(n)) return false;
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += +n[i] * (10 - i);
    const check = 11 - (sum % 11);
    return check !== 10 && (check === 11 ? 0 : check) === +n[9];
  }

  function readNhs(f) {
    const v = all("input", f).map((i) => i.value.replace(/\s/g, "")).join("");
    if (!v) return {};
    if (!/^[0-9]{10}$/.test(v)) return { error: w(/\D/.test(v) ? "nhsLengthOther" : "nhsLength", { count: v.replace(/\D/g, "").length }) };
    if (!nhsValid(v)) return { error: w("nhsInvalid", { number: v }) };
    return { value: v };
  }

  // A field's answers (FHIR `answer` list) or the error that stops a save.
  function read(f) {
    const type = f.dataset.type;
    if (TEXT.includes(type)) {
      const v = f.querySelector("input, textarea").value;
      return { answer: v.trim() ? [{ valueString: v }] : [] };
    }
    if (type === "nhs-number" || type === "date") {
      const r = type === "date" ? readDate(f) : readNhs(f);
      if (r.error) return { error: r.error, answer: [] };
      if (!r.value) return { answer: [] };
      return { answer: [type === "date" ? { valueDate: r.value } : { valueString: r.value }] };
    }
    if (type === "yes-no") return { answer: checked(f).map((i) => ({ valueBoolean: i.value === "yes" })) };
    if (type === "choice") {
      return { answer: checked(f).map((i) => ({ valueCoding: { system: i.dataset.system, code: i.dataset.code, display: i.dataset.display } })) };
    }
    return { answer: [] };
  }

  // A table is a repeating group: one item per row that has something in it.
  const tableItems = (f) => all("tbody tr", f)
    .map((row) => all("input", row).filter((i) => i.value.trim())
      .map((i) => ({ linkId: i.dataset.linkId, answer: [{ valueString: i.value }] })))
    .filter((cells) => cells.length)
    .map((cells) => ({ linkId: f.dataset.linkId, item: cells }));

  const required = (f) => !!f.querySelector(".field-required");
  const hasInput = (f) => all("input:not([type=radio]):not([type=checkbox]), textarea", f).some((i) => i.value.trim()) || checked(f).length > 0;

  // The response, with the problems that stop it being saved and the
  // answers left out because their question did not apply.
  function response(finished) {
    const item = [], problems = [], skipped = [];
    let nhs = null;
    all(".form-section[data-link-id]").forEach((s) => {
      const inner = [];
      fields(s).forEach((f) => {
        if (!enabled(f)) {
          if (hasInput(f)) skipped.push(f);
          return;
        }
        if (f.dataset.type === "table") {
          const rows = tableItems(f);
          if (finished && required(f) && !rows.length) problems.push([f, w("tableRequired")]);
          return inner.push(...rows);
        }
        const r = read(f);
        if (r.error) problems.push([f, r.error]);
        else if (finished && required(f) && !r.answer.length) problems.push([f, w("answerRequired")]);
        if (r.answer.length) inner.push({ linkId: f.dataset.linkId, answer: r.answer });
        if (f.dataset.type === "nhs-number" && r.answer.length && !nhs) nhs = r.answer[0].valueString;
      });
      if (inner.length) item.push({ linkId: s.dataset.linkId, item: inner });
    });
    const v = form.dataset.formVersion, questionnaire = url + (v ? "|" + v : "");
    const qr = { resourceType: "QuestionnaireResponse", questionnaire, status: finished ? "completed" : "in-progress" };
    if (nhs) qr.subject = { identifier: { system: NHS_SYSTEM, value: nhs } };
    qr.authored = new Date().toISOString();
    qr.item = item;
    return { qr, problems, skipped };
  }

  const say = (text) => { status.textContent = text; };
  const names = (list) => list.map((f) => w("quoted", { text: labelOf(f) })).join(", ");

  function save() {
    clearNotes("field-error");
    clearNotes("field-skipped");
    const { qr, problems, skipped } = response(complete.checked);
    if (problems.length) {
      problems.forEach(([f, text]) => note(f, "field-error", w("notSaved", { problem: text })));
      const first = problems[0][0];
      if (first.hidden) first.hidden = false;
      (first.querySelector("input, textarea") || first).focus();
      const questions = names(problems.map((p) => p[0]));
      say(w(problems.length === 1 ? "notSavedOne" : "notSavedOther", { count: problems.length, questions }));
      return;
    }
    // A yes or no answer is named in lower case, mid-sentence ("answered ‘yes’").
    skipped.forEach((f) => note(f, "field-skipped", w("skipped", {
      answer: f.dataset.showValue === "yes" || f.dataset.showValue === "no" ? optionLabel(f).toLowerCase() : optionLabel(f),
    })));
    const blob = new Blob([JSON.stringify(qr, null, 2)], { type: "application/fhir+json" });
    const a = Object.assign(document.createElement("a"), { href: URL.createObjectURL(blob),
      download: (form.dataset.formId || "form") + "-answers-" + new Date().toISOString().slice(0, 10) + ".json" });
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    say(w(qr.status === "completed" ? "savedFinished" : "saved")
      + (skipped.length ? " " + w("savedSkipped", { questions: names(skipped) }) : ""));
  }

  // The label of the option a conditional field depends on.
  function optionLabel(f) {
    const target = byLink(f.dataset.showIf);
    const input = target && all("input", target).find((i) => i.value === f.dataset.showValue);
    const label = input && form.querySelector('label[for="' + CSS.escape(input.id) + '"]');
    return label ? label.firstChild.textContent.trim() : f.dataset.showValue;
  }

  // Reading a saved file is in form-load.js, fetched only when someone
  // loads one: most visits never do, and the page stays light.
  const loaderUrl = new URL("form-load.js", (document.currentScript || {}).src || document.baseURI).href;
  function loader() {
    if (window.careguideFormLoad) return Promise.resolve(window.careguideFormLoad);
    return new Promise((resolve, reject) => {
      const s = Object.assign(document.createElement("script"), { src: loaderUrl });
      s.onload = () => resolve(window.careguideFormLoad);
      s.onerror = reject;
      document.head.append(s);
    });
  }

  function load(file) {
    const reader = new FileReader();
    reader.onload = async () => {
      let qr, fill;
      try {
        qr = JSON.parse(reader.result);
      } catch (e) {
        return say(w("fileUnreadable"));
      }
      try {
        fill = (await loader())({ form, all, byLink, note, clearNotes, update, grow, complete, TEXT, w });
      } catch (e) {
        return say(w("loadUnavailable"));
      }
      try {
        say(fill(qr));
      } catch (e) {
        say(w("fileUnreadable"));
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
    return b;
  }

  const picker = Object.assign(document.createElement("input"), { type: "file", accept: ".json,application/json", hidden: true });
  picker.addEventListener("change", () => {
    if (picker.files[0]) load(picker.files[0]);
    picker.value = "";
  });

  button(w("printButton"), "", () => window.print());
  const saveButton = button(w("saveButton"), "secondary", save);
  button(w("loadButton"), "secondary", () => picker.click());
  // Whether the answers are finished is the person's choice; it becomes the
  // response's status, and only then must every required question be answered.
  const finish = document.createElement("p");
  finish.className = "form-finished";
  complete = Object.assign(document.createElement("input"), { type: "checkbox", id: "form-finished" });
  const finishLabel = Object.assign(document.createElement("label"), { htmlFor: "form-finished",
    textContent: w("finishedLabel") });
  finish.append(complete, " ", finishLabel);
  const about = Object.assign(document.createElement("p"), { className: "form-save-about", id: "form-save-about",
    textContent: w("saveAbout") });
  saveButton.setAttribute("aria-describedby", about.id);
  status = Object.assign(document.createElement("p"), { className: "form-status" });
  status.setAttribute("role", "status");
  actions.append(finish, about, picker, status);

  form.addEventListener("change", update);
  form.addEventListener("input", (e) => { if (e.target.tagName === "TEXTAREA") grow(e.target); });
  update();
})();
