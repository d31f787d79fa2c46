// Draws the figures the server built (JSON in <script type="application/json">) with the
// plotly.js bundle the app serves. Every chart also has words and a table, so nothing is lost
// without this file, or before a chart is drawn.
//
// A chart is drawn when she reaches it: the ones on screen first, the others as they come
// near the screen (an IntersectionObserver), one at a time so that no drawing holds the page
// for long; plotly.js itself is fetched when the first chart is needed (its URL is this
// script's data-plotly), so a page whose charts she never scrolls to never parses it. Each
// chart's box keeps the height its drawing will take from the start: nothing jumps.
//
// Before drawing, the layout is fitted to the width the chart has: on a phone fewer, larger
// ticks; at every width a little room either side of the first and last day (a point on the
// edge would be cut in half) and the labels above the plot (breaks, switches, ▼ appointments)
// set in rows so that none covers another.
(function () {
  "use strict";
  var script = document.currentScript;
  var config = { displayModeBar: false, responsive: true, scrollZoom: false };
  var NARROW = 600; // px: a phone held upright
  var EDGE = 9; // px of room beside the first and last day: the largest marker's half
  var ROW = 15; // px between two rows of labels above a chart
  var GAP = 4; // px between two labels on one row
  var LEGEND = 56; // px more for the legend on a phone, where it wraps onto more rows
  var NEAR = "0px 0px 200px 0px";
  var DAY = 24 * 60 * 60 * 1000; // ms // drawn when this close below the screen

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

  // A phone's time axis: at most about four labels, one tick a step, and a label that names
  // the step (a day, a month, a year) so that no two ticks read the same ("Nov 2026" twice).
  function phoneTicks(span) {
    var days = span / DAY;
    if (days <= 10) { return { dtick: 2 * DAY, tickformat: "%-d %b" }; }
    if (days <= 35) { return { dtick: 7 * DAY, tickformat: "%-d %b" }; }
    if (days <= 125) { return { dtick: "M1", tickformat: "%b", tick0: "2000-01-01" }; }
    if (days <= 400) { return { dtick: "M3", tickformat: "%b %Y", tick0: "2000-01-01" }; }
    return { dtick: "M12", tickformat: "%Y", tick0: "2000-01-01" };
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
        Object.assign(x, phoneTicks(span));
        delete x.nticks;
        x.tickfont = { size: size };
        x.tickangle = 0;
      }
      var start = first - pad;
      var scale = plotWidth / (span + 2 * pad);
      fitLabels(layout, function (ms) { return layout.margin.l + (ms - start) * scale; }, w, size);
    }
    if (narrow) {
      // The legend wraps onto more rows at this width: room for it, not taken from the plot.
      if (layout.showlegend && layout.height) { layout.height += LEGEND; }
      if (layout.yaxis) { layout.yaxis.tickfont = { size: size }; }
      if (layout.legend) { layout.legend.font = { size: size }; }
    }
    return layout;
  }

  var elements = Array.prototype.slice.call(document.querySelectorAll("[data-figure]"));
  if (!elements.length || !script) { return; }

  // The height each drawing will take, kept from the start (the server gives the figure's
  // height; a phone adds room for the legend, as fit() does).
  elements.forEach(function (element) {
    var height = Number(element.dataset.height);
    if (window.innerWidth < NARROW && element.dataset.legend !== undefined) { height += LEGEND; }
    if (height) { element.style.minHeight = height + "px"; }
  });

  var plotly = null;
  function loadPlotly() {
    if (!plotly) {
      plotly = new Promise(function (resolve, reject) {
        if (window.Plotly) { resolve(window.Plotly); return; }
        var tag = document.createElement("script");
        tag.src = script.dataset.plotly;
        tag.onload = function () { resolve(window.Plotly); };
        tag.onerror = reject;
        document.head.appendChild(tag);
      });
    }
    return plotly;
  }

  var printable = []; // drawn charts with a print width
  function draw(Plotly, element) {
    var source = document.getElementById(element.dataset.figure);
    if (!source || element.dataset.drawn !== undefined) { return; }
    element.dataset.drawn = "";
    var figure = JSON.parse(source.textContent);
    var layout = fit(figure, element.clientWidth || window.innerWidth);
    Plotly.newPlot(element, figure.data, layout, config);
    if (layout.printWidth) { printable.push(element); }
  }

  // Charts wait here in the order they came near; one is drawn per task.
  var waiting = [];
  var drawing = false;
  function drawNext() {
    if (drawing || !waiting.length) { return; }
    drawing = true;
    loadPlotly().then(function (Plotly) {
      draw(Plotly, waiting.shift());
      drawing = false;
      window.setTimeout(drawNext, 0);
    });
  }

  function drawAll(Plotly) {
    elements.forEach(function (element) { draw(Plotly, element); });
  }

  if ("IntersectionObserver" in window) {
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          waiting.push(entry.target);
        }
      });
      drawNext();
    }, { rootMargin: NEAR });
    elements.forEach(function (element) { observer.observe(element); });
  } else {
    loadPlotly().then(drawAll);
  }

  // On paper every chart is there, and a phone's full-width summary charts go back to their
  // print width (when plotly.js is not loaded yet, paper has the words and numbers alone).
  function resize(print) {
    printable.forEach(function (element) {
      var width = element.layout.printWidth;
      window.Plotly.relayout(element, print ? { width: width, autosize: false } : { autosize: true, width: null });
    });
  }
  window.addEventListener("beforeprint", function () {
    if (window.Plotly) { drawAll(window.Plotly); resize(true); }
  });
  window.addEventListener("afterprint", function () { if (window.Plotly) { resize(false); } });
})();
