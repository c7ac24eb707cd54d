/* New-shipment page: one item row at first, more on demand; each row offers only the units
   of its commodity; after a refused submit the error summary takes the focus. */
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
  var form = document.querySelector("form.shipment-form");
  if (!form) return;
  var units = JSON.parse(form.getAttribute("data-unit-options") || "{}");
  var lots = JSON.parse(form.getAttribute("data-lot-commodities") || "[]");
  var rows = Array.prototype.slice.call(form.querySelectorAll("[data-item-row]"));
  if (!rows.length) return;

  function isEmpty(row) {
    var commodity = row.querySelector("select[name$='-commodity']");
    var quantity = row.querySelector("input[name$='-quantity']");
    return !commodity.value && !quantity.value && !row.querySelector(".has-error");
  }

  function fillUnits(row) {
    var commodity = row.querySelector("select[name$='-commodity']").value;
    var unit = row.querySelector("select[name$='-unit']");
    var chosen = unit.value, options = units[commodity] || [];
    var lot = row.querySelector("[data-lot]");
    // Lot numbers only for goods that track them (medicine), or where one was typed.
    if (lot) lot.hidden = lots.indexOf(commodity) < 0 && !lot.querySelector("input").value;
    unit.textContent = "";
    if (!options.length) unit.appendChild(new Option("—", ""));
    // The unit this browser used last for the commodity, else the first (the base unit).
    var remembered = chosen || localStorage.getItem("pantau-unit-" + commodity);
    options.forEach(function (pair) {
      var selected = pair[0] === remembered;
      unit.appendChild(new Option(pair[1], pair[0], selected, selected));
    });
  }

  function renumber(row, index) {
    row.querySelectorAll("[name], [id], label[for]").forEach(function (el) {
      ["name", "id", "for"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value) el.setAttribute(attr, value.replace(/items-\d+-/, "items-" + index + "-"));
      });
    });
  }

  function wire(row) {
    var commodity = row.querySelector("select[name$='-commodity']");
    commodity.addEventListener("change", function () {
      fillUnits(row);
      row.querySelector("input[name$='-quantity']").focus();
    });
    fillUnits(row);
  }

  rows.forEach(wire);
  // Rows past the first stay hidden until asked for (unless they hold something).
  rows.forEach(function (row, index) { if (index > 0 && isEmpty(row)) row.hidden = true; });

  var add = document.createElement("button");
  add.type = "button";
  add.className = "add-item";
  add.textContent = form.getAttribute("data-msg-add");
  add.addEventListener("click", function () {
    var hidden = form.querySelector("[data-item-row][hidden]");
    var row = hidden;
    if (!row) {
      var all = form.querySelectorAll("[data-item-row]");
      row = all[all.length - 1].cloneNode(true);
      renumber(row, all.length);
      row.querySelectorAll("input").forEach(function (input) { input.value = ""; });
      row.querySelectorAll("select").forEach(function (select) { select.selectedIndex = 0; });
      row.querySelectorAll(".error").forEach(function (error) { error.remove(); });
      row.querySelectorAll(".has-error").forEach(function (el) { el.classList.remove("has-error"); });
      all[all.length - 1].after(row);
      wire(row);
    }
    row.hidden = false;
    row.querySelector("select").focus();
  });
  form.addEventListener("submit", function () {
    form.querySelectorAll("[data-item-row]").forEach(function (row) {
      var commodity = row.querySelector("select[name$='-commodity']").value;
      var unit = row.querySelector("select[name$='-unit']").value;
      if (commodity && unit) localStorage.setItem("pantau-unit-" + commodity, unit);
    });
  });
  var hint = form.querySelector("[data-items-hint]");
  hint.parentNode.insertBefore(add, hint);
})();
