// Behaviour the pages ask for with data attributes. No inline handlers (onclick=...):
// the Content-Security-Policy runs only scripts served from the site itself.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
    select.addEventListener("change", function () {
      select.form.submit();
    });
  });
  // A "tick all" box ticks (or clears) every box its data-ticks selector names.
  document.querySelectorAll("input[data-ticks]").forEach(function (all) {
    all.addEventListener("change", function () {
      document.querySelectorAll(all.dataset.ticks).forEach(function (box) {
        box.checked = all.checked;
      });
    });
  });
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });
});
