/* The outbox: every write made in the field app is kept on the phone (IndexedDB) with its own
   Idempotency-Key until the server has answered it. Sending is strictly in order, one
   phone-wide sender at a time (Web Locks); a repeat of a half-finished send carries the same
   key, so the server answers it once and never creates anything twice. Refused items
   (403, 404, 409, 422, ...) stay, marked with the server's message, to be fixed or discarded. */
(function () {
  "use strict";
  var DB = window.FieldDB;
  var channel = window.BroadcastChannel ? new BroadcastChannel("pantau-outbox") : null;
  var RETRY_LATER = [408, 425, 429, 500, 502, 503, 504];
  // The server's messages in the page's language (the browser's may differ).
  var LANGUAGE = document.documentElement.lang || "id";

  function changed() {
    window.dispatchEvent(new CustomEvent("pantau-outbox-changed"));
    if (channel) channel.postMessage("changed");
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "k" + Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  function meta(name) {
    return DB.get("meta", name).then(function (row) { return row ? row.value : {}; });
  }
  function setMeta(name, value) { return DB.put("meta", { name: name, value: value }); }

  /* item: {kind, title, method, url (may hold {id}), body, shipment: {id}|{local: key},
            version: number|"chain"|null, photos: [Blob]} */
  function add(item) {
    var record = Object.assign({
      key: uuid(), seq: Date.now() + Math.random(), created_at: new Date().toISOString(),
      state: "pending", attempts: 0, message: null, fields: null, photo_hashes: []
    }, item);
    return DB.put("outbox", record).then(function () { changed(); return record; });
  }

  function replace(record, changes) {
    // A fixed item is a new request: it gets a new key (the old one may be remembered).
    var fresh = Object.assign({}, record, changes, {
      key: uuid(), state: "pending", message: null, fields: null, attempts: 0
    });
    return DB.swap("outbox", record.key, fresh).then(function () { changed(); return fresh; });
  }

  function discard(key) { return DB.del("outbox", key).then(changed); }

  function readError(response) {
    return response.json().then(function (body) {
      return (body && body.error) || {};
    }, function () { return {}; });
  }

  function uploadPhotos(record) {
    var photos = record.photos || [], hashes = record.photo_hashes || [];
    var chain = Promise.resolve();
    photos.forEach(function (blob, index) {
      chain = chain.then(function () {
        if (hashes[index]) return;
        return fetch("/api/v1/photos", {
          method: "POST", credentials: "same-origin", body: blob,
          headers: { "Content-Type": blob.type || "image/jpeg", "Accept": "application/json",
                     "Accept-Language": LANGUAGE }
        }).then(function (response) {
          if (!response.ok) {
            return readError(response).then(function (error) {
              throw { status: response.status, error: error };
            });
          }
          return response.json().then(function (photo) {
            hashes[index] = photo.sha256;
            record.photo_hashes = hashes;
            return DB.put("outbox", record);
          });
        });
      });
    });
    return chain.then(function () { return hashes; });
  }

  function resolveTarget(record, ids, versions) {
    var shipment = record.shipment;
    if (!shipment) return { url: record.url, body: record.body };
    var id = shipment.id || ids[shipment.local];
    if (!id) return null;  // made offline, not created on the server yet
    var body = Object.assign({}, record.body);
    if (record.version === "chain") body.version = versions[id];
    else if (record.version != null) body.version = record.version;
    return { url: record.url.replace("{id}", id), body: body, id: id };
  }

  function sendOne(record, ids, versions) {
    var target = resolveTarget(record, ids, versions);
    if (!target) return Promise.resolve("blocked");
    record.state = "sending";
    record.attempts += 1;
    return DB.put("outbox", record).then(function () {
      return uploadPhotos(record);
    }).then(function (hashes) {
      if ((record.photos || []).length) target.body.photos = hashes;
      return fetch(target.url, {
        method: record.method || "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "Accept": "application/json",
                   "Accept-Language": LANGUAGE, "Idempotency-Key": record.key },
        body: JSON.stringify(target.body)
      });
    }).then(function (response) {
      if (response.ok) {
        return response.json().then(function (answer) {
          if (answer && answer.id && answer.version) versions[answer.id] = answer.version;
          if (record.kind === "create_shipment" && answer && answer.id) ids[record.key] = answer.id;
          return Promise.all([setMeta("versions", versions), setMeta("ids", ids)])
            .then(function () { return DB.del("outbox", record.key); })
            .then(function () {
              window.dispatchEvent(new CustomEvent("pantau-outbox-sent",
                { detail: { record: record, answer: answer } }));
              return "sent";
            });
        });
      }
      return readError(response).then(function (error) {
        throw { status: response.status, error: error };
      });
    }).catch(function (failure) {
      if (!failure || !failure.status) {  // no connection, or it dropped half-way
        record.state = "pending";
        record.message = "Belum terkirim: tidak ada sambungan. Akan dicoba lagi.";
        return DB.put("outbox", record).then(function () { return "offline"; });
      }
      var error = failure.error || {}, status = failure.status;
      var busy = status === 409 && error.fields && error.fields["Idempotency-Key"];
      if (status === 401 || busy || RETRY_LATER.indexOf(status) >= 0) {
        record.state = "pending";
        record.message = status === 401 ? "Sesi berakhir: masuk lagi, lalu kirim."
          : (error.message || "Server sibuk; akan dicoba lagi.");
        return DB.put("outbox", record).then(function () { return "later"; });
      }
      record.state = "refused";
      record.status = status;
      record.message = error.message || ("Ditolak server (" + status + ").");
      record.fields = error.fields || null;
      return DB.put("outbox", record).then(function () { return "refused"; });
    });
  }

  function sendAll() {
    return Promise.all([DB.all("outbox"), meta("ids"), meta("versions")]).then(function (got) {
      var items = got[0], ids = got[1], versions = got[2];
      var summary = { sent: 0, refused: 0, blocked: 0, stopped: false };
      var chain = Promise.resolve();
      items.forEach(function (record) {
        chain = chain.then(function () {
          if (summary.stopped || record.state === "refused") return;
          return sendOne(record, ids, versions).then(function (outcome) {
            if (outcome === "sent") summary.sent += 1;
            else if (outcome === "refused") summary.refused += 1;
            else if (outcome === "blocked") summary.blocked += 1;
            else summary.stopped = true;  // offline or server busy: keep the order, stop here
            changed();
          });
        });
      });
      return chain.then(function () { return summary; });
    });
  }

  var running = null;
  function sync() {
    if (running) return running;
    var work = navigator.locks
      ? navigator.locks.request("pantau-outbox-send", { ifAvailable: true }, function (lock) {
          return lock ? sendAll() : null;
        })
      : sendAll();
    running = Promise.resolve(work).finally(function () { running = null; changed(); });
    return running;
  }

  function items() { return DB.all("outbox"); }

  window.FieldOutbox = { add: add, replace: replace, discard: discard, sync: sync, items: items,
                         meta: meta };
})();
