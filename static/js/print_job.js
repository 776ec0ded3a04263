// Follows a print job: asks the server for its progress every second until it is finished.
(function () {
  const box = document.getElementById("print-job");
  if (!box || box.dataset.finished === "true") return;
  const bar = document.getElementById("job-progress");
  const state = document.getElementById("job-state");
  const download = document.getElementById("job-download");
  const failed = document.getElementById("job-failed");

  function show(job) {
    bar.value = job.percent;
    bar.textContent = job.percent + "%";
    state.textContent = job.label + ": " + job.done + " of " + (job.total || "?") + (job.total === 1 ? " binder" : " binders");
    download.hidden = job.status !== "done";
    failed.hidden = job.status !== "failed";
    if (job.stopped) {
      document.getElementById("job-failed-why").firstChild.textContent =
        "The print job stopped: the print worker stopped answering. ";
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
