/* hir-docs: small enhancements; every page works without this file.
   - drag and drop onto a file field (the file input itself stays usable by keyboard)
   - a progress indicator while an upload is sent and checked
   - the browser's message for a required file field left empty, in Danish */
"use strict";
(function () {
  function describe(input, out) {
    var names = Array.prototype.map.call(input.files || [], function (f) { return f.name; });
    out.textContent = names.length ? "Valgt: " + names.join(", ") : "";
  }

  document.querySelectorAll("[data-dropzone]").forEach(function (zone) {
    var input = zone.querySelector("input[type=file]");
    var out = zone.querySelector(".chosen");
    var hint = zone.querySelector(".drop-hint");
    if (!input) { return; }
    if (hint) { hint.hidden = false; }
    input.addEventListener("change", function () { describe(input, out); });
    zone.addEventListener("dragover", function (e) {
      e.preventDefault();
      zone.classList.add("over");
    });
    zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      zone.classList.remove("over");
      if (!e.dataTransfer || !e.dataTransfer.files.length) { return; }
      try {
        input.files = e.dataTransfer.files;
      } catch (err) {
        return; /* an old browser: the user picks the files with the button */
      }
      describe(input, out);
    });
  });

  document.querySelectorAll("input[type=file][required]").forEach(function (input) {
    input.addEventListener("invalid", function () {
      if (!input.files || !input.files.length) {
        input.setCustomValidity(input.multiple ? "Vælg mindst én fil." : "Vælg en fil.");
      }
    });
    input.addEventListener("change", function () { input.setCustomValidity(""); });
  });

  document.querySelectorAll("form[data-upload]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var busy = form.querySelector(".busy");
      var button = form.querySelector("button[type=submit]");
      if (busy) { busy.hidden = false; }
      /* disable after the browser has taken the form's data */
      window.setTimeout(function () { if (button) { button.disabled = true; } }, 0);
    });
  });

  /* coming back with the browser's back button: the form is usable again */
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-upload]").forEach(function (form) {
      var busy = form.querySelector(".busy");
      var button = form.querySelector("button[type=submit]");
      if (busy) { busy.hidden = true; }
      if (button) { button.disabled = false; }
    });
  });
})();
