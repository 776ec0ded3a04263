// Show the practitioner guide of the topic chosen on the session form.
// A choice without a guide (none yet, or the orientation) shows the note instead.
(function () {
  var select = document.getElementById("id_topic");
  if (!select) return;
  function show() {
    var chosen = select.value;
    var found = false;
    document.querySelectorAll(".session-guide").forEach(function (guide) {
      guide.hidden = guide.dataset.topic !== chosen;
      found = found || !guide.hidden;
    });
    document.querySelector(".session-guide-empty").hidden = found;
  }
  select.addEventListener("change", show);
})();
