// sigscope catalogue: rule index search, filters, sorting and shareable state; matrix toggle.
// No network: the index comes from assets/search-index.js (window.SIGSCOPE_INDEX). Rule text
// is never written as HTML: rows are the server-rendered ones, moved and hidden.
(function () {
  'use strict';

  var FACETS = ['level', 'status', 'product', 'category', 'service', 'tactic', 'technique', 'author'];
  // Positions in an index row: see exports.rs.
  var COL = { title: 0, level: 1, status: 2, product: 3, category: 4, service: 5, tactic: 6, technique: 7, author: 8, date: 9, modified: 10, hay: 11 };
  var LEVEL_RANK = { critical: 0, high: 1, medium: 2, low: 3, informational: 4 };
  var STATUS_RANK = { stable: 0, test: 1, experimental: 2, deprecated: 3, unsupported: 4 };

  function readHash() {
    var out = {};
    var h = window.location.hash.replace(/^#/, '');
    if (!h) return out;
    h.split('&').forEach(function (pair) {
      var i = pair.indexOf('=');
      if (i < 0) return;
      try {
        out[decodeURIComponent(pair.slice(0, i))] = decodeURIComponent(pair.slice(i + 1).replace(/\+/g, ' '));
      } catch (e) { /* a malformed link: ignore that part */ }
    });
    return out;
  }

  function writeHash(state) {
    var parts = [];
    Object.keys(state).forEach(function (k) {
      if (state[k]) parts.push(encodeURIComponent(k) + '=' + encodeURIComponent(state[k]));
    });
    var hash = parts.length ? '#' + parts.join('&') : '';
    var url = window.location.href.split('#')[0] + hash;
    if (window.location.hash === hash || (!hash && !window.location.hash)) return;
    try {
      window.history.replaceState(null, '', hash || window.location.pathname.split('/').pop() || '#');
    } catch (e) {
      window.location.replace(url);
    }
  }

  function initIndex(table, index) {
    var form = document.getElementById('filters');
    var q = document.getElementById('q');
    var count = document.getElementById('count');
    var tbody = table.tBodies[0];
    var rows = [];
    Array.prototype.forEach.call(tbody.rows, function (tr) {
      rows[Number(tr.getAttribute('data-i'))] = tr;
    });
    var s = index.s;
    var entries = index.r.map(function (r, i) {
      var facetText = [s.level[r[COL.level]], s.status[r[COL.status]], s.product[r[COL.product]],
        s.category[r[COL.category]], s.service[r[COL.service]]]
        .concat(r[COL.author].map(function (x) { return s.author[x]; }))
        .concat(r[COL.tactic].map(function (x) { return s.tactic[x]; }))
        .concat(r[COL.technique].map(function (x) { return s.technique[x]; }))
        .join(' ');
      return {
        i: i,
        r: r,
        text: (r[COL.title] + ' ' + r[COL.hay] + ' ' + facetText).toLowerCase(),
        title: r[COL.title].toLowerCase(),
        logsource: [s.product[r[COL.product]], s.category[r[COL.category]], s.service[r[COL.service]]].join('/'),
        when: r[COL.modified] || r[COL.date] || ''
      };
    }).filter(function (e) { return rows[e.i]; });
    var selects = {};
    FACETS.forEach(function (f) {
      selects[f] = form.querySelector('select[data-facet="' + f + '"]');
    });
    var sort = { key: 'title', dir: 1 };
    var headers = table.tHead.rows[0].cells;

    function valueOf(e, facet) {
      var v = e.r[COL[facet]];
      if (Array.isArray(v)) return v.map(function (x) { return s[facet][x]; });
      return s[facet][v];
    }

    function state() {
      var st = { q: q.value.trim() };
      FACETS.forEach(function (f) { if (selects[f]) st[f] = selects[f].value; });
      if (sort.key !== 'title' || sort.dir !== 1) st.sort = sort.key + (sort.dir < 0 ? '-desc' : '');
      return st;
    }

    function setState(st) {
      q.value = st.q || '';
      FACETS.forEach(function (f) {
        var sel = selects[f];
        if (!sel) return;
        var want = st[f] || '';
        var ok = Array.prototype.some.call(sel.options, function (o) { return o.value === want; });
        sel.value = ok ? want : '';
      });
      var m = /^(title|level|status|logsource|modified)(-desc)?$/.exec(st.sort || '');
      sort = m ? { key: m[1], dir: m[2] ? -1 : 1 } : { key: 'title', dir: 1 };
    }

    function compare(a, b) {
      var x, y;
      switch (sort.key) {
        case 'level':
          x = LEVEL_RANK[valueOf(a, 'level')]; y = LEVEL_RANK[valueOf(b, 'level')];
          x = x === undefined ? 9 : x; y = y === undefined ? 9 : y;
          break;
        case 'status':
          x = STATUS_RANK[valueOf(a, 'status')]; y = STATUS_RANK[valueOf(b, 'status')];
          x = x === undefined ? 9 : x; y = y === undefined ? 9 : y;
          break;
        case 'logsource': x = a.logsource; y = b.logsource; break;
        case 'modified': x = a.when; y = b.when; break;
        default: x = a.title; y = b.title;
      }
      if (x < y) return -sort.dir;
      if (x > y) return sort.dir;
      return a.i - b.i;
    }

    function apply() {
      var terms = q.value.toLowerCase().split(/\s+/).filter(Boolean);
      var want = {};
      FACETS.forEach(function (f) { if (selects[f] && selects[f].value) want[f] = selects[f].value; });
      var shown = entries.filter(function (e) {
        for (var f in want) {
          var v = valueOf(e, f);
          if (Array.isArray(v) ? v.indexOf(want[f]) < 0 : v !== want[f]) return false;
        }
        for (var t = 0; t < terms.length; t++) {
          if (e.text.indexOf(terms[t]) < 0) return false;
        }
        return true;
      });
      shown.sort(compare);
      var frag = document.createDocumentFragment();
      shown.forEach(function (e) { frag.appendChild(rows[e.i]); });
      while (tbody.firstChild) tbody.removeChild(tbody.firstChild);
      tbody.appendChild(frag);
      count.textContent = shown.length === entries.length
        ? entries.length + ' rules'
        : shown.length + ' of ' + entries.length + ' rules match';
      Array.prototype.forEach.call(headers, function (th) {
        var k = th.getAttribute('data-sort');
        if (!k) return;
        if (k === sort.key) th.setAttribute('aria-sort', sort.dir > 0 ? 'ascending' : 'descending');
        else th.removeAttribute('aria-sort');
      });
      writeHash(state());
    }

    var timer = null;
    q.addEventListener('input', function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(apply, 60);
    });
    FACETS.forEach(function (f) { if (selects[f]) selects[f].addEventListener('change', apply); });
    form.addEventListener('submit', function (ev) { ev.preventDefault(); apply(); });
    document.getElementById('reset').addEventListener('click', function () {
      setState({});
      apply();
      q.focus();
    });
    Array.prototype.forEach.call(headers, function (th) {
      var k = th.getAttribute('data-sort');
      var button = th.querySelector('button');
      if (!k || !button) return;
      button.addEventListener('click', function () {
        sort = sort.key === k ? { key: k, dir: -sort.dir } : { key: k, dir: 1 };
        apply();
      });
    });
    window.addEventListener('hashchange', function () {
      setState(readHash());
      apply();
    });
    form.hidden = false;
    setState(readHash());
    apply();
  }

  function initMatrix(matrix) {
    var box = document.getElementById('only-covered');
    if (!box) return;
    box.parentNode.hidden = false;
    box.checked = readHash().covered === '1';
    function apply() {
      matrix.classList.toggle('only-covered', box.checked);
      writeHash(box.checked ? { covered: '1' } : {});
    }
    box.addEventListener('change', apply);
    apply();
  }

  // A link to a collapsed entry (falsepositives.html#fp-3) opens it.
  function openTarget() {
    var id = window.location.hash.slice(1);
    if (!/^fp-\d+$/.test(id)) return;
    var el = document.getElementById(id);
    var details = el && el.querySelector('details');
    if (details) details.open = true;
  }
  if (document.querySelector('.fp-list')) {
    window.addEventListener('hashchange', openTarget);
    openTarget();
  }

  var table = document.getElementById('rule-table');
  if (table && window.SIGSCOPE_INDEX) initIndex(table, window.SIGSCOPE_INDEX);
  var matrix = document.getElementById('matrix');
  if (matrix) initMatrix(matrix);
})();
