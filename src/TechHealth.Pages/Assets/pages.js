// TechHealth pages: optional enhancements only. Every page reads and works without this script.
(function () {
  // Copy buttons beside read-only text (the badge's Markdown).
  document.querySelectorAll('[data-copy]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      var source = document.getElementById(button.getAttribute('data-copy'));
      if (!source) return;
      source.select();
      (navigator.clipboard ? navigator.clipboard.writeText(source.value) : Promise.resolve(document.execCommand('copy')))
        .then(function () { button.textContent = 'Copied'; });
    });
  });
  // Sortable tables: a click on a column header sorts by it (numbers as numbers).
  document.querySelectorAll('table.sortable').forEach(function (table) {
    table.querySelectorAll('thead th').forEach(function (th, index) {
      th.tabIndex = 0;
      th.setAttribute('aria-sort', 'none');
      function sort() {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        rows.sort(function (a, b) {
          var x = a.cells[index] ? (a.cells[index].getAttribute('data-sort') || a.cells[index].textContent.trim()) : '';
          var y = b.cells[index] ? (b.cells[index].getAttribute('data-sort') || b.cells[index].textContent.trim()) : '';
          var nx = parseFloat(x), ny = parseFloat(y);
          var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
          return ascending ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
        table.querySelectorAll('thead th').forEach(function (o) { o.setAttribute('aria-sort', 'none'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      }
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
    });
  });
})();
