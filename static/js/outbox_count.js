/* Staff pages: how many field-app records wait on this phone ([data-outbox-count]). */
(function () {
  "use strict";
  var element = document.querySelector("[data-outbox-count]");
  if (!element || !window.indexedDB) return;

  function show(count) {
    element.setAttribute("data-outbox-count", String(count));
    var number = element.querySelector("[data-outbox-number]");
    if (number) number.textContent = String(count);
    element.hidden = count === 0;
  }

  function refresh() {
    // Open without creating: a phone that never used the field app has nothing waiting.
    var request = indexedDB.open("pantau-field");
    request.onupgradeneeded = function () { request.transaction.abort(); show(0); };
    request.onsuccess = function () {
      var db = request.result;
      if (!db.objectStoreNames.contains("outbox")) { db.close(); show(0); return; }
      var count = db.transaction("outbox").objectStore("outbox").count();
      count.onsuccess = function () { show(count.result); db.close(); };
    };
    request.onerror = function () { show(0); };
  }

  refresh();
  if (window.BroadcastChannel) new BroadcastChannel("pantau-outbox").onmessage = refresh;
  window.addEventListener("pantau-outbox-changed", refresh);
})();
