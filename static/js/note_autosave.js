// Save the notes form as drafts while the practitioner types, so nothing is lost to a
// closed tab or a sign-out. The server answers with each note's new revision.
(function () {
  var form = document.getElementById("notes-form");
  if (!form || !form.dataset.autosaveUrl) return;
  var status = document.getElementById("autosave-status");
  var dirty = false;
  var busy = false;

  function say(text) { if (status) status.textContent = text; }

  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });

  function save() {
    if (!dirty || busy) return;
    busy = true;
    dirty = false;
    fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    }).then(function (response) {
      var json = (response.headers.get("content-type") || "").indexOf("application/json") === 0;
      if (!response.ok || !json) throw new Error("signed-out");
      return response.json();
    }).then(function (answer) {
      Object.keys(answer.revisions || {}).forEach(function (name) {
        var input = form.querySelector('[name="' + name + '"]');
        if (input) input.value = answer.revisions[name];
      });
      if (answer.conflicts && answer.conflicts.length) {
        say("Someone else saved a note here. Press “Save the drafts” to compare before going on.");
      } else if (answer.waiting && answer.waiting.length) {
        say("Draft saved at " + answer.at + ", except where a field needs a fix. Press “Save the drafts” to see it.");
      } else {
        say("Draft saved at " + answer.at + ".");
      }
    }).catch(function () {
      dirty = true;
      say("Not saved: you may have been signed out. Keep this page open, sign in again in another tab, and it will save.");
    }).finally(function () { busy = false; });
  }

  setInterval(save, 4000);
})();
