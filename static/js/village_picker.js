// Village picker: find a village by name and fill its Kemendagri code.
// Progressive enhancement of templates/_macros.html `village_picker`: without this script the
// search box stays hidden and staff type the code. Follows the WAI-ARIA combobox pattern
// (list autocomplete, listbox popup); no inline handlers, so the CSP needs no exception.
(function () {
  "use strict";

  var CODE = /^\d{2}\.\d{2}\.\d{2}\.\d{4}$/;
  var DELAY_MS = 200;

  function describe(place, district) {
    var kind = place.kind ? place.kind + " " : "";
    return kind + place.name + ", " + district + " " + place.district + ", " + place.regency;
  }

  function setUp(root) {
    var endpoint = root.getAttribute("data-endpoint");
    var district = root.getAttribute("data-district");
    var box = root.querySelector(".picker-search");
    var search = box.querySelector("[role=combobox]");
    var list = box.querySelector("[role=listbox]");
    var code = root.querySelector("input:not([role=combobox])");
    var chosen = root.querySelector("[data-picker-chosen]");
    var status = box.querySelector("[data-picker-status]");
    var places = [];
    var active = -1;
    var timer = null;
    var pending = null;

    function message(name, values) {
      var text = root.getAttribute("data-msg-" + name) || "";
      Object.keys(values || {}).forEach(function (key) {
        text = text.replace("{" + key + "}", values[key]);
      });
      return text;
    }

    function close() {
      list.hidden = true;
      search.setAttribute("aria-expanded", "false");
      search.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0 && options[index]) {
        search.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        search.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var place = places[index];
      if (!place) { return; }
      code.value = place.code;
      search.value = place.name;
      chosen.textContent = message("chosen", { place: describe(place, district) + " (" + place.code + ")" });
      status.textContent = "";
      close();
      code.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function show(results) {
      places = results;
      list.textContent = "";
      results.forEach(function (place, i) {
        var option = document.createElement("li");
        var name = document.createElement("b");
        var where = document.createElement("small");
        option.id = list.id + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.setAttribute("data-code", place.code);
        name.textContent = (place.kind ? place.kind + " " : "") + place.name;
        where.textContent = district + " " + place.district + ", " + place.regency + " · " + place.code;
        option.appendChild(name);
        option.appendChild(document.createTextNode(" "));
        option.appendChild(where);
        list.appendChild(option);
      });
      if (results.length) {
        list.hidden = false;
        search.setAttribute("aria-expanded", "true");
        highlight(-1);
        status.textContent = message("count", { n: results.length });
      } else {
        close();
        status.textContent = message("none");
      }
    }

    function lookUp(text, then) {
      if (pending) { pending.abort(); }
      pending = new AbortController();
      var url = endpoint + "?level=village&limit=8&q=" + encodeURIComponent(text);
      fetch(url, { headers: { Accept: "application/json" }, signal: pending.signal })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(then)
        .catch(function (error) {
          if (error.name !== "AbortError") { status.textContent = message("failed"); }
        });
    }

    search.addEventListener("input", function () {
      var text = search.value.trim();
      clearTimeout(timer);
      if (text.length < 3) { close(); return; }
      timer = setTimeout(function () { lookUp(text, show); }, DELAY_MS);
    });

    search.addEventListener("keydown", function (event) {
      var count = places.length;
      if (event.key === "ArrowDown" && count) {
        event.preventDefault();
        if (list.hidden) { list.hidden = false; search.setAttribute("aria-expanded", "true"); }
        highlight((active + 1) % count);
      } else if (event.key === "ArrowUp" && count) {
        event.preventDefault();
        highlight(active <= 0 ? count - 1 : active - 1);
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0) {
          event.preventDefault();  // choosing must not submit the form
          choose(active);
        }
      } else if (event.key === "Escape") {
        if (!list.hidden) { event.preventDefault(); close(); } else { search.value = ""; }
      }
    });

    // mousedown, not click: the search box keeps focus, so blur does not close the list first.
    list.addEventListener("mousedown", function (event) {
      var option = event.target.closest("[role=option]");
      if (!option) { return; }
      event.preventDefault();
      choose(Array.prototype.indexOf.call(list.children, option));
    });

    search.addEventListener("blur", function () { setTimeout(close, 150); });

    // A code typed (or sent back after an error) is named, so staff can check it.
    function nameTypedCode() {
      var text = code.value.trim();
      if (!CODE.test(text)) { chosen.textContent = ""; return; }
      lookUp(text, function (results) {
        var place = results.filter(function (p) { return p.code === text; })[0];
        chosen.textContent = place ? describe(place, district) : message("none");
      });
    }
    code.addEventListener("change", function (event) {
      if (event.isTrusted) { nameTypedCode(); }
    });

    box.hidden = false;
    if (code.value) { nameTypedCode(); }
  }

  document.querySelectorAll("[data-village-picker]").forEach(setUp);
})();
