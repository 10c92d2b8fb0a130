// gongdan HTML report: renders the findings blob a page at a time and
// filters it. User text only ever goes in through textContent.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('gd-data').textContent);
  var L = data.labels;
  var S = data.strings;
  var F = data.findings;
  var PAGE = 200;
  var SEV = ['error', 'warning', 'info'];
  // Indices into one finding's array (see data_json in html.rs).
  var RULE = 0, SEVERITY = 1, MESSAGE = 2, HELP = 3, TICKET = 4, UNIT = 5, FILE = 6,
    SHEET = 7, ROW = 8, CELL = 9, COLUMN = 10, POINTER = 11, SUGGESTION = 12, CUT = 13,
    BEFORE = 14, MARK = 15, AFTER = 16;

  var unitSel = document.getElementById('f-unit');
  var ruleSel = document.getElementById('f-rule');
  var sevSel = document.getElementById('f-severity');
  var search = document.getElementById('f-search');
  var countEl = document.getElementById('f-count');
  var list = document.getElementById('list');
  var more = document.getElementById('more');
  var empty = document.getElementById('empty');

  var haystacks = null;
  var matches = [];
  var listed = 0;

  function str(i) { return i === null || i === undefined ? null : S[i]; }
  function fill(template, values) {
    return template.replace(/\{(\w)\}/g, function (_, k) { return String(values[k]); });
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  function haystack(f) {
    return [f[MESSAGE], f[TICKET] || '', f[BEFORE] || '', f[MARK] || '', f[AFTER] || '']
      .join('\n').toLowerCase();
  }

  function applyFilters() {
    var unit = unitSel.value, rule = ruleSel.value, sev = sevSel.value;
    var q = search.value.trim().toLowerCase();
    if (q && !haystacks) { haystacks = F.map(haystack); }
    matches = [];
    for (var i = 0; i < F.length; i++) {
      var f = F[i];
      if (unit && S[f[UNIT]] !== unit) { continue; }
      if (rule && S[f[RULE]] !== rule) { continue; }
      if (sev && String(f[SEVERITY]) !== sev) { continue; }
      if (q && haystacks[i].indexOf(q) < 0) { continue; }
      matches.push(i);
    }
    countEl.textContent = fill(L.shown, { n: matches.length, m: F.length });
    countEl.setAttribute('data-shown', String(matches.length));
    countEl.setAttribute('data-total', String(F.length));
    list.textContent = '';
    listed = 0;
    listMore();
    empty.hidden = matches.length > 0;
    empty.textContent = F.length === 0 ? L.nothing : L.no_match;
  }

  function listMore() {
    var frag = document.createDocumentFragment();
    var end = Math.min(matches.length, listed + PAGE);
    for (; listed < end; listed++) { frag.appendChild(card(F[matches[listed]])); }
    list.appendChild(frag);
    var left = matches.length - listed;
    more.hidden = left <= 0;
    more.textContent = fill(L.more, { k: Math.min(PAGE, left), r: left });
    list.setAttribute('data-listed', String(listed));
  }

  function card(f) {
    var sev = SEV[f[SEVERITY]];
    var li = el('li', 'card ' + sev);
    var top = el('div', 'top');
    top.appendChild(el('span', 'badge ' + sev, L.severities[f[SEVERITY]]));
    var rule = S[f[RULE]];
    top.appendChild(el('span', 'code', rule));
    top.appendChild(el('span', 'name', data.names[rule]));
    if (f[TICKET]) { top.appendChild(el('span', 'ticket', L.ticket + ' ' + f[TICKET])); }
    top.appendChild(el('span', 'unit', S[f[UNIT]]));
    li.appendChild(top);
    li.appendChild(el('p', 'msg', f[MESSAGE]));

    var where = [S[f[FILE]]];
    if (f[SHEET] !== null && f[SHEET] !== undefined) { where.push(fill(L.sheet_at, { s: str(f[SHEET]) })); }
    if (f[ROW] !== null && f[ROW] !== undefined) { where.push(fill(L.row, { r: f[ROW] })); }
    if (f[CELL]) { where.push(f[CELL]); }
    if (f[POINTER]) { where.push(f[POINTER]); }
    if (f[COLUMN] !== null && f[COLUMN] !== undefined) { where.push(fill(L.column, { c: str(f[COLUMN]) })); }
    li.appendChild(el('div', 'where', where.join(' · ')));

    if (f.length > BEFORE) {
      var box = el('div', 'excerpt');
      box.appendChild(el('span', 'label', L.text));
      box.appendChild(document.createTextNode((f[CUT] ? '…' : '') + f[BEFORE]));
      if (f[MARK]) { box.appendChild(el('mark', null, f[MARK])); }
      if (f[AFTER]) { box.appendChild(document.createTextNode(f[AFTER])); }
      li.appendChild(box);
    }
    if (f[HELP] !== null && f[HELP] !== undefined) {
      var help = el('p', 'fix');
      help.appendChild(el('b', null, L.help));
      help.appendChild(document.createTextNode(str(f[HELP])));
      li.appendChild(help);
    }
    if (f[SUGGESTION]) {
      var sugg = el('p', 'fix sugg');
      sugg.appendChild(el('b', null, L.suggestion));
      sugg.appendChild(document.createTextNode(f[SUGGESTION]));
      li.appendChild(sugg);
    }
    return li;
  }

  // Clicking a unit, a rule or a count in the tables filters the list to it.
  function pick(e) {
    var t = e.target.closest('.pick');
    if (!t) { return; }
    unitSel.value = t.getAttribute('data-unit') || '';
    ruleSel.value = t.getAttribute('data-rule') || '';
    sevSel.value = t.getAttribute('data-severity') || '';
    search.value = '';
    applyFilters();
    document.getElementById('findings').scrollIntoView();
  }

  ['units', 'rules'].forEach(function (id) {
    var table = document.getElementById(id);
    if (!table) { return; }
    table.addEventListener('click', pick);
    // A unit or rule reached with Tab filters on Enter, like a link.
    table.addEventListener('keydown', function (e) { if (e.key === 'Enter') { pick(e); } });
  });
  [unitSel, ruleSel, sevSel].forEach(function (s) { s.addEventListener('change', applyFilters); });
  search.addEventListener('input', applyFilters);
  more.addEventListener('click', listMore);
  document.getElementById('f-reset').addEventListener('click', function () {
    unitSel.value = ''; ruleSel.value = ''; sevSel.value = ''; search.value = '';
    applyFilters();
  });
  applyFilters();
}());
