/* Pantau Bantuan field app: screens drawn from the reference data kept on the phone; every
   write goes to the outbox first and is sent when there is a connection. */
(function () {
  "use strict";
  var F = window.FieldForms, h = F.h, DB = window.FieldDB, Outbox = window.FieldOutbox;
  var root = document.getElementById("field-app");
  var screen = document.getElementById("field-screen");
  var userId = root.getAttribute("data-user-id");
  var ref = null, editing = null, notice = null;

  var STATUS = { planned: "Direncanakan", dispatched: "Dalam perjalanan", delivered: "Tiba",
                 cancelled: "Dibatalkan" };
  var KIND = { create_shipment: "Pengiriman baru", dispatch: "Keberangkatan",
               deliver: "Kedatangan + BAST", assessment: "Asesmen" };

  /* ---------- reference data ---------- */
  function refKey() { return "user-" + userId; }

  function loadReference() {
    return DB.get("reference", refKey()).then(function (stored) {
      if (stored) ref = stored.value;
      return refresh();
    });
  }

  function refresh() {
    if (!navigator.onLine) return Promise.resolve(ref);
    return fetch("/api/v1/field/reference", { credentials: "same-origin", headers: {
      "Accept": "application/json", "Accept-Language": document.documentElement.lang || "id" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      }).then(function (fresh) {
        fresh.fetched_at = new Date().toISOString();
        ref = fresh;
        return DB.put("reference", { name: refKey(), value: fresh }).then(function () { return ref; });
      }).catch(function () { return ref; });
  }

  function commodity(code) {
    return (ref.commodities || []).filter(function (c) { return c.code === code; })[0];
  }
  function unitOf(commodityCode, unitCode) {
    var c = commodity(commodityCode);
    return c && c.units.filter(function (u) { return u.code === unitCode; })[0];
  }
  function unitName(commodityCode, unitCode) {
    var u = unitOf(commodityCode, unitCode);
    return u ? u.name : unitCode;
  }
  /* Base units per waybill unit of a shipment line (lines made offline know only their unit). */
  function itemFactor(item) {
    if (item.quantity && item.quantity_base != null) return item.quantity_base / item.quantity;
    var unit = unitOf(item.commodity, item.unit);
    return unit ? unit.factor : 1;
  }
  function village(code) {
    return (ref.villages || []).filter(function (v) { return v.code === code; })[0];
  }
  function placeLabel(v) {
    return v.name + " — Kec. " + v.district + ", " + v.regency + " (" + v.code + ")";
  }
  function number(value) {
    return (Math.round(value * 1000) / 1000).toLocaleString("id-ID");
  }
  function goods(items) {
    return items.map(function (i) {
      var c = commodity(i.commodity);
      return number(i.quantity) + " " + unitName(i.commodity, i.unit) + " " + (c ? c.name : i.commodity);
    }).join(", ");
  }
  function localInput(date) {
    var d = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
    return d.toISOString().slice(0, 19);
  }
  function fromLocalInput(value) { return value ? new Date(value).toISOString() : null; }
  /* A time field left at its default means "now" (to the millisecond, so that an arrival
     recorded right after a departure never precedes it). */
  function timeOf(form, name) {
    var input = form.querySelector('[name="' + name + '"]');
    if (input.value && input.value === input.getAttribute("data-default")) return new Date().toISOString();
    return fromLocalInput(input.value);
  }
  function timeInput(name, value) {
    var shown = localInput(value ? new Date(value) : new Date());
    return h("input", { type: "datetime-local", step: "1", name: name, value: shown,
                        "data-default": value ? null : shown });
  }

  /* Shipments as the phone knows them: the server's list plus what waits in the outbox. */
  function shipmentsWithOutbox(items) {
    var list = (ref.shipments || []).map(function (s) { return Object.assign({}, s); });
    var byId = {};
    list.forEach(function (s) { byId[s.id] = s; });
    items.forEach(function (record) {
      if (record.kind === "create_shipment") {
        var body = record.body, v = village(body.destination_code) || { name: body.destination_code };
        var local = { id: "local:" + record.key, local: record.key, status: "planned",
                      waybill_no: null, destination_code: body.destination_code,
                      destination_name: v.name, items: body.items, pending: true,
                      refused: record.state === "refused" };
        list.unshift(local);
        byId[local.id] = local;
        return;
      }
      var s = record.shipment && byId[record.shipment.id || "local:" + record.shipment.local];
      if (!s) return;
      s.pending = true;
      s.refused = s.refused || record.state === "refused";
      if (record.kind === "dispatch") s.status = "dispatched";
      if (record.kind === "deliver") s.status = "delivered";
    });
    return list;
  }

  function findShipment(id, items) {
    return shipmentsWithOutbox(items).filter(function (s) { return String(s.id) === id; })[0];
  }

  /* ---------- status bar ---------- */
  function updateStatus() {
    Outbox.items().then(function (items) {
      var waiting = items.length;
      var refused = items.filter(function (i) { return i.state === "refused"; }).length;
      var state = document.getElementById("field-connection");
      state.textContent = navigator.onLine ? "Daring" : "Luring: tersimpan di ponsel";
      state.className = navigator.onLine ? "online" : "offline";
      var count = document.getElementById("field-waiting");
      count.textContent = waiting ? waiting + " menunggu kirim" + (refused ? ", " + refused + " ditolak" : "")
        : "Semua terkirim";
      var fetched = document.getElementById("field-fetched");
      fetched.textContent = ref && ref.fetched_at
        ? "Data per " + new Date(ref.fetched_at).toLocaleString("id-ID") : "";
    });
  }

  /* ---------- screens ---------- */
  function go(hash) { if (location.hash === hash) render(); else location.hash = hash; }

  function flash() {
    if (!notice) return null;
    var box = h("div", { "class": "flash " + (notice.kind || "success"), role: "status", text: notice.text });
    notice = null;
    return box;
  }

  function homeScreen(items) {
    var list = shipmentsWithOutbox(items);
    var rows = list.map(function (s) {
      var actions = [];
      if (!s.pending || s.local) {
        if (s.status === "planned") actions.push(h("a", { "class": "button", href: "#/s/" + s.id + "/berangkat", text: "Berangkatkan" }));
        if (s.status === "dispatched") actions.push(h("a", { "class": "button primary", href: "#/s/" + s.id + "/tiba", text: "Catat kedatangan" }));
      } else if (s.status === "dispatched") {
        actions.push(h("a", { "class": "button primary", href: "#/s/" + s.id + "/tiba", text: "Catat kedatangan" }));
      }
      return h("li", { "class": "card shipment-card", "data-shipment": String(s.id) }, [
        h("strong", { text: s.destination_name }), " ",
        h("span", { "class": "badge status-" + s.status, text: STATUS[s.status] || s.status }),
        s.pending ? h("span", { "class": "badge pending", text: s.refused ? "ditolak server" : "menunggu kirim" }) : null,
        h("div", { "class": "hint", text: (s.waybill_no || "surat jalan menyusul") + " · " + goods(s.items) }),
        actions.length ? h("div", { "class": "actions" }, actions) : null
      ]);
    });
    return [
      h("h1", { text: "Lapangan" }),
      flash(),
      h("div", { "class": "actions" }, [
        h("a", { "class": "button primary", href: "#/kirim", text: "Catat pengiriman" }),
        h("a", { "class": "button", href: "#/asesmen", text: "Asesmen" }),
        h("a", { "class": "button", href: "#/antrean", text: "Antrean (" + items.length + ")" })
      ]),
      h("h2", { text: "Pengiriman gudang Anda" }),
      rows.length ? h("ul", { "class": "shipment-cards" }, rows)
        : h("p", { "class": "hint", text: "Belum ada pengiriman yang direncanakan atau dalam perjalanan." })
    ];
  }

  /* Items of a new shipment: rows added on demand; units only of the chosen commodity. */
  function itemRow(index, values) {
    values = values || {};
    var commoditySelect = h("select", { name: "commodity" }, [F.option("", "— pilih barang —")]
      .concat(ref.commodities.map(function (c) { return F.option(c.code, c.name, c.code === values.commodity); })));
    var unitSelect = h("select", { name: "unit" });
    var quantity = h("input", { type: "number", name: "quantity", inputmode: "decimal", min: "0",
                                step: "any", value: values.quantity != null ? String(values.quantity) : null });
    function fillUnits(selected) {
      unitSelect.textContent = "";
      var c = commodity(commoditySelect.value);
      if (!c) { unitSelect.appendChild(F.option("", "—")); unitSelect.disabled = true; return; }
      unitSelect.disabled = false;
      // The unit this phone used last for the commodity, else its base unit.
      var preferred = selected || localStorage.getItem("pantau-unit-" + c.code) || c.base_unit;
      c.units.forEach(function (u) { unitSelect.appendChild(F.option(u.code, u.name, u.code === preferred)); });
    }
    commoditySelect.addEventListener("change", function () { fillUnits(); quantity.focus(); });
    fillUnits(values.unit);
    var remove = h("button", { type: "button", "class": "link remove-item", text: "Hapus baris",
                               "aria-label": "Hapus barang " + (index + 1) });
    var row = h("fieldset", { "class": "item-row", "data-row": String(index) }, [
      h("legend", { text: "Barang " + (index + 1) }),
      F.field("items-" + index + "-commodity", "Barang", commoditySelect),
      h("div", { "class": "pair" }, [
        F.field("items-" + index + "-quantity", "Jumlah", quantity),
        F.field("items-" + index + "-unit", "Satuan", unitSelect)
      ]),
      remove
    ]);
    remove.addEventListener("click", function () { row.remove(); });
    return row;
  }

  function villageField(value, label) {
    var input = h("input", { type: "text", name: "destination", list: "village-options", autocomplete: "off",
                             placeholder: "Ketik nama desa", value: value ? placeLabel(village(value) || { name: value, district: "", regency: "", code: value }) : null });
    return F.field("destination_code", label || "Desa tujuan", input,
                   { hint: "Ketik sebagian nama desa lalu pilih; atau ketik kodenya (36.02.25.2003)." });
  }

  function villageCode(text) {
    var match = /\((\d{2}\.\d{2}\.\d{2}\.\d{4})\)\s*$/.exec(text) || /^\s*(\d{2}\.\d{2}\.\d{2}\.\d{4})\s*$/.exec(text);
    if (match) return match[1];
    var lower = text.trim().toLowerCase();
    var hits = ref.villages.filter(function (v) { return v.name.toLowerCase() === lower; });
    return hits.length === 1 ? hits[0].code : null;
  }

  function selectField(path, label, choices, selected) {
    return F.field(path, label, h("select", { name: path }, choices.map(function (c) {
      return F.option(String(c[0]), c[1], String(c[0]) === String(selected));
    })));
  }

  function newShipmentScreen(items) {
    var values = (editing && editing.form) || {};
    var events = ref.events.filter(function (e) { return e.writable; });
    var form = h("form", { "class": "card field-form", novalidate: true, "data-form": "shipment" });
    var rows = h("div", { "class": "item-rows" });
    var itemValues = values.items && values.items.length ? values.items : [{}];
    itemValues.forEach(function (item, index) { rows.appendChild(itemRow(index, item)); });
    var nextIndex = itemValues.length;
    var addRow = h("button", { type: "button", "class": "add-item", text: "+ Tambah barang" });
    addRow.addEventListener("click", function () {
      var row = itemRow(nextIndex++);
      rows.appendChild(row);
      row.querySelector("select").focus();
    });
    var last = lastShipmentBody(items);
    var repeat = last ? h("button", { type: "button", "class": "repeat-last", text: "Ulangi pengiriman terakhir" }) : null;
    if (repeat) {
      repeat.addEventListener("click", function () {
        editing = { form: Object.assign({}, last, { dispatch_now: values.dispatch_now }) };
        render();
        notice = null;
      });
    }
    var dispatchNow = h("input", { type: "checkbox", name: "dispatch_now", id: "f-dispatch_now",
                                   checked: values.dispatch_now ? true : null });
    form.append(
      F.field("event_id", "Kejadian", h("select", { name: "event_id" }, events.map(function (e) {
        return F.option(String(e.id), e.name, String(e.id) === String(values.event_id));
      }))),
      selectField("origin_depot_id", "Gudang asal",
                  ref.depots.map(function (d) { return [d.id, d.name]; }),
                  values.origin_depot_id || ref.user.default_depot_id),
      villageField(values.destination_code),
      rows, addRow,
      h("details", { "class": "vehicle", open: values.vehicle_plate || values.driver_name ? true : null }, [
        h("summary", { text: "Kendaraan dan pengemudi (boleh menyusul)" }),
        F.field("vehicle_plate", "Nomor polisi", h("input", { name: "vehicle_plate", value: values.vehicle_plate || null, autocapitalize: "characters" })),
        F.field("driver_name", "Nama pengemudi", h("input", { name: "driver_name", value: values.driver_name || null })),
        F.field("driver_phone", "Telepon pengemudi", h("input", { name: "driver_phone", type: "tel", inputmode: "tel", value: values.driver_phone || null }))
      ]),
      h("div", { "class": "check" }, [dispatchNow, h("label", { "for": "f-dispatch_now", text: "Langsung berangkatkan" })]),
      h("button", { "class": "primary", type: "submit", text: editing && editing.record ? "Simpan perbaikan" : "Simpan pengiriman" })
    );
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      submitShipment(form);
    });
    var heading = [h("h1", { text: "Catat pengiriman" }), flash()];
    if (repeat) heading.push(repeat);
    if (editing && editing.record) heading.push(refusedNote(editing.record));
    return heading.concat([form, villageList()]);
  }

  function villageList() {
    return h("datalist", { id: "village-options" }, ref.villages.map(function (v) {
      return h("option", { value: placeLabel(v) });
    }));
  }

  function lastShipmentBody(items) {
    var queued = items.filter(function (i) { return i.kind === "create_shipment"; }).pop();
    if (queued) return queued.form;
    return ref.last_shipment;
  }

  function readShipment(form) {
    var data = new FormData(form);
    var values = {
      event_id: Number(data.get("event_id")), origin_depot_id: Number(data.get("origin_depot_id")),
      destination_text: data.get("destination") || "",
      vehicle_plate: (data.get("vehicle_plate") || "").trim(),
      driver_name: (data.get("driver_name") || "").trim(),
      driver_phone: (data.get("driver_phone") || "").trim(),
      dispatch_now: data.get("dispatch_now") === "on", items: [], rows: []
    };
    values.destination_code = villageCode(values.destination_text);
    form.querySelectorAll(".item-row").forEach(function (row) {
      var c = row.querySelector('[name="commodity"]').value;
      var q = row.querySelector('[name="quantity"]').value;
      var u = row.querySelector('[name="unit"]').value;
      if (!c && !q) return;  // an empty row is ignored
      values.items.push({ commodity: c, quantity: q === "" ? null : Number(q), unit: u });
      values.rows.push(row.getAttribute("data-row"));
    });
    return values;
  }

  function checkShipment(values) {
    var errors = {};
    if (!values.event_id) errors.event_id = ["Pilih kejadian."];
    if (!values.origin_depot_id) errors.origin_depot_id = ["Pilih gudang asal."];
    if (!values.destination_code) errors.destination_code = [values.destination_text ? "Desa tidak dikenal; pilih dari daftar." : "Wajib diisi."];
    if (!values.items.length) errors["items-0-commodity"] = ["Isi paling sedikit satu barang."];
    values.items.forEach(function (item, index) {
      var row = values.rows[index];
      if (!item.commodity) errors["items-" + row + "-commodity"] = ["Pilih barang."];
      if (!(item.quantity > 0)) errors["items-" + row + "-quantity"] = ["Jumlah harus lebih dari 0."];
    });
    // The server's rule (relief/core/fields.py): an Indonesian mobile or fixed-line number.
    if (values.driver_phone &&
        !/^(?:\+62|62|0)(?:8\d{8,11}|[2-7]\d{6,9})$/.test(values.driver_phone.replace(/[\s().-]/g, ""))) {
      errors.driver_phone = ["Nomor telepon Indonesia tidak valid (contoh: 0812 3456 7890 atau +62 812 3456 7890)."];
    }
    return errors;
  }

  function shipmentBody(values) {
    var body = { event_id: values.event_id, origin_depot_id: values.origin_depot_id,
                 destination_code: values.destination_code, items: values.items };
    ["vehicle_plate", "driver_name", "driver_phone"].forEach(function (name) {
      if (values[name]) body[name] = values[name];
    });
    return body;
  }

  /* Server field paths use item positions in the body; the form uses row numbers. */
  function rowPaths(errors, rows) {
    var out = {};
    Object.keys(errors).forEach(function (path) {
      var match = /^items-(\d+)-(.*)$/.exec(path);
      out[match && rows ? "items-" + rows[Number(match[1])] + "-" + match[2] : path] = errors[path];
    });
    return out;
  }

  function submitShipment(form) {
    var values = readShipment(form);
    var errors = checkShipment(values);
    if (Object.keys(errors).length) {
      F.showErrors(form, "Pengiriman belum dapat disimpan.", errors, labelFor(form));
      return;
    }
    values.items.forEach(function (item) { localStorage.setItem("pantau-unit-" + item.commodity, item.unit); });
    var record = { kind: "create_shipment", method: "POST", url: "/api/v1/shipments",
                   title: "Ke " + (village(values.destination_code) || {}).name + ": " + goods(values.items),
                   body: shipmentBody(values), form: values };
    var saved = editing && editing.record ? Outbox.replace(editing.record, record) : Outbox.add(record);
    saved.then(function (created) {
      if (!values.dispatch_now) return created;
      return Outbox.add({ kind: "dispatch", method: "POST", url: "/api/v1/shipments/{id}/dispatch",
                          title: "Berangkat: " + record.title, shipment: { local: created.key },
                          version: "chain", body: { dispatched_at: new Date().toISOString() } });
    }).then(function () { afterSave("Pengiriman disimpan."); });
  }

  function labelFor(form) {
    return function (path) {
      var label = form.querySelector('label[for="f-' + path + '"]');
      var row = /^items-(\d+)-/.exec(path);
      var prefix = row ? form.querySelector('[data-row="' + row[1] + '"] legend') : null;
      return (prefix ? prefix.textContent + ", " : "") + (label ? label.textContent : "");
    };
  }

  function afterSave(text) {
    editing = null;
    notice = { text: text + (navigator.onLine ? " Mengirim…" : " Tersimpan di ponsel; terkirim saat ada sinyal."), kind: "success" };
    go("#/");
    syncNow();
  }

  function refusedNote(record) {
    return h("div", { "class": "flash error", role: "alert" }, [
      h("strong", { text: "Ditolak server: " }), record.message || ""
    ]);
  }

  function positionControls(values) {
    var lat = h("input", { name: "lat", inputmode: "decimal", value: values.lat != null ? String(values.lat) : null });
    var lon = h("input", { name: "lon", inputmode: "decimal", value: values.lon != null ? String(values.lon) : null });
    var accuracy = h("input", { type: "hidden", name: "accuracy_m", value: values.accuracy_m != null ? String(values.accuracy_m) : null });
    var status = h("p", { "class": "hint gps-status", role: "status",
                          text: values.accuracy_m != null ? "Akurasi ±" + values.accuracy_m + " m" : "" });
    var button = h("button", { type: "button", "class": "use-location", text: "Gunakan lokasi saya" });
    button.addEventListener("click", function () {
      status.textContent = "Mencari lokasi…";
      window.FieldMedia.locate().then(function (position) {
        lat.value = position.lat; lon.value = position.lon; accuracy.value = position.accuracy_m;
        status.textContent = "Akurasi ±" + position.accuracy_m + " m";
      }, function (error) { status.textContent = error.message; });
    });
    lat.addEventListener("input", function () { accuracy.value = ""; status.textContent = ""; });
    return h("fieldset", { "class": "position" }, [
      h("legend", { text: "Titik serah terima" }), button, status, accuracy,
      h("div", { "class": "pair" }, [F.field("lat", "Lintang", lat), F.field("lon", "Bujur", lon)])
    ]);
  }

  function readPosition(data, errors) {
    var lat = (data.get("lat") || "").trim().replace(",", "."), lon = (data.get("lon") || "").trim().replace(",", ".");
    var out = { lat: null, lon: null, accuracy_m: null };
    if (!lat && !lon) return out;
    if (!lat || !lon) { errors.lat = ["Isi lintang dan bujur bersama."]; return out; }
    out.lat = Number(lat); out.lon = Number(lon);
    if (isNaN(out.lat) || out.lat < -90 || out.lat > 90) errors.lat = ["Lintang di luar rentang."];
    if (isNaN(out.lon) || out.lon < -180 || out.lon > 180) errors.lon = ["Bujur di luar rentang."];
    var accuracy = data.get("accuracy_m");
    out.accuracy_m = accuracy ? Number(accuracy) : null;
    return out;
  }

  function dispatchScreen(shipment) {
    var values = (editing && editing.form) || {};
    var form = h("form", { "class": "card field-form", novalidate: true, "data-form": "dispatch" }, [
      F.field("dispatched_at", "Waktu berangkat", timeInput("dispatched_at", values.dispatched_at)),
      h("button", { "class": "primary", type: "submit", text: "Simpan keberangkatan" })
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var at = timeOf(form, "dispatched_at");
      var record = { kind: "dispatch", method: "POST", url: "/api/v1/shipments/{id}/dispatch",
                     title: "Berangkat: " + shipment.destination_name + " (" + (shipment.waybill_no || "baru") + ")",
                     shipment: shipment.local ? { local: shipment.local } : { id: shipment.id },
                     version: shipment.local ? "chain" : shipment.version,
                     body: { dispatched_at: at }, form: { dispatched_at: at } };
      var saved = editing && editing.record ? Outbox.replace(editing.record, record) : Outbox.add(record);
      saved.then(function () { afterSave("Keberangkatan disimpan."); });
    });
    return [h("h1", { text: "Berangkatkan" }), shipmentSummary(shipment),
            editing && editing.record ? refusedNote(editing.record) : null, form];
  }

  function shipmentSummary(shipment) {
    return h("p", { "class": "card" }, [
      h("strong", { text: shipment.destination_name }), h("br"),
      (shipment.waybill_no || "surat jalan menyusul") + " · " + goods(shipment.items)
    ]);
  }

  /* Arrival with the BAST, counted in the waybill's units (sent in base units). */
  function deliverScreen(shipment, queuedDispatch) {
    var values = (editing && editing.form) || {};
    var photos = (editing && editing.record && editing.record.photos) ? editing.record.photos.slice() : [];
    var form = h("form", { "class": "card field-form", novalidate: true, "data-form": "deliver" });
    var lines = shipment.items.map(function (item, index) {
      var unit = unitName(item.commodity, item.unit), c = commodity(item.commodity);
      var line = (values.lines || [])[index] || {};
      // Empty means "all that was not rejected" (the server counts it so).
      var accepted = h("input", { type: "number", name: "accepted-" + index, inputmode: "decimal", min: "0", step: "any",
                                  placeholder: String(item.quantity),
                                  value: line.accepted != null ? String(line.accepted) : null });
      var rejected = h("input", { type: "number", name: "rejected-" + index, inputmode: "decimal", min: "0", step: "any",
                                  value: String(line.rejected || 0) });
      var reason = h("input", { name: "reason-" + index, value: line.reason || null });
      return h("fieldset", { "class": "item-row", "data-row": String(index) }, [
        h("legend", { text: (c ? c.name : item.commodity) + ": " + number(item.quantity) + " " + unit + " di surat jalan" }),
        h("div", { "class": "pair" }, [
          F.field("items-" + index + "-accepted", "Diterima (" + unit + ")", accepted,
                { hint: "Kosong: semua yang tidak ditolak." }),
          F.field("items-" + index + "-rejected", "Ditolak (" + unit + ")", rejected)
        ]),
        F.field("items-" + index + "-reason", "Alasan penolakan", reason, { hint: "Wajib bila ada yang ditolak." })
      ]);
    });
    var thumbs = h("div", { "class": "thumbs" });
    function drawThumbs() {
      thumbs.textContent = "";
      photos.forEach(function (blob, index) {
        var remove = h("button", { type: "button", "class": "link", text: "Hapus foto " + (index + 1) });
        remove.addEventListener("click", function () { photos.splice(index, 1); drawThumbs(); });
        thumbs.appendChild(h("figure", {}, [h("img", { src: URL.createObjectURL(blob), alt: "Foto BAST " + (index + 1) }), remove]));
      });
    }
    drawThumbs();
    var fileInput = h("input", { type: "file", name: "photo", accept: "image/jpeg,image/png,image/webp",
                                 capture: "environment", multiple: true });
    var photoStatus = h("p", { "class": "hint", role: "status" });
    fileInput.addEventListener("change", function () {
      var files = Array.prototype.slice.call(fileInput.files || []);
      photoStatus.textContent = files.length ? "Memperkecil foto…" : "";
      Promise.all(files.map(window.FieldMedia.reduce)).then(function (blobs) {
        blobs.forEach(function (b) { photos.push(b); });
        fileInput.value = "";
        photoStatus.textContent = "";
        drawThumbs();
      }, function () { photoStatus.textContent = "Berkas ini bukan foto yang dapat dibaca."; });
    });
    form.append(
      F.field("delivered_at", "Waktu tiba", timeInput("delivered_at", values.delivered_at)),
      positionControls(values),
      F.field("received_by", "Diterima oleh (nama)", h("input", { name: "received_by", autocomplete: "name", value: values.received_by || null })),
      F.field("receiver_role", "Jabatan penerima", h("input", { name: "receiver_role", value: values.receiver_role || null }),
              { hint: "Mis. Kepala Desa, Sekretaris Desa." })
    );
    lines.forEach(function (line) { form.appendChild(line); });
    form.append(
      h("fieldset", { "class": "photos" }, [
        h("legend", { text: "Foto BAST yang ditandatangani" }),
        F.field("photos", "Ambil atau pilih foto", fileInput, { hint: "Foto diperkecil di ponsel sebelum dikirim." }),
        photoStatus, thumbs
      ]),
      h("button", { "class": "primary", type: "submit", text: "Simpan kedatangan" })
    );
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var data = new FormData(form), errors = {};
      var position = readPosition(data, errors);
      var received = (data.get("received_by") || "").trim();
      if (!received) errors.received_by = ["Nama penerima wajib diisi."];
      var formLines = [], bodyLines = [];
      shipment.items.forEach(function (item, index) {
        var a = data.get("accepted-" + index), r = data.get("rejected-" + index) || "0";
        var reason = (data.get("reason-" + index) || "").trim();
        var accepted = a === "" ? null : Number(a), rejected = Number(r);
        if (accepted !== null && (isNaN(accepted) || accepted < 0)) errors["items-" + index + "-accepted"] = ["Jumlah tidak boleh negatif."];
        if (isNaN(rejected) || rejected < 0) errors["items-" + index + "-rejected"] = ["Jumlah tidak boleh negatif."];
        if ((accepted || 0) + rejected > item.quantity + 1e-9) errors["items-" + index + "-accepted"] = ["Diterima + ditolak melebihi jumlah yang dikirim."];
        if (rejected > 0 && !reason) errors["items-" + index + "-reason"] = ["Alasan penolakan wajib diisi bila ada yang ditolak."];
        var factor = itemFactor(item);
        formLines.push({ accepted: accepted, rejected: rejected, reason: reason });
        var line = { commodity: item.commodity, rejected: Math.round(rejected * factor * 1000) / 1000, reason: reason };
        if (accepted !== null) line.accepted = Math.round(accepted * factor * 1000) / 1000;
        bodyLines.push(line);
      });
      if (Object.keys(errors).length) {
        F.showErrors(form, "Kedatangan belum dapat disimpan.", errors, labelFor(form));
        return;
      }
      var at = timeOf(form, "delivered_at");
      var body = { delivered_at: at, lat: position.lat, lon: position.lon, accuracy_m: position.accuracy_m,
                   received_by: received, receiver_role: (data.get("receiver_role") || "").trim(), items: bodyLines };
      var chained = shipment.local || queuedDispatch;
      var record = { kind: "deliver", method: "POST", url: "/api/v1/shipments/{id}/deliver",
                     title: "Tiba: " + shipment.destination_name + " (" + (shipment.waybill_no || "baru") + ")",
                     shipment: shipment.local ? { local: shipment.local } : { id: shipment.id },
                     version: chained ? "chain" : shipment.version, body: body, photos: photos,
                     photo_hashes: [],
                     form: Object.assign({ lines: formLines }, body) };
      var saved = editing && editing.record ? Outbox.replace(editing.record, record) : Outbox.add(record);
      saved.then(function () { afterSave("Kedatangan dan BAST disimpan."); });
    });
    return [h("h1", { text: "Catat kedatangan" }), shipmentSummary(shipment),
            editing && editing.record ? refusedNote(editing.record) : null, form];
  }

  function assessmentScreen() {
    var values = (editing && editing.form) || {};
    var events = ref.events.filter(function (e) { return e.writable; });
    var counts = [["affected_persons", "Jiwa terdampak"], ["displaced_persons", "Jiwa mengungsi"],
                  ["households", "KK terdampak"], ["displaced_households", "KK mengungsi"],
                  ["houses_heavy", "Rumah rusak berat"], ["deaths", "Meninggal"]];
    var form = h("form", { "class": "card field-form", novalidate: true, "data-form": "assessment" }, [
      F.field("event_id", "Kejadian", h("select", { name: "event_id" }, events.map(function (e) {
        return F.option(String(e.id), e.name, String(e.id) === String(values.event_id));
      }))),
      (function () { var f = villageField(values.village_code, "Desa/kelurahan"); f.querySelector("input").id = "f-village_code";
        f.querySelector("label").setAttribute("for", "f-village_code"); f.setAttribute("data-field", "village_code");
        f.querySelector("[data-error-for]").setAttribute("data-error-for", "village_code"); return f; })()
    ].concat(counts.map(function (pair) {
      return F.field(pair[0], pair[1], h("input", { type: "number", name: pair[0], inputmode: "numeric", min: "0",
                                                     value: values[pair[0]] != null ? String(values[pair[0]]) : null }));
    })).concat([h("button", { "class": "primary", type: "submit", text: "Simpan asesmen" })]));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var data = new FormData(form), errors = {};
      var body = { event_id: Number(data.get("event_id")), village_code: villageCode(data.get("destination") || ""),
                   assessed_at: new Date().toISOString(), source: "Aplikasi lapangan" };
      if (!body.village_code) errors.village_code = [data.get("destination") ? "Desa tidak dikenal; pilih dari daftar." : "Wajib diisi."];
      counts.forEach(function (pair) {
        var v = data.get(pair[0]);
        if (v === "") return;
        var n = Number(v);
        if (!(n >= 0) || Math.floor(n) !== n) errors[pair[0]] = ["Isi bilangan bulat 0 atau lebih."];
        body[pair[0]] = n;
      });
      if (Object.keys(errors).length) {
        F.showErrors(form, "Asesmen belum dapat disimpan.", errors, labelFor(form));
        return;
      }
      var record = { kind: "assessment", method: "POST", url: "/api/v1/assessments",
                     title: "Asesmen " + (village(body.village_code) || {}).name, body: body, form: body };
      var saved = editing && editing.record ? Outbox.replace(editing.record, record) : Outbox.add(record);
      saved.then(function () { afterSave("Asesmen disimpan."); });
    });
    return [h("h1", { text: "Asesmen desa" }), editing && editing.record ? refusedNote(editing.record) : null,
            form, villageList()];
  }

  function outboxScreen(items) {
    var send = h("button", { "class": "primary", type: "button", "data-sync": true, text: "Kirim sekarang" });
    send.addEventListener("click", function () { syncNow(true); });
    var rows = items.map(function (record) {
      var actions = [];
      if (record.state === "refused") {
        var fix = h("button", { type: "button", text: "Perbaiki" });
        fix.addEventListener("click", function () { startFix(record); });
        actions.push(fix);
      }
      var discard = h("button", { type: "button", "class": "danger", text: "Buang" });
      discard.addEventListener("click", function () {
        if (window.confirm("Buang catatan ini dari antrean? Catatan yang dibuang tidak terkirim.")) {
          Outbox.discard(record.key).then(render);
        }
      });
      actions.push(discard);
      var messages = F.flatten(record.fields || {});
      return h("li", { "class": "card outbox-item state-" + record.state, "data-key": record.key }, [
        h("strong", { text: KIND[record.kind] || record.kind }), " ",
        h("span", { "class": "badge", text: record.state === "refused" ? "Ditolak" : "Menunggu" }),
        h("div", { text: record.title || "" }),
        h("div", { "class": "hint", text: "Dicatat " + new Date(record.created_at).toLocaleString("id-ID")
          + ((record.photos || []).length ? " · " + record.photos.length + " foto" : "") }),
        record.message ? h("p", { "class": record.state === "refused" ? "error outbox-message" : "hint outbox-message", text: record.message }) : null,
        Object.keys(messages).length ? h("ul", { "class": "error" }, Object.keys(messages).map(function (k) {
          return h("li", { text: messages[k].join(" ") });
        })) : null,
        h("div", { "class": "actions" }, actions)
      ]);
    });
    return [h("h1", { text: "Antrean kirim" }), flash(), send,
            rows.length ? h("ul", { "class": "outbox-list" }, rows) : h("p", { "class": "hint", text: "Tidak ada yang menunggu." })];
  }

  function startFix(record) {
    var refreshFirst = record.status === 409 ? refresh() : Promise.resolve();
    refreshFirst.then(function () {
      editing = { record: record, form: record.form, fields: record.fields };
      if (record.kind === "create_shipment") go("#/kirim");
      else if (record.kind === "assessment") go("#/asesmen");
      else {
        var id = record.shipment.id || "local:" + record.shipment.local;
        go("#/s/" + id + (record.kind === "dispatch" ? "/berangkat" : "/tiba"));
      }
    });
  }

  /* After drawing a form being fixed: the server's messages beside the fields, summary on top. */
  function showFixErrors() {
    if (!editing || !editing.record) return;
    var form = screen.querySelector("form");
    if (!form) return;
    var errors = F.flatten(editing.fields || {});
    if (editing.record.kind === "create_shipment") errors = rowPaths(errors, editing.form.rows);
    if (editing.record.kind === "assessment" && errors.village_code === undefined && errors.destination_code) {
      errors.village_code = errors.destination_code;
    }
    F.showErrors(form, editing.record.message, errors, labelFor(form));
  }

  function render() {
    if (!ref) {
      screen.textContent = "";
      screen.appendChild(h("p", { "class": "flash error", text: "Data lapangan belum tersimpan di ponsel ini: buka halaman ini sekali saat ada sinyal." }));
      return Promise.resolve();
    }
    return Outbox.items().then(function (items) {
      var hash = location.hash || "#/", parts = hash.slice(2).split("/"), content;
      if (parts[0] === "kirim") content = newShipmentScreen(items);
      else if (parts[0] === "asesmen") content = assessmentScreen();
      else if (parts[0] === "antrean") content = outboxScreen(items);
      else if (parts[0] === "s" && parts[1]) {
        var shipment = findShipment(decodeURIComponent(parts[1]), items);
        var queuedDispatch = items.some(function (i) {
          return i.kind === "dispatch" && i.shipment && String(i.shipment.id) === parts[1];
        });
        if (!shipment) content = [h("p", { "class": "flash error", text: "Pengiriman tidak ada di ponsel ini." })];
        else content = parts[2] === "berangkat" ? dispatchScreen(shipment) : deliverScreen(shipment, queuedDispatch);
      } else content = homeScreen(items);
      screen.textContent = "";
      content.forEach(function (node) { if (node) screen.appendChild(node); });
      if (parts[0] !== "" && parts[0] !== "antrean") showFixErrors();
      updateStatus();
      root.setAttribute("data-ready", "true");
    });
  }

  var syncing = false;
  function syncNow(tapped) {
    if (syncing) return Promise.resolve();
    if (!navigator.onLine && !tapped) { updateStatus(); return Promise.resolve(); }
    syncing = true;
    root.setAttribute("data-syncing", "true");
    return Outbox.sync().then(function (summary) {
      if (summary && summary.sent) return refresh();
    }).catch(function () { return null; }).then(function () {
      syncing = false;
      root.removeAttribute("data-syncing");
      var hash = location.hash || "#/";
      if (hash === "#/" || hash === "#/antrean") render(); else updateStatus();
    });
  }

  window.addEventListener("hashchange", function () {
    if (!/^#\/(kirim|asesmen|s\/)/.test(location.hash)) editing = null;
    render();
  });
  window.addEventListener("online", function () { updateStatus(); syncNow(); });
  window.addEventListener("offline", updateStatus);
  window.addEventListener("pantau-outbox-changed", updateStatus);
  document.getElementById("field-sync").addEventListener("click", function () { syncNow(true); });
  setInterval(function () { if (navigator.onLine) syncNow(); }, 30000);

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(root.getAttribute("data-sw"), { scope: root.getAttribute("data-scope") })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function () {
        // The page itself, for cold starts with no connection (the worker serves it then).
        if (navigator.onLine) return caches.open("field-shell").then(function (cache) { return cache.add(root.getAttribute("data-scope")); });
      })
      .then(function () { root.setAttribute("data-offline-ready", "true"); })
      .catch(function () { root.setAttribute("data-offline-ready", "false"); });
  }

  loadReference().then(render).then(function () { return syncNow(); });
})();
