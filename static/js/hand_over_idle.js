// Hand-over locks when left alone (imr_site/hand_over.py). The server decides; this only
// asks it once the time is up, so an unattended screen does not keep showing answers.
// A question's form is sent with move=idle, which keeps any words typed in its box;
// any other screen is loaded again, and the server answers with the lock screen.
(function () {
  "use strict";
  var seconds = Number(document.body.dataset.idleSeconds || 0);
  if (!seconds) {
    return;
  }
  var timer = null;
  function ask() {
    var form = document.querySelector("form.pa-question");
    if (form) {
      var move = document.createElement("input");
      move.type = "hidden";
      move.name = "move";
      move.value = "idle";
      form.appendChild(move);
      form.submit();
    } else {
      window.location.reload();
    }
  }
  function restart() {
    window.clearTimeout(timer);
    // A little after the server's limit, so the server sees the screen as idle.
    timer = window.setTimeout(ask, (seconds + 2) * 1000);
  }
  ["keydown", "input", "pointerdown"].forEach(function (name) {
    document.addEventListener(name, restart);
  });
  restart();
})();
