// Check-in page: scan a QR code with the phone camera where the browser offers
// the BarcodeDetector API; otherwise the typed-code form works on its own.
(function () {
  "use strict";

  var box = document.querySelector("[data-camera]");
  var form = document.getElementById("checkin-code-form");
  if (!box || !form) {
    return;
  }
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices ||
      !navigator.mediaDevices.getUserMedia) {
    return; // No camera scanning here: the page stays as it is.
  }

  var startButton = box.querySelector("[data-camera-start]");
  var video = box.querySelector("[data-camera-video]");
  var status = box.querySelector("[data-camera-status]");
  var input = form.querySelector("input[name=code]");
  var stream = null;
  var detector = null;
  var scanning = false;

  box.hidden = false;

  function say(text) {
    status.textContent = text;
  }

  function stop() {
    scanning = false;
    if (stream) {
      stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
    }
    video.hidden = true;
    startButton.textContent = startButton.dataset.startLabel;
  }

  function scan() {
    if (!scanning) {
      return;
    }
    detector.detect(video).then(function (codes) {
      if (codes.length && codes[0].rawValue) {
        input.value = codes[0].rawValue;
        say(box.dataset.found || "");
        stop();
        form.submit();
        return;
      }
      window.setTimeout(scan, 200);
    }).catch(function () {
      window.setTimeout(scan, 400);
    });
  }

  startButton.dataset.startLabel = startButton.textContent;
  startButton.addEventListener("click", function () {
    if (scanning) {
      stop();
      return;
    }
    BarcodeDetector.getSupportedFormats().then(function (formats) {
      if (formats.indexOf("qr_code") === -1) {
        throw new Error("qr_code unsupported");
      }
      detector = new BarcodeDetector({ formats: ["qr_code"] });
      return navigator.mediaDevices.getUserMedia({
        video: { facingMode: "environment" },
        audio: false
      });
    }).then(function (mediaStream) {
      stream = mediaStream;
      video.srcObject = stream;
      video.hidden = false;
      scanning = true;
      startButton.textContent = box.dataset.stopLabel || "Stop";
      say(box.dataset.scanning || "");
      return video.play();
    }).then(scan).catch(function () {
      stop();
      say(box.dataset.unavailable || "");
    });
  });
})();
