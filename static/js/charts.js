// Draws the figures the server built (JSON in <script type="application/json">) with the
// plotly.js bundle the app serves. Every chart also has words and a table, so nothing is lost
// without this file.
(function () {
  "use strict";
  if (!window.Plotly) { return; }
  var config = { displayModeBar: false, responsive: true, scrollZoom: false };
  document.querySelectorAll("[data-figure]").forEach(function (element) {
    var source = document.getElementById(element.dataset.figure);
    if (!source) { return; }
    var figure = JSON.parse(source.textContent);
    window.Plotly.newPlot(element, figure.data, figure.layout, config);
  });
})();
