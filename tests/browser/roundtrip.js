// Browser check of static/js/form.js, loaded after it on a rendered form page
// (see check-forms.sh): fill the form, "Save my answers" (the download is
// caught), clear it, "Load saved answers" from that file, and compare.
// The verdict goes into document.title for `chromium --dump-dom`.
(async () => {
  const $ = (id) => document.getElementById(id);
  const fail = (why) => { document.title = "FAIL " + why; };
  try {
    let saved = null;
    URL.createObjectURL = (blob) => { saved = blob; return "blob:test"; };
    HTMLAnchorElement.prototype.click = function () {};
    const buttons = Array.from(document.querySelectorAll("#form-actions button"));
    const press = (text) => buttons.find((b) => b.textContent === text).click();
    $("f-name").value = "Joan Example";
    $("f-nhs-number-nhs-1").value = "943";
    $("f-nhs-number-nhs-2").value = "476";
    $("f-nhs-number-nhs-3").value = "5919";
    $("f-dob-day").value = "3";
    $("f-dob-month").value = "11";
    $("f-dob-year").value = "1941";
    $("f-cpr-decision-2").checked = true;
    $("f-has-lpa-yes").checked = true;
    $("f-lpa-name").value = "Sam Example";
    $("f-key-safe-no").checked = true;
    $("f-key-safe-where").value = "should not be saved: hidden";
    $("f-key-contacts-r2-name").value = "Dr Who";
    $("f-key-contacts-r2-phone-number").value = "020 7946 0000";
    document.getElementById("acp-form").dispatchEvent(new Event("change"));
    if (!$("f-key-safe-where-field").hidden) return fail("show_if did not hide");
    if ($("f-lpa-name-field").hidden) return fail("show_if hid a matching field");
    press("Save my answers");
    const qr = JSON.parse(await saved.text());
    const flat = JSON.stringify(qr);
    if (qr.resourceType !== "QuestionnaireResponse" || qr.status !== "in-progress") return fail("header");
    if (!qr.questionnaire.endsWith("/forms/urgent-care-plan-summary/questionnaire.json|" + document.getElementById("acp-form").dataset.formVersion)) return fail("canonical " + qr.questionnaire);
    if (!flat.includes('"valueDate":"1941-11-03"')) return fail("date");
    if (!flat.includes('"valueString":"9434765919"')) return fail("nhs");
    if (!flat.includes('"code":"450476008"')) return fail("coding");
    if (!flat.includes('"valueBoolean":true')) return fail("boolean");
    if (flat.includes("should not be saved")) return fail("hidden field saved");
    if (!flat.includes('"linkId":"key-contacts.phone-number"')) return fail("table");
    document.getElementById("acp-form").reset();
    const picker = document.querySelector("#form-actions input[type=file]");
    const dt = new DataTransfer();
    dt.items.add(new File([JSON.stringify(qr)], "answers.json", { type: "application/json" }));
    picker.files = dt.files;
    picker.dispatchEvent(new Event("change"));
    await new Promise((r) => setTimeout(r, 300));
    const checks = [
      [$("f-name").value, "Joan Example"], [$("f-dob-day").value, "03"], [$("f-dob-year").value, "1941"],
      [$("f-nhs-number-nhs-3").value, "5919"], [$("f-cpr-decision-2").checked, true],
      [$("f-has-lpa-yes").checked, true], [$("f-lpa-name").value, "Sam Example"],
      [$("f-key-contacts-r1-name").value, "Dr Who"], [$("f-key-contacts-r1-phone-number").value, "020 7946 0000"],
    ];
    const bad = checks.findIndex(([got, want]) => got !== want);
    if (bad >= 0) return fail("load " + bad + ": " + checks[bad][0]);
    document.title = "PASS";
  } catch (e) {
    fail(String(e));
  }
})();
