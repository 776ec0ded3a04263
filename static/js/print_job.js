// Follows a print job: asks the server for its progress every second until it is finished.
// Its words come from the page (templates/curriculum/print_job.html), in the user's language.
(function () {
  const box = document.getElementById("print-job");
  if (!box || box.dataset.finished === "true") return;
  const bar = document.getElementById("job-progress");
  const state = document.getElementById("job-state");
  const download = document.getElementById("job-download");
  const failed = document.getElementById("job-failed");

  // "{status}: {done} of {total} binders", its {names} filled in.
  function fill(words, values) {
    return words.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  }

  function show(job) {
    bar.value = job.percent;
    bar.textContent = job.percent + "%";
    const words = job.total === 1 ? box.dataset.stateOne : box.dataset.stateOther;
    state.textContent = fill(words, { status: job.label, done: job.done, total: job.total || "?" });
    download.hidden = job.status !== "done";
    failed.hidden = job.status !== "failed";
    if (job.stopped) {
      document.getElementById("job-failed-what").textContent = box.dataset.stopped;
    }
  }

  function poll() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((job) => {
        show(job);
        if (!job.finished) setTimeout(poll, 1000);
      })
      .catch(() => setTimeout(poll, 3000));
  }
  poll();
})();
