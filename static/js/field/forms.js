/* Form helpers of the field app: elements, fields with their messages beside them, and the
   error summary that opens a refused form (GOV.UK pattern: links that focus each field). */
(function () {
  "use strict";

  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "text") el.textContent = value;
      else if (name.slice(0, 2) === "on") el.addEventListener(name.slice(2), value);
      else if (value === true) el.setAttribute(name, "");
      else el.setAttribute(name, value);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return el;
  }

  /* A labelled control with its hint and its messages; `control` has id "f-<path>". */
  function field(path, label, control, options) {
    options = options || {};
    control.id = "f-" + path;
    control.setAttribute("data-path", path);
    var hintId = options.hint ? "f-" + path + "-hint" : null;
    var errorId = "f-" + path + "-error";
    control.setAttribute("aria-describedby", [hintId, errorId].filter(Boolean).join(" "));
    return h("div", { "class": "field", "data-field": path }, [
      h("label", { "for": control.id, text: label }),
      control,
      options.hint ? h("small", { "class": "hint", id: hintId, text: options.hint }) : null,
      h("div", { "class": "error", id: errorId, "data-error-for": path })
    ]);
  }

  function option(value, label, selected) {
    return h("option", { value: value, selected: selected ? true : null, text: label });
  }

  /* Server `fields` ({"items": {"0": {"reason": [..]}}, "lat": [..]}) as path -> messages. */
  function flatten(fields, prefix, out) {
    out = out || {};
    Object.keys(fields || {}).forEach(function (name) {
      var value = fields[name], path = prefix ? prefix + "-" + name : name;
      if (Array.isArray(value)) out[path] = value.map(String);
      else if (value && typeof value === "object") flatten(value, path, out);
      else out[path] = [String(value)];
    });
    return out;
  }

  function clearErrors(form) {
    form.querySelectorAll("[data-error-for]").forEach(function (el) { el.textContent = ""; });
    form.querySelectorAll(".has-error").forEach(function (el) { el.classList.remove("has-error"); });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    var summary = form.querySelector(".error-summary");
    if (summary) summary.remove();
  }

  /* Messages beside their fields; a summary at the top linking to each; focus the summary. */
  function showErrors(form, message, errors, labels) {
    clearErrors(form);
    var links = [];
    Object.keys(errors).forEach(function (path) {
      var slot = form.querySelector('[data-error-for="' + path + '"]');
      var text = errors[path].join(" ");
      if (slot) {
        slot.textContent = text;
        slot.parentNode.classList.add("has-error");
        var control = form.querySelector("#f-" + CSS.escape(path));
        if (control) control.setAttribute("aria-invalid", "true");
        links.push(h("li", {}, [h("a", { href: "#f-" + path, "data-focus": "f-" + path,
          text: (labels && labels(path) ? labels(path) + ": " : "") + text })]));
      } else {
        links.push(h("li", { text: text }));
      }
    });
    var summary = h("div", { "class": "error-summary", role: "alert", tabindex: "-1" }, [
      h("h2", { text: message || "Periksa isian berikut." }),
      links.length ? h("ul", {}, links) : null
    ]);
    summary.addEventListener("click", function (event) {
      var target = event.target.closest("[data-focus]");
      if (!target) return;
      event.preventDefault();  // the hash belongs to the app's screens
      var control = document.getElementById(target.getAttribute("data-focus"));
      if (control) { control.scrollIntoView({ block: "center" }); control.focus(); }
    });
    form.insertBefore(summary, form.firstChild);
    summary.scrollIntoView({ block: "start" });
    summary.focus();
  }

  window.FieldForms = { h: h, field: field, option: option, flatten: flatten,
                        showErrors: showErrors, clearErrors: clearErrors };
})();
