// Form page, loading saved answers: fetched by form.js only when someone
// chooses "Load saved answers". A choice answer ticks an option only when its
// Coding's system and code are the option's, never by wording or position;
// anything that fits nowhere is shown beside its question, never guessed at.
// `k` is form.js's kit: the form and its helpers. Returns fill(response),
// which fills the form and says what happened.
window.careguideFormLoad = (k) => {
  "use strict";
  const { form, all, byLink, note, clearNotes, update, grow, complete, TEXT, w } = k;

  // How an answer reads in a message: its wording, else its code or value.
  function shown(a) {
    if (a.valueCoding) {
      const answer = a.valueCoding.display || a.valueCoding.code || "?";
      return a.valueCoding.code ? w("answerCode", { answer, code: a.valueCoding.code }) : answer;
    }
    const key = Object.keys(a).find((k) => k.startsWith("value"));
    return key ? String(a[key]) : JSON.stringify(a);
  }

  // Put one question's saved answers into its field; returns the answers
  // that fit nowhere, which are then shown beside it, never guessed at.
  function setField(f, list) {
    const type = f.dataset.type;
    const unmatched = [];
    if (TEXT.includes(type) || type === "nhs-number") {
      list.forEach((a, n) => { if (typeof a.valueString !== "string" || n > 0) unmatched.push(a); });
      const v = list[0] && typeof list[0].valueString === "string" ? list[0].valueString : "";
      if (TEXT.includes(type)) f.querySelector("input, textarea").value = v;
      else {
        const digits = v.replace(/\s/g, "");
        all("input", f).forEach((i, n) => { i.value = [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6)][n] || ""; });
      }
    } else if (type === "date") {
      list.forEach((a, n) => { if (typeof a.valueDate !== "string" || n > 0) unmatched.push(a); });
      const v = list[0] && typeof list[0].valueDate === "string" ? list[0].valueDate : "";
      const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(v);
      const parts = m ? { year: m[1], month: m[2], day: m[3] } : {};
      all("[data-part]", f).forEach((i) => { i.value = parts[i.dataset.part] || ""; });
      if (m && !m[3]) note(f, "field-error", w("datePartial", { date: v }));
      if (v && !m) unmatched.push(list[0]);
    } else if (type === "yes-no" || type === "choice") {
      const inputs = all("input", f);
      inputs.forEach((i) => { i.checked = false; });
      list.forEach((a) => {
        const hit = inputs.find((i) => type === "yes-no"
          ? typeof a.valueBoolean === "boolean" && (i.value === "yes") === a.valueBoolean
          : !!a.valueCoding && !!i.dataset.code && !!i.dataset.system
            && a.valueCoding.code === i.dataset.code && a.valueCoding.system === i.dataset.system);
        if (hit && (hit.type === "checkbox" || !inputs.some((i) => i.checked))) hit.checked = true;
        else unmatched.push(a);
      });
    } else {
      unmatched.push(...list);
    }
    unmatched.forEach((a) => note(f, "field-unmatched", w("unmatchedOption", { answer: shown(a) })));
    return unmatched.length;
  }

  // A table's rows grow to hold every saved row: a row is copied and renumbered.
  function tableRow(f, n) {
    const body = f.querySelector("tbody");
    let row = body.querySelector('tr[data-row="' + n + '"]');
    while (!row) {
      const last = body.lastElementChild;
      const k = +last.dataset.row + 1;
      const copy = last.cloneNode(true);
      copy.dataset.row = String(k);
      all("input", copy).forEach((i) => {
        i.value = "";
        i.id = i.id.replace(/-r\d+-/, "-r" + k + "-");
        i.name = i.name.replace(/\.\d+$/, "." + k);
        i.setAttribute("aria-label", i.getAttribute("aria-label").replace(/\d+$/, String(k)));
      });
      body.append(copy);
      row = body.querySelector('tr[data-row="' + n + '"]');
    }
    return row;
  }

  function fill(qr) {
    if (!qr || qr.resourceType !== "QuestionnaireResponse") throw new Error("not a response");
    form.reset();
    clearNotes("field-error");
    clearNotes("field-skipped");
    clearNotes("field-unmatched");
    const rows = {}, unknown = [];
    let problems = 0;
    const walk = (items) => (items || []).forEach((it) => {
      const f = byLink(it.linkId);
      if (!f) {
        if (it.item) return walk(it.item);
        if (it.answer) unknown.push(it.linkId);
        return;
      }
      if (f.dataset.type !== "table") {
        problems += setField(f, it.answer || []);
        return;
      }
      rows[it.linkId] = (rows[it.linkId] || 0) + 1;
      const row = tableRow(f, rows[it.linkId]);
      (it.item || []).forEach((c) => {
        const i = row.querySelector('input[data-link-id="' + CSS.escape(c.linkId) + '"]');
        const a = (c.answer || [])[0];
        if (i && a && typeof a.valueString === "string") i.value = a.valueString;
        else if (a) { problems += 1; note(f, "field-unmatched", w("unmatchedColumn", { answer: shown(a) })); }
      });
    });
    walk(qr.item);
    complete.checked = qr.status === "completed";
    update();
    all("textarea").forEach(grow);
    problems += all(".field-error").length;
    if (!problems && !unknown.length) return w("loaded");
    if (!unknown.length) return w("loadedCheck");
    return w(unknown.length === 1 ? "loadedUnknownOne" : "loadedUnknownOther", { count: unknown.length, ids: unknown.join(", ") });
  }

  return fill;
};
