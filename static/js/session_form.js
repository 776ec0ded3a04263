// Show the practitioner guide of the topic chosen on the session form.
(function () {
  var select = document.getElementById("id_topic");
  if (!select) return;
  function show() {
    var chosen = select.value;
    document.querySelectorAll(".session-guide").forEach(function (guide) {
      guide.hidden = guide.dataset.topic !== chosen;
    });
    document.querySelector(".session-guide-empty").hidden = chosen !== "";
  }
  select.addEventListener("change", show);
})();
