// The partner self-check: show progress while the page is checked. The form works without
// this script; with it, the visitor sees that something is happening.
(function () {
  document.documentElement.classList.add("js");
  var form = document.getElementById("check-form");
  var progress = document.getElementById("progress");
  var elapsed = document.getElementById("elapsed");
  if (!form || !progress) return;
  form.addEventListener("submit", function () {
    var started = Date.now();
    progress.hidden = false;
    form.querySelector("button").disabled = true;
    setInterval(function () {
      if (elapsed) elapsed.textContent = Math.round((Date.now() - started) / 1000) + " s";
    }, 500);
  });
})();
