/* Pantau Bantuan field app: the phone's own store (IndexedDB), shared by every tab.
   Stores: "outbox" (records waiting to be sent, keyed by their Idempotency-Key),
   "reference" (events, depots, villages, commodities, shipments; one record per user),
   "meta" (server ids of shipments created offline, versions learnt while sending). */
(function () {
  "use strict";
  var NAME = "pantau-field", VERSION = 1, opening = null;

  function open() {
    if (opening) return opening;
    opening = new Promise(function (resolve, reject) {
      var request = indexedDB.open(NAME, VERSION);
      request.onupgradeneeded = function () {
        var db = request.result;
        if (!db.objectStoreNames.contains("outbox")) {
          db.createObjectStore("outbox", { keyPath: "key" }).createIndex("seq", "seq");
        }
        if (!db.objectStoreNames.contains("reference")) db.createObjectStore("reference", { keyPath: "name" });
        if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta", { keyPath: "name" });
      };
      request.onsuccess = function () {
        var db = request.result;
        db.onversionchange = function () { db.close(); opening = null; };
        resolve(db);
      };
      request.onerror = function () { opening = null; reject(request.error); };
    });
    return opening;
  }

  function run(store, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(store, mode), result;
        var request = work(tx.objectStore(store));
        if (request) request.onsuccess = function () { result = request.result; };
        tx.oncomplete = function () { resolve(result); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  window.FieldDB = {
    get: function (store, key) { return run(store, "readonly", function (s) { return s.get(key); }); },
    put: function (store, value) { return run(store, "readwrite", function (s) { return s.put(value); }); },
    del: function (store, key) { return run(store, "readwrite", function (s) { return s.delete(key); }); },
    all: function (store) {
      return run(store, "readonly", function (s) {
        return store === "outbox" ? s.index("seq").getAll() : s.getAll();
      });
    },
    /* Remove one record and add another in one transaction (never both or neither seen). */
    swap: function (store, oldKey, value) {
      return run(store, "readwrite", function (s) { s.delete(oldKey); return s.put(value); });
    },
    count: function (store) { return run(store, "readonly", function (s) { return s.count(); }); }
  };
})();
