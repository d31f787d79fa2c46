// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  function showWhen(name, visible) {
    document.querySelectorAll('[data-field="' + name + '"]').forEach(function (element) {
      // Never hide a question that has an error or an answer.
      var answered = element.querySelector("input:checked, [aria-invalid=true]");
      element.hidden = !visible && !answered;
    });
  }

  // Plus and minus buttons beside count boxes.
  document.querySelectorAll("[data-count]").forEach(function (box) {
    var input = box.querySelector("input");
    box.querySelectorAll(".count-step").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var step = Number(button.dataset.step);
        var min = Number(input.min || 0);
        var max = Number(input.max || 9999);
        var value = Number.parseInt(input.value, 10);
        if (Number.isNaN(value)) { value = 0; }
        input.value = Math.min(max, Math.max(min, value + step));
        input.dispatchEvent(new Event("input", { bubbles: true }));
      });
    });
  });

  var form = document.querySelector("[data-entry-form]");
  if (form) {
    // Picking another day opens that day: its saved answers if it has any. Answers given here
    // would be lost on the way, so she is asked first, and a "no" puts the day back.
    var day = form.querySelector('input[name="day"]');
    if (day) {
      var shownDay = day.value;
      var answered = function () {
        return Array.prototype.some.call(form.elements, function (field) {
          if (field === day || field.type === "hidden" || typeof field.value !== "string" ||
              field.tagName === "BUTTON" || field.tagName === "FIELDSET") { return false; }
          if (field.type === "radio" || field.type === "checkbox") { return field.checked; }
          return field.value.trim() !== "" && field.value !== "0";
        });
      };
      day.addEventListener("change", function () {
        if (!day.value || day.validity.badInput || day.value === shownDay) { return; }
        var named = new Date(day.value + "T00:00:00").toLocaleDateString(
          "en-GB", { weekday: "long", day: "numeric", month: "long" });
        if (answered() && !window.confirm(
          "Open " + named + " instead? The answers you gave here are not saved yet.")) {
          day.value = shownDay;
          return;
        }
        window.location.search = "?day=" + encodeURIComponent(day.value);
      });
    }
    // The reason for a missed tablet is asked only when the tablet was missed.
    var tablet = function () {
      var checked = form.querySelector('input[name="tablet_taken"]:checked');
      showWhen("missed_reason", checked && checked.value === "False");
    };
    // Cramp details are asked only once there was a cramp.
    var count = form.querySelector('input[name="cramp_count"]');
    var cramps = function () {
      var some = count && Number.parseInt(count.value, 10) > 0;
      ["cramp_severity", "cramps_woke_me", "cramp_sites"].forEach(function (name) {
        showWhen(name, some);
      });
    };
    form.addEventListener("change", function () { tablet(); cramps(); });
    form.addEventListener("input", cramps);
    tablet();
    cramps();
  }

  // A character counter under a note with a limit: the limit is said, never enforced by
  // cutting her text (the server refuses a note too long, in words).
  document.querySelectorAll("textarea[data-note-limit]").forEach(function (note) {
    var limit = Number(note.dataset.noteLimit);
    var counter = document.createElement("p");
    counter.className = "field-help note-counter";
    counter.id = note.id + "_counter";
    counter.setAttribute("aria-live", "polite");
    note.insertAdjacentElement("afterend", counter);
    note.setAttribute("aria-describedby",
      ((note.getAttribute("aria-describedby") || "") + " " + counter.id).trim());
    var count = function () {
      var used = note.value.length;
      counter.textContent = used > limit
        ? (used - limit).toLocaleString("en-GB") + " characters too many: the limit is " +
          limit.toLocaleString("en-GB") + "."
        : used.toLocaleString("en-GB") + " of " + limit.toLocaleString("en-GB") + " characters.";
      counter.classList.toggle("text-danger", used > limit);
    };
    note.addEventListener("input", count);
    count();
  });

  // A one-tap removal asks first: a stiff or shaky hand taps the wrong line.
  document.querySelectorAll("form[data-confirm]").forEach(function (removal) {
    removal.addEventListener("submit", function (event) {
      if (!window.confirm(removal.dataset.confirm)) { event.preventDefault(); }
    });
  });

  // Copy buttons beside read-only links (the link can also be selected and copied by hand).
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var input = document.getElementById(button.dataset.copy);
    if (!input || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(input.value).then(function () {
        button.textContent = "Copied";
      }, function () {
        input.select();
      });
    });
  });

  // Time zone lists put the browser's own zone first, in a group of its own; the first form
  // (onboarding) also picks it, unless she is correcting a form sent back with errors.
  var browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  document.querySelectorAll("select[data-time-zone]").forEach(function (select) {
    var own = browserZone && Array.prototype.find.call(select.options, function (option) {
      return option.value === browserZone;
    });
    if (!own) { return; }
    var group = document.createElement("optgroup");
    group.label = "This device's time zone";
    var first = own.cloneNode(true);
    first.selected = false;
    group.appendChild(first);
    select.insertBefore(group, select.firstChild);
    var resubmitted = document.querySelector("[data-error-summary]");
    if (select.hasAttribute("data-guess-time-zone") && !resubmitted) {
      select.value = browserZone;
    }
  });

  // The summary's Print button: the browser's own dialog, which also saves as PDF.
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // After a failed save, take keyboard and screen reader users to the list of problems.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
})();
