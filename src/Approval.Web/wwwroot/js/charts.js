// The statistics page's ECharts: each chart's option comes from the server as the element's data-chart attribute
// (JSON), so the page needs no inline script (Content-Security-Policy: script-src 'self').
document.querySelectorAll('[data-chart]').forEach(function (el) {
  echarts.init(el).setOption(JSON.parse(el.dataset.chart));
});
