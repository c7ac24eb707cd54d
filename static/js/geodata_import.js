// Boundary import: show a "processing" state while the synchronous upload runs.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("geodata-import");
  if (!form) return;
  form.addEventListener("submit", function () {
    var button = form.querySelector("button");
    button.disabled = true;
    form.querySelector(".processing").hidden = false;
  });
});
