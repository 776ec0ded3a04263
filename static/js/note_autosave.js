// Save the notes form as drafts while the practitioner types, so nothing is lost to a
// closed tab or a sign-out. The server answers with each note's new revision, and names
// any note signed since the page was opened: typing for it is kept on screen and offered
// as an addendum. Signing in again elsewhere renews the CSRF token; the page fetches the
// new one and saves. Its words come from the page (templates/sessions_log/session_notes.html),
// in the user's language.
(function () {
  var form = document.getElementById("notes-form");
  if (!form || !form.dataset.autosaveUrl) return;
  var status = document.getElementById("autosave-status");
  var busy = false;
  var tokenFresh = false;

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

  var words = form.dataset;

  // "Draft saved at {at}.", its {names} filled in.
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? String(values[name]) : whole;
    });
  }

  function say(text) { if (status) status.textContent = text; }

  function signedOut() {
    var error = new Error("signed-out");
    error.signedOut = true;
    return error;
  }

  // The token of the sign-in the browser holds now; refused if nobody is signed in.
  function freshToken() {
    return fetch(form.dataset.tokenUrl, {
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    }).then(function (response) {
      if (response.status === 401) throw signedOut();
      if (!response.ok) throw new Error("no-token");
      return response.json();
    }).then(function (answer) {
      form.querySelector('[name="csrfmiddlewaretoken"]').value = answer.token;
    });
  }

  function post(signal) {
    return fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
      signal: signal,
    });
  }

  function answerOf(response) {
    var json = (response.headers.get("content-type") || "").indexOf("application/json") === 0;
    // Signed out, the save is sent on to the sign-in page, which is not JSON.
    if (response.redirected || !json) throw signedOut();
    return response.json().then(function (answer) {
      if (response.status === 403 && answer.error === "csrf") return { staleToken: true };
      if (!response.ok) throw new Error("refused");
      return answer;
    });
  }

  function showSigned(signed) {
    signed.forEach(function (note) {
      var section = form.querySelector('[data-person="' + note.person + '"]');
      if (!section || section.querySelector(".signed-meanwhile")) return;
      var box = document.createElement("div");
      box.className = "alert alert-warning signed-meanwhile";
      box.setAttribute("role", "alert");
      var text = document.createElement("p");
      text.className = "mb-2";
      text.textContent = fill(words.signedBox, { name: note.name, at: note.at });
      var button = document.createElement("button");
      button.type = "submit";
      button.name = "addendum_for";
      button.value = note.person;
      button.className = "btn btn-warning btn-sm";
      button.textContent = fill(words.signedButton, { name: note.name });
      box.appendChild(text);
      box.appendChild(button);
      section.insertBefore(box, section.children[1] || null);
    });
  }

  function save() {
    if (!dirty || busy) return;
    busy = true;
    dirty = false;
    // A request that never answers must not stop every later save.
    var abort = new AbortController();
    var timer = setTimeout(function () { abort.abort(); }, 20000);
    post(abort.signal).then(answerOf).then(function (answer) {
      if (!answer.staleToken) return answer;
      // Signed in again since the page was served: take the new token and send again.
      return freshToken().then(function () { return post(abort.signal); }).then(answerOf)
        .then(function (again) {
          if (again.staleToken) throw new Error("refused");
          return again;
        });
    }).then(function (answer) {
      Object.keys(answer.revisions || {}).forEach(function (name) {
        var input = form.querySelector('[name="' + name + '"]');
        if (input) input.value = answer.revisions[name];
      });
      if (answer.signed && answer.signed.length) {
        showSigned(answer.signed);
        say(words.saySigned);
      } else if (answer.conflicts && answer.conflicts.length) {
        say(words.sayConflict);
      } else if (answer.waiting && answer.waiting.length) {
        say(fill(words.saySavedBut, { at: answer.at }));
      } else {
        say(fill(words.saySaved, { at: answer.at }));
      }
    }).catch(function (error) {
      dirty = true;
      if (error && error.signedOut) {
        say(words.saySignedOut);
      } else {
        say(words.sayNoAnswer);
      }
    }).finally(function () { clearTimeout(timer); busy = false; });
  }

  // "Save the drafts" and "Add as an addendum" are sent with the token of the sign-in
  // the browser holds now; signed out, the server keeps the typing for after sign-in.
  form.addEventListener("submit", function (event) {
    if (tokenFresh) { dirty = false; return; }
    event.preventDefault();
    var submitter = event.submitter;
    freshToken().catch(function () {}).then(function () {
      tokenFresh = true;
      form.requestSubmit(submitter);
    });
  });

  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });

  setInterval(save, 4000);
})();
