// Skeleton: draws the report document found in #report-data (filled in by the report-view work).
(function () {
  const doc = JSON.parse(document.getElementById('report-data').textContent);
  const main = document.getElementById('report');
  main.textContent = 'Report for ' + (doc.model ? doc.model.name : '?');
})();
