// Form page, paper only: copy the person's name, NHS number and date of
// birth into the identifier strip that the browser repeats at the top of
// every printed page (templates/form.html, .print-identity). Without this
// script the strip prints as empty boxes to fill by hand, and the fields
// themselves stay on page 1, so nothing typed is ever lost from paper.
(() => {
  "use strict";
  const page = document.querySelector(".acp-form-page");
  const form = document.getElementById("acp-form");
  if (!page || !form) return;
  const copies = Array.from(page.querySelectorAll("[data-copy]"));

  function source(copy) {
    const field = form.querySelector('.field[data-identity="' + CSS.escape(copy.dataset.copy) + '"]');
    if (!field) return null;
    const part = copy.dataset.copyPart;
    return field.querySelector(part ? '[data-part="' + CSS.escape(part) + '"]' : "input");
  }

  function mirror() {
    copies.forEach((copy) => {
      const input = source(copy);
      copy.textContent = input ? input.value.trim() : "";
    });
  }

  // The strip replaces the fields it copies on paper only when it can be
  // filled: a class the print styles look for.
  if (copies.some(source)) page.classList.add("identity-copied");
  form.addEventListener("input", mirror);
  form.addEventListener("change", mirror);
  // Loading saved answers sets values without input events; printing
  // always refreshes the strip first.
  window.addEventListener("beforeprint", mirror);
  mirror();
})();
