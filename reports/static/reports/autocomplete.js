/* The totals filters' team and organization autocomplete.
 *
 * Every <select data-autocomplete="URL"> becomes a search box over the whole region subtree in the
 * user's scope (URL answers {"results": [{"id", "name", "region"}]}, see reports/api.py). The select
 * stays in the form, hidden, and still posts the chosen id; without JavaScript it is the plain
 * drop-down of the region's own and its children's teams. No libraries, no inline script.
 */
(function () {
  "use strict";

  function labelOf(result) {
    return result.name + "（" + result.region + "）";
  }

  function enhance(select) {
    var url = select.getAttribute("data-autocomplete");
    var input = document.createElement("input");
    var list = document.createElement("datalist");
    var found = {};
    var timer = null;
    var chosen = select.selectedIndex > 0 ? select.options[select.selectedIndex] : null;

    // The label points at the search box now; the select keeps posting the id.
    input.id = select.id;
    select.id = select.id + "_select";
    list.id = input.id + "_choices";
    input.type = "search";
    input.autocomplete = "off";
    input.className = "autocomplete";
    input.setAttribute("list", list.id);
    input.placeholder = select.getAttribute("data-placeholder") || "";
    input.value = chosen ? chosen.text : "";
    select.hidden = true;
    select.setAttribute("aria-hidden", "true");
    select.parentNode.insertBefore(input, select.nextSibling);
    select.parentNode.insertBefore(list, input.nextSibling);

    function choose(result, text) {
      var option = null;
      for (var i = 0; i < select.options.length; i++) {
        if (select.options[i].value === String(result.id)) option = select.options[i];
      }
      if (!option) {
        option = new Option(text, String(result.id));
        select.add(option);
      }
      select.value = String(result.id);
    }

    function show(results) {
      found = {};
      while (list.firstChild) list.removeChild(list.firstChild);
      results.forEach(function (result) {
        var text = labelOf(result);
        found[text] = result;
        var option = document.createElement("option");
        option.value = text;
        list.appendChild(option);
      });
    }

    function search(text) {
      var separator = url.indexOf("?") < 0 ? "?" : "&";
      fetch(url + separator + "q=" + encodeURIComponent(text), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          if (input.value === text) show(data.results || []);
        })
        .catch(function () {
          show([]);
        });
    }

    input.addEventListener("input", function () {
      var text = input.value.trim();
      if (found[input.value]) {
        choose(found[input.value], input.value);
        return;
      }
      select.value = "";
      clearTimeout(timer);
      if (text) {
        timer = setTimeout(function () {
          search(input.value);
        }, 200);
      }
    });
  }

  document.querySelectorAll("select[data-autocomplete]").forEach(enhance);
})();
