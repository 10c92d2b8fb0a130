// Drives a gongdan HTML report in headless Chromium for tests/html.rs and
// prints what it saw as one JSON object on stdout.
//
// node drive.cjs PLAYWRIGHT_CORE_DIR CHROMIUM REPORT.html SCREENSHOT.png PLAN.json
//
// PLAN: {unit, rule, search, unitRule: {unit, rule}}. Every action below
// records the count the page shows ("显示 N / 共 M 条") and what is listed.
'use strict';
const path = require('path');
const [coreDir, chromium, report, screenshot, planFile] = process.argv.slice(2);
const { chromium: browserType } = require(path.resolve(coreDir));
const plan = JSON.parse(require('fs').readFileSync(planFile, 'utf8'));

(async () => {
  const browser = await browserType.launch({
    executablePath: chromium,
    args: ['--no-sandbox', '--disable-gpu', '--lang=zh-CN'],
  });
  const out = { consoleErrors: [], pageErrors: [], requests: [], failedRequests: [] };
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 1000 }, locale: 'zh-CN' });
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') out.consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => out.pageErrors.push(String(e)));
    page.on('request', (r) => out.requests.push(r.url()));
    page.on('requestfailed', (r) => out.failedRequests.push(r.url()));
    const url = 'file://' + path.resolve(report);
    const t0 = Date.now();
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector('#f-count[data-shown]');
    out.loadMs = Date.now() - t0;
    out.requests = out.requests.filter((u) => u !== url && !u.startsWith(url + '#'));

    const state = async () => page.evaluate(() => {
      const c = document.getElementById('f-count');
      const cards = Array.from(document.querySelectorAll('#list > li'));
      return {
        shown: Number(c.getAttribute('data-shown')),
        total: Number(c.getAttribute('data-total')),
        text: c.textContent,
        listed: cards.length,
        units: cards.map((li) => li.querySelector('.unit').textContent),
        rules: cards.map((li) => li.querySelector('.code').textContent),
        texts: cards.map((li) => li.textContent),
        marks: cards.filter((li) => li.querySelector('mark')).length,
        unitSelect: document.getElementById('f-unit').value,
        ruleSelect: document.getElementById('f-rule').value,
        title: document.title,
        moreVisible: getComputedStyle(document.getElementById('more')).display !== 'none',
        moreText: document.getElementById('more').textContent,
      };
    });
    out.initial = await state();

    if (out.initial.moreVisible) {
      await page.click('#more');
      out.afterMore = await state();
    }

    await page.selectOption('#f-unit', plan.unit);
    out.byUnitSelect = await state();

    await page.click('#f-reset');
    await page.click(`#rules tr.pick[data-rule="${plan.rule}"]`);
    out.byRuleClick = await state();

    await page.click('#f-reset');
    await page.focus(`#rules tr.pick[data-rule="${plan.rule}"]`);
    await page.keyboard.press('Enter');
    out.byRuleKey = await state();

    await page.click('#f-reset');
    await page.click(`#units th.pick[data-unit="${plan.unit}"]`);
    out.byUnitClick = await state();

    await page.click(`#units td.pick[data-unit="${plan.unitRule.unit}"][data-rule="${plan.unitRule.rule}"]`);
    out.byUnitRuleClick = await state();

    await page.click('#f-reset');
    await page.fill('#f-search', plan.search);
    out.bySearch = await state();

    await page.fill('#f-search', '');
    await page.click('#f-reset');
    out.afterReset = await state();

    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshot, fullPage: true, clip: { x: 0, y: 0, width: 1360, height: 2600 } });
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e && e.stack || String(e)); process.exit(3); });
