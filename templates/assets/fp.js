// The false-positive page: a filter box over the entries (every word typed must appear in an
// entry's text, techniques or rule titles), and the entry a link points to opened.
(function () {
  'use strict';
  var list = document.getElementById('fp-list');
  var box = document.getElementById('fp-search');
  var q = document.getElementById('fp-q');
  var count = document.getElementById('fp-count');
  if (!list || !box || !q || !count) return;
  var items = Array.prototype.slice.call(list.children);
  var texts = items.map(function (li) {
    return li.textContent.toLowerCase().replace(/\s+/g, ' ');
  });

  function apply() {
    var words = q.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    for (var i = 0; i < items.length; i++) {
      var ok = words.every(function (w) { return texts[i].indexOf(w) !== -1; });
      items[i].hidden = !ok;
      if (ok) shown++;
    }
    count.textContent = words.length ? shown + ' of ' + items.length + ' entries match' : '';
  }

  function openTarget() {
    var id = location.hash.slice(1);
    try { id = decodeURIComponent(id); } catch (e) { return; }
    var el = id ? document.getElementById(id) : null;
    if (!el || el.parentNode !== list) return;
    el.hidden = false;
    var d = el.querySelector('details');
    if (d) d.open = true;
  }

  box.hidden = false;
  q.addEventListener('input', apply);
  window.addEventListener('hashchange', openTarget);
  openTarget();
})();
