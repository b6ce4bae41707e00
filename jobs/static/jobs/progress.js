// A running job's progress: every element with data-job-progress (the address of the job's JSON)
// is refreshed about once a second — the bar, and each data-job-field — and the page reloads when
// the job ends, showing its result. A file, not an inline script: the Content-Security-Policy.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-job-progress]").forEach(function (box) {
    var url = box.dataset.jobProgress;
    function show(data) {
      box.querySelectorAll("[data-job-field]").forEach(function (element) {
        var value = data[element.dataset.jobField];
        if (value === null || value === undefined) {
          element.textContent = "—";
        } else {
          element.textContent = typeof value === "number" ? value.toLocaleString() : value;
        }
      });
      var bar = box.querySelector("progress");
      if (bar) {
        if (data.percent === null) {
          bar.removeAttribute("value");
        } else {
          bar.value = data.percent;
        }
      }
    }
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.json();
        })
        .then(function (data) {
          show(data);
          if (data.finished) {
            window.location.reload();
          } else {
            window.setTimeout(poll, 1000);
          }
        })
        .catch(function () {
          window.setTimeout(poll, 3000);
        });
    }
    window.setTimeout(poll, 500);
  });
});
