// Print buttons: the CSP forbids inline handlers, so buttons carry data-print instead.
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) { window.print(); }
});
