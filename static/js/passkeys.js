// allauth's passkey scripts report a failed or cancelled passkey only to the console
// (an `allauth.error` event): say it in words next to the button that was pressed.
(function () {
  "use strict";

  function words(exception) {
    var name = exception && exception.name;
    if (name === "NotAllowedError" || name === "AbortError") {
      return "No passkey was used: it was cancelled, or took too long. Try again, or use a code from your authenticator app.";
    }
    if (name === "InvalidStateError") {
      return "This device already holds a passkey for your account: you can use that one.";
    }
    if (name === "NotSupportedError" || name === "SecurityError") {
      return "This browser cannot use a passkey on this page. Use a code from your authenticator app instead.";
    }
    return "The passkey did not work. Try again, or use a code from your authenticator app.";
  }

  document.addEventListener("allauth.error", function (event) {
    event.preventDefault();
    var message = document.getElementById("passkey-error");
    if (!message) {
      message = document.createElement("p");
      message.id = "passkey-error";
      message.className = "field-error";
      message.setAttribute("role", "alert");
      var pressed = document.activeElement && document.activeElement.closest("button");
      var anchor = pressed ? pressed.closest(".actions") || pressed : document.querySelector("h1");
      anchor.insertAdjacentElement("afterend", message);
    }
    message.textContent = words(event.detail && event.detail.exception);
  });
})();
