// Passeur back-office: keyboard shortcuts and small comforts. Everything
// works without this script; it only saves keystrokes.
(function () {
  "use strict";

  function typing(event) {
    var t = event.target;
    return t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
  }

  function go(id) {
    var link = document.getElementById(id);
    if (link) { window.location.href = link.href; }
  }

  function focus(id) {
    var el = document.getElementById(id);
    if (el) { el.scrollIntoView({ block: "center" }); el.focus(); }
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event)) { return; }
    switch (event.key) {
      case "j": go("next-link"); break;
      case "k": go("previous-link"); break;
      case "a": focus("approve-button"); break;
      case "r": focus("reason"); break;
      case "i": focus("info-message"); break;
      case "?":
        var help = document.querySelector("details.shortcuts");
        if (help) { help.open = !help.open; help.scrollIntoView({ block: "center" }); }
        break;
      default: return;
    }
    event.preventDefault();
  });

  // Choosing a refusal reason puts its text in the message, ready to edit,
  // unless the moderator has already written something of their own.
  var reason = document.getElementById("reason");
  var message = document.getElementById("refuse-message");
  if (reason && message) {
    var texts = {};
    document.querySelectorAll(".reason-text").forEach(function (el) {
      var p = el.querySelector("p");
      texts[el.getAttribute("data-reason")] = p ? p.textContent : "";
    });
    var canned = function (value) {
      return Object.keys(texts).some(function (k) { return texts[k] === value; });
    };
    var fill = function () {
      if (message.value.trim() === "" || canned(message.value)) {
        message.value = texts[reason.value] || "";
      }
    };
    reason.addEventListener("change", fill);
    fill();
  }
})();
