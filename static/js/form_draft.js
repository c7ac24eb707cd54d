// Keep what a resident typed in a form while they switch language or reload the page:
// a draft in sessionStorage (this tab only), put back into empty fields, dropped on submit.
// Forms opt in with data-draft="key". Files, hidden fields and the honeypot are never kept.
(function () {
  "use strict";

  function kept(el) {
    if (!el.name || el.disabled) { return false; }
    if (el.hasAttribute("data-draft-keep")) { return true; }  // e.g. the village already chosen
    if (el.type === "file" || el.type === "hidden" || el.type === "password") { return false; }
    if (el.type === "submit" || el.type === "button" || el.type === "reset") { return false; }
    if (el.name === "village_again") { return false; }  // a search box, not the report
    if (el.name === "website" || el.name === "csrf_token") { return false; }
    return true;
  }

  function save(form, key) {
    var draft = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!kept(el)) { return; }
      if (el.type === "radio" || el.type === "checkbox") {
        if (el.checked) { draft[el.name + "=" + el.value] = true; }
      } else if (el.value) {
        draft[el.name] = el.value;
      }
    });
    try { sessionStorage.setItem(key, JSON.stringify(draft)); } catch (e) { /* private mode */ }
  }

  function restore(form, key) {
    var draft;
    try { draft = JSON.parse(sessionStorage.getItem(key) || "null"); } catch (e) { draft = null; }
    if (!draft) { return; }
    var anyChecked = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if ((el.type === "radio" || el.type === "checkbox") && el.checked) { anyChecked[el.name] = true; }
    });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!kept(el)) { return; }
      if (el.type === "radio" || el.type === "checkbox") {
        if (!anyChecked[el.name] && draft[el.name + "=" + el.value]) { el.checked = true; }
      } else if (!el.value && draft[el.name]) {
        el.value = draft[el.name];
      }
    });
    // A village chosen before the page changed language comes back as what the box holds.
    Array.prototype.forEach.call(form.querySelectorAll("input[type=text][name=village]"), function (el) {
      var chosen = draft["village"];
      if (chosen && /^\d{2}\.\d{2}\.\d{2}\.\d{4}$/.test(chosen)) { el.value = chosen; }
    });
  }

  document.querySelectorAll("form[data-draft]").forEach(function (form) {
    var key = "draft:" + form.getAttribute("data-draft");
    restore(form, key);
    save(form, key);  // what the server sent back (e.g. the village just found) is kept too
    form.addEventListener("input", function () { save(form, key); });
    form.addEventListener("change", function () { save(form, key); });
    form.addEventListener("submit", function (event) {
      // A search for the village keeps the draft; sending the report ends it.
      var by = event.submitter;
      if (by && by.name === "search") { save(form, key); return; }
      try { sessionStorage.removeItem(key); } catch (e) { /* private mode */ }
    });
  });
}());
