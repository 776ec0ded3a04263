// The person signs in a box with a finger, stylus or mouse (signature_pad, vendored).
// On sending the form, the drawing goes into the hidden "drawing" field as a PNG; the
// server checks it again. The other ways (signed on paper, declined) need no box, so
// the box shows only when "on this screen" is chosen, and the reason only when declined.
(function () {
  var form = document.querySelector("form[data-person-signature]");
  if (!form || typeof SignaturePad === "undefined") return;
  var canvas = form.querySelector("canvas");
  var drawing = form.querySelector("input[name=drawing]");
  var box = form.querySelector("[data-signature-box]");
  var reason = form.querySelector("[data-signature-reason]");
  var pad = new SignaturePad(canvas, { penColor: "#000", minWidth: 1, maxWidth: 3 });

  // The canvas draws in device pixels: sized to the box, or the ink lands off the finger.
  function fit() {
    var ratio = Math.max(window.devicePixelRatio || 1, 1);
    var kept = pad.toData();
    canvas.width = canvas.offsetWidth * ratio;
    canvas.height = canvas.offsetHeight * ratio;
    canvas.getContext("2d").scale(ratio, ratio);
    pad.clear();
    pad.fromData(kept);
  }

  function chosen() {
    var checked = form.querySelector("input[name=how]:checked");
    return checked ? checked.value : "";
  }

  function show() {
    box.hidden = chosen() !== "on_screen";
    reason.hidden = chosen() !== "declined";
    if (!box.hidden) fit();
  }

  form.querySelector("[data-signature-clear]").addEventListener("click", function () {
    pad.clear();
    drawing.value = "";
  });
  Array.prototype.forEach.call(form.querySelectorAll("input[name=how]"), function (radio) {
    radio.addEventListener("change", show);
  });
  window.addEventListener("resize", function () {
    if (!box.hidden) fit();
  });
  form.addEventListener("submit", function () {
    drawing.value = chosen() === "on_screen" && !pad.isEmpty() ? pad.toDataURL("image/png") : "";
  });
  show();
})();
