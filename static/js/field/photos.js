/* Photos of the signed BAST, reduced on the phone; the device position with its accuracy. */
(function () {
  "use strict";
  var MAX_SIDE = 1600, QUALITY = 0.8;

  function loadImage(file) {
    if (window.createImageBitmap) {
      return createImageBitmap(file, { imageOrientation: "from-image" }).catch(function () {
        return createImageBitmap(file);
      });
    }
    return new Promise(function (resolve, reject) {
      var img = new Image();
      img.onload = function () { resolve(img); };
      img.onerror = reject;
      img.src = URL.createObjectURL(file);
    });
  }

  /* A JPEG no larger than MAX_SIDE on its long side (canvas output carries no EXIF). */
  function reduce(file) {
    return loadImage(file).then(function (image) {
      var scale = Math.min(1, MAX_SIDE / Math.max(image.width, image.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(image.width * scale);
      canvas.height = Math.round(image.height * scale);
      canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve, reject) {
        canvas.toBlob(function (blob) {
          if (blob) resolve(blob); else reject(new Error("toBlob"));
        }, "image/jpeg", QUALITY);
      });
    });
  }

  /* {lat, lon, accuracy_m} from the device, or a rejection with an Indonesian message. */
  function locate() {
    return new Promise(function (resolve, reject) {
      if (!navigator.geolocation) { reject(new Error("Perangkat ini tidak memberi lokasi.")); return; }
      navigator.geolocation.getCurrentPosition(function (position) {
        resolve({ lat: Math.round(position.coords.latitude * 1e6) / 1e6,
                  lon: Math.round(position.coords.longitude * 1e6) / 1e6,
                  accuracy_m: Math.round(position.coords.accuracy) });
      }, function (error) {
        reject(new Error(error.code === 1 ? "Izin lokasi ditolak; izinkan lokasi di peramban."
          : "Lokasi belum didapat; coba lagi di tempat terbuka."));
      }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
    });
  }

  window.FieldMedia = { reduce: reduce, locate: locate };
})();
