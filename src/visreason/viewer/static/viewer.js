// Conveniences only: every page works without this file.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (form) {
    // Choosing a filter value applies it at once (the Apply button does the same).
    form.querySelectorAll("select").forEach(function (select) {
      select.addEventListener("change", function () { form.submit(); });
    });
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) return;
    var link = null;
    if (event.key === "ArrowLeft" || event.key === "k") link = document.getElementById("prev");
    if (event.key === "ArrowRight" || event.key === "j") link = document.getElementById("next");
    if (event.key === "/") {
      var search = document.getElementById("search");
      if (search) { event.preventDefault(); search.focus(); }
      return;
    }
    if (link) { event.preventDefault(); window.location.href = link.href; }
  });
})();
