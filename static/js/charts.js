// Draws the figures the server built (JSON in <script type="application/json">) with the
// plotly.js bundle the app serves. Every chart also has words and a table, so nothing is lost
// without this file.
//
// Before drawing, the layout is fitted to the width the chart has: on a phone fewer, larger
// ticks; at every width a little room either side of the first and last day (a point on the
// edge would be cut in half) and the labels above the plot (breaks, switches, ▼ appointments)
// set in rows so that none covers another.
(function () {
  "use strict";
  if (!window.Plotly) { return; }
  var config = { displayModeBar: false, responsive: true, scrollZoom: false };
  var NARROW = 600; // px: a phone held upright
  var EDGE = 9; // px of room beside the first and last day: the largest marker's half
  var ROW = 15; // px between two rows of labels above a chart
  var GAP = 4; // px between two labels on one row

  function plotlyDate(ms) {
    return new Date(ms).toISOString().replace("T", " ").replace("Z", "");
  }

  function textWidth(text, size) {
    return text.length * size * 0.62 + 4; // an estimate on the safe side for system-ui
  }

  function fitLabels(layout, toPixel, width, size) {
    var above = (layout.annotations || []).filter(function (a) {
      return a.yref === "paper" && a.y === 1 && a.yanchor === "bottom";
    });
    above.sort(function (a, b) { return Date.parse(a.x) - Date.parse(b.x); });
    var rowEnds = [];
    above.forEach(function (label) {
      var x = toPixel(Date.parse(label.x));
      var w = textWidth(label.text, size);
      var left = label.xanchor === "center" ? x - w / 2 : x;
      if (left + w > width - 2) { label.xanchor = "right"; left = x - w; }
      if (left < 2) { label.xanchor = "left"; left = x; }
      var row = 0;
      while (row < rowEnds.length && left < rowEnds[row] + GAP) { row += 1; }
      rowEnds[row] = left + w;
      label.yshift = row * ROW;
      label.font = Object.assign({}, label.font, { size: size });
    });
    var needed = 8 + rowEnds.length * ROW;
    if (layout.margin.t < needed) { layout.margin.t = needed; }
  }

  function fit(figure, width) {
    var layout = figure.layout;
    var narrow = window.innerWidth < NARROW;
    layout.margin = Object.assign({ l: 44, r: 12, t: 28, b: 36 }, layout.margin);
    if (narrow && layout.width) {
      // The summary's small charts: full width on a phone, their print width on paper.
      layout.printWidth = layout.width;
      delete layout.width;
      layout.autosize = true;
      layout.font = Object.assign({}, layout.font, { size: 11 });
    }
    var w = layout.width || width;
    var plotWidth = Math.max(w - layout.margin.l - layout.margin.r, 60);
    var size = narrow ? 12 : 11;
    var x = layout.xaxis;
    if (x && x.type === "date" && x.range) {
      var first = Date.parse(x.range[0]);
      var span = Date.parse(x.range[1]) - first;
      var pad = span * EDGE / (plotWidth - 2 * EDGE);
      x.range = [plotlyDate(first - pad), plotlyDate(first + span + pad)];
      x.ticklabeloverflow = "hide past domain"; // never under the y axis's labels
      if (narrow) {
        x.nticks = Math.min(x.nticks || 4, 3);
        x.tickfont = { size: size };
        x.tickformat = x.tickformat || "%b %Y";
        x.tickangle = 0;
      }
      var start = first - pad;
      var scale = plotWidth / (span + 2 * pad);
      fitLabels(layout, function (ms) { return layout.margin.l + (ms - start) * scale; }, w, size);
    }
    if (narrow) {
      // The legend wraps onto more rows at this width: room for it, not taken from the plot.
      if (layout.showlegend && layout.height) { layout.height += 56; }
      if (layout.yaxis) { layout.yaxis.tickfont = { size: size }; }
      if (layout.legend) { layout.legend.font = { size: size }; }
    }
    return layout;
  }

  var drawn = [];
  document.querySelectorAll("[data-figure]").forEach(function (element) {
    var source = document.getElementById(element.dataset.figure);
    if (!source) { return; }
    var figure = JSON.parse(source.textContent);
    var layout = fit(figure, element.clientWidth || window.innerWidth);
    window.Plotly.newPlot(element, figure.data, layout, config);
    if (layout.printWidth) { drawn.push(element); }
  });
  // A phone's full-width summary charts go back to their print width on paper.
  function resize(print) {
    drawn.forEach(function (element) {
      var width = element._fullLayout && element.layout.printWidth;
      window.Plotly.relayout(element, print ? { width: width, autosize: false } : { autosize: true, width: null });
    });
  }
  window.addEventListener("beforeprint", function () { resize(true); });
  window.addEventListener("afterprint", function () { resize(false); });
})();
