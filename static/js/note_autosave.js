// Save the notes form as drafts while the practitioner types, so nothing is lost to a
// closed tab or a sign-out. The server answers with each note's new revision.
(function () {
  var form = document.getElementById("notes-form");
  if (!form || !form.dataset.autosaveUrl) return;
  var status = document.getElementById("autosave-status");
  var busy = false;

  // Typing can start before this script has run (a slow page); anything that differs
  // from what the page was served with still needs saving.
  function changedSinceLoad() {
    return Array.prototype.some.call(form.elements, function (el) {
      if (el.type === "checkbox" || el.type === "radio") return el.checked !== el.defaultChecked;
      if (el.tagName === "SELECT" && el.multiple) {
        return Array.prototype.some.call(el.options, function (o) { return o.selected !== o.defaultSelected; });
      }
      if (el.tagName === "SELECT") {
        var served = 0;  // with no option marked selected, the browser shows the first
        Array.prototype.forEach.call(el.options, function (o, i) { if (o.defaultSelected) served = i; });
        return el.options.length > 0 && el.selectedIndex !== served;
      }
      return el.type !== "hidden" && "defaultValue" in el && el.value !== el.defaultValue;
    });
  }
  var dirty = changedSinceLoad();

  function say(text) { if (status) status.textContent = text; }

  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });

  function save() {
    if (!dirty || busy) return;
    busy = true;
    dirty = false;
    // A request that never answers must not stop every later save.
    var abort = new AbortController();
    var timer = setTimeout(function () { abort.abort(); }, 20000);
    fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
      signal: abort.signal,
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
    }).finally(function () { clearTimeout(timer); busy = false; });
  }

  setInterval(save, 4000);
})();
