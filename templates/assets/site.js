// sigscope catalogue: the rule index (search, facets, sorting, paging, shareable state) and the
// matrix toggle. No network: the index comes from assets/search-index.js (window.SIGSCOPE_INDEX,
// loaded with `defer`). Rule text is never written as HTML: rows are built with text nodes.
(function () {
  'use strict';

  var PAGE = 100;
  // Positions in an index row and bits of a posting's mask: see exports.rs.
  var COL = { slug: 0, title: 1, level: 2, status: 3, product: 4, category: 5, service: 6, tactic: 7, technique: 8, author: 9, when: 10, findings: 11 };
  var BIT = { value: 1, field: 2, description: 4, tag: 8, title: 16, logsource: 32, fp: 64, author: 128, reference: 256, id: 512 };
  var BIT_LABEL = [[16, 'title'], [512, 'id'], [8, 'tag'], [32, 'log source'], [2, 'field'], [4, 'description'], [1, 'detection'], [64, 'false positive'], [128, 'author'], [256, 'reference']];
  var BIT_WEIGHT = [[16, 100], [512, 100], [8, 30], [32, 20], [2, 15], [4, 10], [1, 8], [64, 6], [128, 6], [256, 3]];
  // key:value terms over text fields; the other keys are facets.
  var TEXT_KEYS = { title: 16, id: 512, description: 4, tag: 8, field: 2, value: 1, logsource: 32, fp: 64, falsepositive: 64, reference: 256 };
  var FACETS = [
    { key: 'level', label: 'Level', col: COL.level },
    { key: 'status', label: 'Status', col: COL.status },
    { key: 'product', label: 'Product', col: COL.product },
    { key: 'category', label: 'Category', col: COL.category },
    { key: 'service', label: 'Service', col: COL.service },
    { key: 'tactic', label: 'Tactic', col: COL.tactic, names: 'tacticName' },
    { key: 'technique', label: 'Technique', col: COL.technique, names: 'techniqueName' },
    { key: 'author', label: 'Author', col: COL.author },
    { key: 'lint', label: 'Lint findings', col: -1 }
  ];
  var LEVEL_RANK = { critical: 0, high: 1, medium: 2, low: 3, informational: 4 };
  var STATUS_RANK = { stable: 0, test: 1, experimental: 2, deprecated: 3, unsupported: 4 };
  var KNOWN_STATUS = { stable: 1, test: 1, experimental: 1, deprecated: 1, unsupported: 1 };

  function readHash() {
    var out = {};
    var h = window.location.hash.replace(/^#/, '');
    if (!h) return out;
    h.split('&').forEach(function (pair) {
      var i = pair.indexOf('=');
      if (i < 0) return;
      try {
        var k = decodeURIComponent(pair.slice(0, i));
        var v = decodeURIComponent(pair.slice(i + 1).replace(/\+/g, ' '));
        (out[k] = out[k] || []).push(v);
      } catch (e) { /* a malformed link: ignore that part */ }
    });
    return out;
  }

  // `state` maps keys to a value or a list of values; empty ones are left out.
  function writeHash(state) {
    var parts = [];
    Object.keys(state).forEach(function (k) {
      [].concat(state[k]).forEach(function (v) {
        if (v) parts.push(encodeURIComponent(k) + '=' + encodeURIComponent(v));
      });
    });
    var hash = parts.length ? '#' + parts.join('&') : '';
    if (window.location.hash === hash || (!hash && !window.location.hash)) return;
    try {
      window.history.replaceState(null, '', hash || window.location.pathname.split('/').pop() || '#');
    } catch (e) {
      window.location.replace(window.location.href.split('#')[0] + hash);
    }
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // The words of a query as exports.rs `tokens` cuts the indexed text.
  function tokenize(text) {
    return text.split(/[^\p{L}\p{N}\-_.]+/u).map(function (w) {
      return w.replace(/^[\-_.]+|[\-_.]+$/g, '').toLowerCase().slice(0, 64);
    }).filter(Boolean);
  }

  // Whether `q` is within one edit of some prefix of `t`.
  function nearPrefix(q, t) {
    var n = q.length;
    if (t.length < n - 1) return false;
    function within1(a, b) {
      if (Math.abs(a.length - b.length) > 1) return false;
      var i = 0;
      while (i < a.length && i < b.length && a[i] === b[i]) i++;
      if (i === a.length && i === b.length) return true;
      if (a.length === b.length) {
        if (a.slice(i + 1) === b.slice(i + 1)) return true;
        return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
      }
      return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
    }
    return within1(q, t.slice(0, n)) || within1(q, t.slice(0, n - 1)) || within1(q, t.slice(0, n + 1));
  }

  function initIndex(table, X) {
    var form = document.getElementById('filters');
    var q = document.getElementById('q');
    var count = document.getElementById('count');
    var pager = document.getElementById('pager');
    var facetBox = document.getElementById('facets');
    var tbody = table.tBodies[0];
    var headers = table.tHead.rows[0].cells;
    var rows = X.r;
    var N = rows.length;
    var s = X.s;
    s.lint = ['', 'has findings', 'no findings'];

    // The token dictionary and the postings: two long strings, searched in place; the start of
    // each token and each posting list is found once, when first needed.
    var T = X.t || '';
    var P = X.p || '';
    var starts = null;
    var pstarts = null;
    var B64 = new Int8Array(128).fill(-1);
    'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach(function (c, i) { B64[c.charCodeAt(0)] = i; });
    function offsets(str) {
      var a = str ? [0] : [];
      for (var i = str.indexOf(' '); i >= 0; i = str.indexOf(' ', i + 1)) a.push(i + 1);
      return Int32Array.from(a);
    }
    function dictionary() {
      if (!starts) {
        starts = offsets(T);
        pstarts = offsets(P);
      }
    }
    function tokenEnd(k) { return k + 1 < starts.length ? starts[k + 1] - 1 : T.length; }
    function token(k) { return T.slice(starts[k], tokenEnd(k)); }
    // The token that holds position `pos` of T.
    function tokenOf(pos) {
      var lo = 0, hi = starts.length - 1;
      while (lo < hi) {
        var mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= pos) lo = mid; else hi = mid - 1;
      }
      return lo;
    }
    // Calls fn(row, mask) for each posting of token k.
    function eachPosting(k, fn) {
      var end = k + 1 < pstarts.length ? pstarts[k + 1] - 1 : P.length;
      var v = 0, shift = 1, row = -1, first = true, delta = 0;
      for (var i = pstarts[k]; i < end; i++) {
        var d = B64[P.charCodeAt(i)];
        v += (d & 31) * shift;
        if (d & 32) { shift *= 32; continue; }
        if (first) { delta = v; first = false; } else { row += delta; fn(row, v); first = true; }
        v = 0; shift = 1;
      }
    }

    function facetValues(f, i) {
      if (f.col < 0) return rows[i][COL.findings] > 0 ? 1 : 2;
      return rows[i][f.col];
    }

    // Each facet's value (a position in its table, or a list of them) for every row.
    var cols = FACETS.map(function (f) {
      var a = new Array(N);
      for (var i = 0; i < N; i++) a[i] = facetValues(f, i);
      return a;
    });

    // Sort orders, each computed once: positions in title order (the rows' order).
    var orders = {};
    function order(key) {
      if (orders[key]) return orders[key];
      var idx = [];
      for (var i = 0; i < N; i++) idx.push(i);
      var keyOf;
      switch (key) {
        case 'level': keyOf = function (i) { var x = LEVEL_RANK[s.level[rows[i][COL.level]]]; return x === undefined ? 9 : x; }; break;
        case 'status': keyOf = function (i) { var x = STATUS_RANK[s.status[rows[i][COL.status]]]; return x === undefined ? 9 : x; }; break;
        case 'logsource': keyOf = function (i) { var r = rows[i]; return [s.product[r[COL.product]], s.category[r[COL.category]], s.service[r[COL.service]]].join('/'); }; break;
        case 'modified': keyOf = function (i) { return rows[i][COL.when]; }; break;
        default: keyOf = null;
      }
      if (keyOf) {
        var keys = idx.map(keyOf);
        idx.sort(function (a, b) { return keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b; });
      }
      orders[key] = idx;
      return idx;
    }

    // Text matching: for one query word, per row the best weight, token and mask.
    var cache = {};
    function matchWord(word, only) {
      var ck = word + '|' + only;
      if (cache[ck]) return cache[ck];
      dictionary();
      var cands = [];
      var i;
      for (var at = T.indexOf(word); at >= 0;) {
        var k = tokenOf(at);
        var prefix = at === starts[k];
        // Words of one or two letters match at the start of a token only.
        if (prefix || word.length > 2) cands.push(k, !prefix ? 0.5 : tokenEnd(k) - at === word.length ? 1 : 0.8);
        if (k + 1 >= starts.length) break;
        at = T.indexOf(word, starts[k + 1]);
      }
      var fuzzy = false;
      if (!cands.length && word.length >= 5) {
        fuzzy = true;
        for (i = 0; i < starts.length; i++) if (nearPrefix(word, token(i))) cands.push(i, 0.4);
      }
      var score = new Float32Array(N);
      var best = new Int32Array(N).fill(-1);
      var bestMask = new Int32Array(N);
      var marks = [];
      for (var c = 0; c < cands.length; c += 2) {
        var k = cands[c], factor = cands[c + 1];
        if (fuzzy && marks.length < 20) marks.push(token(k));
        eachPosting(k, function (row, mask) {
          var m = only ? mask & only : mask;
          if (!m) return;
          var w = 0;
          for (var b = 0; b < BIT_WEIGHT.length; b++) if (m & BIT_WEIGHT[b][0]) { w = BIT_WEIGHT[b][1]; break; }
          w *= factor;
          if (w > score[row]) { score[row] = w; best[row] = k; bestMask[row] = m; }
        });
      }
      if (!fuzzy) marks.push(word);
      var out = { score: score, best: best, mask: bestMask, marks: marks };
      if (Object.keys(cache).length > 64) cache = {};
      cache[ck] = out;
      return out;
    }

    // Facet values a key:value term accepts, or null for a key that is no facet.
    function facetMatch(key, v) {
      var f = FACETS.filter(function (x) { return x.key === key; })[0];
      if (!f) return null;
      var table = s[key];
      var names = f.names ? s[f.names] : null;
      var ok = {};
      var exact = false;
      table.forEach(function (x, n) { if (n && x.toLowerCase() === v) { ok[n] = 1; exact = true; } });
      if (exact && key !== 'technique') return ok;
      table.forEach(function (x, n) {
        if (!n) return;
        var lx = x.toLowerCase();
        var name = names ? names[n].toLowerCase() : '';
        if (key === 'lint') { if ((v === 'yes' || v === 'true') ? n === 1 : (v === 'no' || v === 'false') ? n === 2 : lx.indexOf(v) >= 0) ok[n] = 1; }
        else if (key === 'author' || key === 'product' || key === 'category' || key === 'service') { if (lx.indexOf(v) >= 0) ok[n] = 1; }
        else if (lx.lastIndexOf(v, 0) === 0 || name.replace(/\s+/g, '-').lastIndexOf(v, 0) === 0 || (key === 'technique' && name.indexOf(v) >= 0)) ok[n] = 1;
      });
      return ok;
    }

    function hasAny(v, set) {
      if (typeof v === 'number') return set[v] === 1;
      for (var j = 0; j < v.length; j++) if (set[v[j]] === 1) return true;
      return false;
    }

    // State.
    var chosen = {};
    FACETS.forEach(function (f) { chosen[f.key] = {}; });
    var sort = { key: '', dir: 1 };
    var page = 0;

    // Facet controls: a collapsible list of checkboxes per facet, with live counts.
    var boxes = {};
    FACETS.forEach(function (f) {
      var total = new Int32Array(s[f.key].length);
      for (var i = 0; i < N; i++) {
        var v = facetValues(f, i);
        if (typeof v === 'number') total[v]++; else v.forEach(function (x) { total[x]++; });
      }
      var details = el('details', 'facet');
      details.setAttribute('data-facet', f.key);
      var summary = el('summary', null, f.label);
      var picked = el('span', 'picked');
      summary.appendChild(picked);
      details.appendChild(summary);
      var list = el('div', 'opts');
      var items = [];
      s[f.key].forEach(function (value, n) {
        if (!n || !total[n]) return;
        var label = el('label');
        var box = el('input');
        box.type = 'checkbox';
        box.value = value;
        box.setAttribute('data-facet', f.key);
        box.setAttribute('data-n', n);
        label.appendChild(box);
        var text = f.names ? (f.key === 'technique' ? value + ' ' + s[f.names][n] : s[f.names][n]) : value;
        label.appendChild(el('span', 'v', text));
        var c = el('span', 'n', String(total[n]));
        label.appendChild(c);
        list.appendChild(label);
        items.push({ n: n, label: label, box: box, count: c, text: text.toLowerCase(), filtered: false, zero: false });
        box.addEventListener('change', function () {
          if (box.checked) chosen[f.key][n] = 1; else delete chosen[f.key][n];
          page = 0;
          apply();
        });
      });
      if (items.length > 12) {
        var find = el('input', 'find');
        find.type = 'search';
        find.placeholder = 'filter ' + f.label.toLowerCase();
        find.setAttribute('aria-label', 'Filter the ' + f.label.toLowerCase() + ' list');
        find.addEventListener('input', function () {
          var w = find.value.trim().toLowerCase();
          items.forEach(function (it) {
            it.filtered = w !== '' && it.text.indexOf(w) < 0;
            showItem(it, true);
          });
        });
        details.appendChild(find);
      }
      details.appendChild(list);
      details.addEventListener('toggle', function () { if (details.open) updateCounts(); });
      if (items.length) facetBox.appendChild(details);
      boxes[f.key] = { details: details, items: items, picked: picked, f: f };
    });

    // In a long list, values no rule in view has are left out.
    function showItem(it, long) {
      var hide = it.filtered || (long && it.zero);
      if (it.label.hidden !== hide) it.label.hidden = hide;
    }

    var lastCounts = null;
    function updateCounts() {
      if (!lastCounts) return;
      FACETS.forEach(function (f, fi) {
        var b = boxes[f.key];
        var n = Object.keys(chosen[f.key]).length;
        b.picked.textContent = n ? ' (' + n + ')' : '';
        if (!b.details.open) return;
        var c = lastCounts[fi];
        b.items.forEach(function (it) {
          var v = String(c[it.n]);
          if (it.count.textContent !== v) it.count.textContent = v;
          it.box.checked = chosen[f.key][it.n] === 1;
          it.zero = c[it.n] === 0 && !it.box.checked;
          it.label.classList.toggle('zero', it.zero);
          showItem(it, b.items.length > 12);
        });
      });
    }

    function parseQuery(text) {
      var words = [];
      var terms = [];
      text.split(/\s+/).filter(Boolean).forEach(function (t) {
        var m = /^([a-z]+):(.+)$/i.exec(t);
        var key = m && m[1].toLowerCase();
        if (m && (TEXT_KEYS[key] || FACETS.some(function (f) { return f.key === key; }))) {
          var v = m[2].toLowerCase();
          if (TEXT_KEYS[key]) tokenize(v).forEach(function (w) { words.push({ w: w, only: TEXT_KEYS[key] }); });
          else terms.push({ fi: FACETS.map(function (f) { return f.key; }).indexOf(key), ok: facetMatch(key, v) });
        } else {
          tokenize(t).forEach(function (w) { words.push({ w: w, only: 0 }); });
        }
      });
      return { words: words, terms: terms };
    }

    var shown = [];
    var matches = [];
    function apply(keepPage) {
      var parsed = parseQuery(q.value.trim());
      matches = parsed.words.map(function (w) { return matchWord(w.w, w.only); });
      var score = null;
      if (matches.length) {
        score = new Float32Array(N);
        for (var i = 0; i < N; i++) {
          var total = 0;
          for (var m = 0; m < matches.length; m++) {
            var x = matches[m].score[i];
            if (!x) { total = 0; break; }
            total += x;
          }
          score[i] = total;
        }
      }
      var facetTerms = parsed.terms;
      var active = FACETS.map(function (f) { return Object.keys(chosen[f.key]).length ? chosen[f.key] : null; });
      var counts = FACETS.map(function (f) { return new Int32Array(s[f.key].length); });
      var pass = new Uint8Array(N);
      for (var r = 0; r < N; r++) {
        if (score && !score[r]) continue;
        var ok = true;
        for (var t = 0; t < facetTerms.length && ok; t++) ok = hasAny(cols[facetTerms[t].fi][r], facetTerms[t].ok);
        if (!ok) continue;
        var fail = 0;
        for (var fi = 0; fi < FACETS.length; fi++) {
          if (active[fi] && !hasAny(cols[fi][r], active[fi])) fail |= 1 << fi;
        }
        for (fi = 0; fi < FACETS.length; fi++) {
          if (fail && fail !== (1 << fi)) continue;
          var v = cols[fi][r];
          if (typeof v === 'number') counts[fi][v]++;
          else for (var j = 0; j < v.length; j++) counts[fi][v[j]]++;
        }
        if (!fail) pass[r] = 1;
      }
      lastCounts = counts;
      var ord = order(sort.key || 'title');
      shown = [];
      if (sort.dir > 0) { for (var a = 0; a < N; a++) if (pass[ord[a]]) shown.push(ord[a]); }
      else { for (var b = N - 1; b >= 0; b--) if (pass[ord[b]]) shown.push(ord[b]); }
      if (score && !sort.key) shown.sort(function (x, y) { return score[y] - score[x] || x - y; });
      var pages = Math.max(1, Math.ceil(shown.length / PAGE));
      if (!keepPage) page = 0;
      if (page >= pages) page = pages - 1;
      render(pages);
      updateCounts();
      writeHash(state());
    }

    function state() {
      var st = { q: q.value.trim() };
      FACETS.forEach(function (f) {
        st[f.key] = Object.keys(chosen[f.key]).map(function (n) { return s[f.key][n]; });
      });
      if (sort.key) st.sort = sort.key + (sort.dir < 0 ? '-desc' : '');
      if (page) st.page = String(page + 1);
      return st;
    }

    function setState(st) {
      q.value = (st.q || [''])[0];
      FACETS.forEach(function (f) {
        chosen[f.key] = {};
        (st[f.key] || []).forEach(function (v) {
          var n = s[f.key].indexOf(v);
          if (n > 0) chosen[f.key][n] = 1;
        });
        boxes[f.key].items.forEach(function (it) { it.box.checked = chosen[f.key][it.n] === 1; });
      });
      var m = /^(title|level|status|logsource|modified)(-desc)?$/.exec((st.sort || [''])[0]);
      sort = m ? { key: m[1], dir: m[2] ? -1 : 1 } : { key: '', dir: 1 };
      page = Math.max(0, (parseInt((st.page || ['1'])[0], 10) || 1) - 1);
    }

    // Text with each of `marks` wrapped in <mark>, as DOM nodes.
    function marked(parent, text, marks) {
      var lower = text.toLowerCase();
      var spans = [];
      marks.forEach(function (w) {
        if (!w) return;
        for (var at = lower.indexOf(w); at >= 0; at = lower.indexOf(w, at + w.length)) spans.push([at, at + w.length]);
      });
      spans.sort(function (x, y) { return x[0] - y[0]; });
      var pos = 0;
      spans.forEach(function (sp) {
        if (sp[0] < pos) return;
        parent.appendChild(document.createTextNode(text.slice(pos, sp[0])));
        parent.appendChild(el('mark', null, text.slice(sp[0], sp[1])));
        pos = sp[1];
      });
      parent.appendChild(document.createTextNode(text.slice(pos)));
    }

    function badge(kind, value, known) {
      if (!value) return document.createTextNode('');
      var b = el('span', 'badge ' + kind + '-' + (known ? value : 'other'), value);
      b.title = kind === 'lvl' ? 'level' : 'status';
      return b;
    }

    function rowFor(i) {
      var r = rows[i];
      var tr = el('tr');
      tr.setAttribute('data-i', i);
      var td = el('td');
      var a = el('a');
      a.href = r[COL.slug] + '.html';
      var marks = [];
      matches.forEach(function (m) { marks = marks.concat(m.marks); });
      marked(a, r[COL.title], marks);
      td.appendChild(a);
      if (r[COL.findings]) {
        td.appendChild(document.createTextNode(' '));
        var fl = el('span', 'flag', String(r[COL.findings]));
        fl.title = 'lint findings';
        td.appendChild(fl);
      }
      // Where each word matched, when not in the title.
      var where = el('div', 'hit');
      matches.forEach(function (m) {
        var k = m.best[i];
        if (k < 0 || (m.mask[i] & BIT.title)) return;
        var label = '';
        for (var b = 0; b < BIT_LABEL.length; b++) if (m.mask[i] & BIT_LABEL[b][0]) { label = BIT_LABEL[b][1]; break; }
        if (where.childNodes.length) where.appendChild(document.createTextNode(' · '));
        where.appendChild(el('span', 'where', label + ': '));
        marked(where, token(k), m.marks);
      });
      if (where.childNodes.length) td.appendChild(where);
      tr.appendChild(td);
      var lv = s.level[r[COL.level]];
      td = el('td'); td.appendChild(badge('lvl', lv, LEVEL_RANK[lv] !== undefined)); tr.appendChild(td);
      var st = s.status[r[COL.status]];
      td = el('td'); td.appendChild(badge('st', st, KNOWN_STATUS[st] === 1)); tr.appendChild(td);
      var ls = [s.product[r[COL.product]], s.category[r[COL.category]], s.service[r[COL.service]]].filter(Boolean).join(' / ');
      tr.appendChild(el('td', 'ls', ls));
      tr.appendChild(el('td', 'tactics', r[COL.tactic].map(function (x) { return s.tacticName[x]; }).join(', ')));
      tr.appendChild(el('td', 'date', r[COL.when]));
      return tr;
    }

    function render(pages) {
      var frag = document.createDocumentFragment();
      var from = page * PAGE;
      shown.slice(from, from + PAGE).forEach(function (i) { frag.appendChild(rowFor(i)); });
      tbody.textContent = '';
      tbody.appendChild(frag);
      var text = shown.length === N ? N + ' rules' : shown.length + ' of ' + N + ' rules match';
      if (pages > 1) text += '; ' + (from + 1) + '–' + Math.min(from + PAGE, shown.length) + ' shown';
      count.textContent = text;
      pager.hidden = pages < 2;
      pager.querySelector('.pos').textContent = 'page ' + (page + 1) + ' of ' + pages;
      pager.querySelector('.prev').disabled = page === 0;
      pager.querySelector('.next').disabled = page >= pages - 1;
      Array.prototype.forEach.call(headers, function (th) {
        var k = th.getAttribute('data-sort');
        if (!k) return;
        if (k === effectiveSort()) th.setAttribute('aria-sort', sort.dir > 0 ? 'ascending' : 'descending');
        else th.removeAttribute('aria-sort');
      });
    }

    // The column the rows are sorted by; none when ranked by a search.
    function effectiveSort() {
      return sort.key || (matches.length ? '' : 'title');
    }

    var timer = null;
    q.addEventListener('input', function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { apply(); }, 80);
    });
    form.addEventListener('submit', function (ev) { ev.preventDefault(); window.clearTimeout(timer); apply(); });
    document.getElementById('reset').addEventListener('click', function () {
      setState({});
      apply();
      q.focus();
    });
    var toggle = document.getElementById('facets-toggle');
    toggle.addEventListener('click', function () {
      var open = form.classList.toggle('open');
      toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    });
    pager.querySelector('.prev').addEventListener('click', function () { page--; apply(true); });
    pager.querySelector('.next').addEventListener('click', function () { page++; apply(true); });
    Array.prototype.forEach.call(headers, function (th) {
      var k = th.getAttribute('data-sort');
      var button = th.querySelector('button');
      if (!k || !button) return;
      button.addEventListener('click', function () {
        sort = effectiveSort() === k ? { key: k, dir: -sort.dir } : { key: k, dir: 1 };
        apply();
      });
    });
    document.addEventListener('keydown', function (ev) {
      var t = ev.target;
      if (ev.key !== '/' || ev.ctrlKey || ev.metaKey || ev.altKey) return;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      ev.preventDefault();
      q.focus();
      q.select();
    });
    window.addEventListener('hashchange', function () {
      if (window.location.hash === '#' + serialize()) return;
      setState(readHash());
      apply(true);
    });
    function serialize() {
      var st = state();
      var parts = [];
      Object.keys(st).forEach(function (k) {
        [].concat(st[k]).forEach(function (v) { if (v) parts.push(encodeURIComponent(k) + '=' + encodeURIComponent(v)); });
      });
      return parts.join('&');
    }
    setState(readHash());
    form.hidden = false;
    apply(true);
    if (window.performance && performance.mark) performance.mark('sigscope-ready');
    // Ready the dictionary while the reader looks at the page, not on the first keystroke.
    window.setTimeout(dictionary, 50);
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

  // The index script is deferred: it runs before DOMContentLoaded, after this one.
  var table = document.getElementById('rule-table');
  if (table) {
    var started = false;
    var start = function () {
      if (started || !window.SIGSCOPE_INDEX) return;
      started = true;
      initIndex(table, window.SIGSCOPE_INDEX);
    };
    start();
    document.addEventListener('DOMContentLoaded', start);
    window.addEventListener('load', start);
  }
  var matrix = document.getElementById('matrix');
  if (matrix) initMatrix(matrix);
})();
