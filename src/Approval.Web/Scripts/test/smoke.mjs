// Smoke test of the designer and viewer bundles in a real browser: `npm run build && npm run smoke` in
// src/Approval.Web. Serves test pages, the bundles and fake options/validate/deploy/state endpoints from node's http
// module on 127.0.0.1, and drives Debian's Chromium through playwright-core (no browser download). Not part of
// `dotnet test`: the server-side browser tests cover the real pages. Screenshots go to $SHOTS or /tmp/designer-shots.
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fakeApi } from './fake-api.mjs';

const web = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const workflows = join(web, '..', '..', 'workflows');
const shots = process.env.SHOTS || '/tmp/designer-shots';
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.bpmn': 'application/xml', '.eot': 'font/eot', '.svg': 'image/svg+xml',
  '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.html': 'text/html; charset=utf-8' };

let passed = 0, failed = 0;
function check(ok, what, detail = '') {
  if (ok) passed++; else failed++;
  console.log(`${ok ? 'ok' : 'NOT OK'} - ${what}${detail ? ` (${detail})` : ''}`);
}

const api = fakeApi();
const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://localhost');
    if (await api.handle(req, res, url)) return;
    if (url.pathname === '/favicon.ico') return send(res, 204, 'text/plain', '');
    if (url.pathname === '/designer.html') return send(res, 200, TYPES['.html'], designerPage(url.searchParams));
    if (url.pathname === '/viewer.html') return send(res, 200, TYPES['.html'], viewerPage(url.searchParams));
    const file = url.pathname.startsWith('/workflows/') ? join(workflows, normalize(url.pathname.slice(11)))
      : join(web, 'wwwroot', normalize(url.pathname));
    send(res, 200, TYPES[extname(file)] || 'application/octet-stream', await readFile(file));
  } catch (error) {
    send(res, error.code === 'ENOENT' ? 404 : 500, 'text/plain', String(error));
  }
});

function send(res, status, type, body) {
  res.writeHead(status, { 'Content-Type': type });
  res.end(body);
}

const STYLES = [ '/css/site.css', '/lib/bpmn/diagram-js.css', '/lib/bpmn/bpmn-js.css', '/lib/bpmn/bpmn-font/css/bpmn-embedded.css',
  '/lib/bpmn/properties-panel.css', '/css/bpmn-approval.css' ].map(href => `<link rel="stylesheet" href="${href}">`).join('\n');

function designerPage(query) {
  const file = query.get('file');
  return `<!doctype html><html lang="${query.get('lang') || 'zh-CN'}"><head><meta charset="utf-8"><title>流程设计</title>${STYLES}</head>
<body><h1>流程设计 · ${file || '新流程'}</h1>
<form><input name="__RequestVerificationToken" type="hidden" value="smoke-token"></form>
<div id="designer" data-xml-url="${file ? `/workflows/${file}.bpmn` : ''}" data-validate-url="/api/validate"
     data-deploy-url="/api/deploy" data-options-url="/api/options" data-key="${file || 'smoke-new'}" data-version="">
  <div class="designer-toolbar">
    <button id="designer-validate" type="button">校验</button>
    <button id="designer-deploy" type="button">部署</button>
    <button id="designer-download" type="button" class="secondary">下载 BPMN</button>
  </div>
  <div class="designer-main"><div id="designer-canvas"></div><div id="designer-properties"></div></div>
  <p id="designer-status" role="status"></p>
  <ol id="designer-problems"></ol>
</div>
<script src="/lib/designer.js"></script></body></html>`;
}

function viewerPage(query) {
  const file = query.get('file');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>流程实例</title>${STYLES}</head>
<body><h1>流程实例 · ${file}</h1>
<div id="viewer" data-xml-url="/workflows/${file}.bpmn" data-state-url="/api/state"><div id="viewer-canvas"></div></div>
<script src="/lib/viewer.js"></script></body></html>`;
}

/** id → { attribute: value } for every element of the XML with a `prefix:` attribute. */
function attributesByElement(xml, prefix) {
  const found = {};
  for (const [ tag ] of xml.matchAll(/<[\w:]+\s[^>]*>/g)) {
    const id = /\sid="([^"]+)"/.exec(tag);
    const attrs = [ ...tag.matchAll(new RegExp(`\\s(${prefix}:\\w+)="([^"]*)"`, 'g')) ];
    if (id && attrs.length) found[id[1]] = Object.fromEntries(attrs.map(([ , name, value ]) => [ name, value ]));
  }
  return found;
}

function flowNodeIds(xml) {
  const skip = new Set([ 'definitions', 'process', 'message' ]);
  return [ ...xml.matchAll(/<bpmn:(\w+)\s[^>]*?\bid="([^"]+)"/g) ].filter(([ , kind ]) => !skip.has(kind)).map(([ , , id ]) => id);
}

async function openDesigner(page, file, extra = '') {
  await page.goto(`${base}/designer.html?${file ? `file=${file}` : ''}${extra}`);
  await page.waitForFunction(() => [ 'ready', 'error' ].includes(document.getElementById('designer').dataset.state));
  await page.waitForFunction(() => document.getElementById('designer').dataset.validation !== 'pending');
  return page.evaluate(() => document.getElementById('designer').dataset.state);
}

const exportXml = page => page.evaluate(() => window.approvalDesigner.saveXML());

await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;
await mkdir(shots, { recursive: true });
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: [ '--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run' ],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const pageErrors = [];
page.on('pageerror', error => pageErrors.push(error.message));
// the deploy test's 400 is expected; any other failed request or script error is not
page.on('console', message => {
  if (message.type() === 'error' && !message.text().includes('status of 400')) pageErrors.push(message.text());
});

try {
  await importEveryWorkflow();
  await roundTrip();
  await dropBuildingBlock();
  await everyBlock();
  await englishAndDownload();
  await reminderPolicy();
  await problemsOnElements();
  await deployOnce();
  await viewer();
  check(pageErrors.length === 0, 'no errors in the browser console', pageErrors.slice(0, 3).join(' | '));
} finally {
  await browser.close();
  server.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

async function importEveryWorkflow() {
  const files = (await readdir(workflows)).filter(f => f.endsWith('.bpmn')).map(f => f.slice(0, -5));
  check(files.length === 8, 'eight shipped workflows found', files.join(','));
  for (const file of files) {
    const xml = await readFile(join(workflows, `${file}.bpmn`), 'utf8');
    api.reset();
    const state = await openDesigner(page, file);
    const ids = flowNodeIds(xml);
    const missing = await page.evaluate(list => list.filter(id => !window.approvalDesigner.modeler.get('elementRegistry').get(id)), ids);
    check(state === 'ready' && missing.length === 0, `${file}: imported, all ${ids.length} elements drawn`, missing.join(','));
    const request = api.validations[0];
    check(request && request.token === 'smoke-token' && request.type === 'application/xml' && request.body.includes(`id="${file}"`),
      `${file}: validated on load with the antiforgery header and XML body`);
    const problems = await page.evaluate(() => document.getElementById('designer').dataset.problems);
    check(problems === '0', `${file}: data-problems="0" from a clean validation`);
    await page.locator('#designer-canvas').screenshot({ path: join(shots, `import-${file}.png`) });
    const planes = await page.evaluate(() => window.approvalDesigner.modeler.get('canvas').getRootElements().slice(1).map(r => r.id));
    for (const plane of planes) {
      await page.evaluate(id => {
        const canvas = window.approvalDesigner.modeler.get('canvas');
        canvas.setRootElement(window.approvalDesigner.modeler.get('elementRegistry').get(id));
      }, plane);
      await page.locator('#designer-canvas').screenshot({ path: join(shots, `import-${file}-${plane}.png`) });
    }
  }
}

async function roundTrip() {
  // EXPORT_DIR keeps the exported files, e.g. to run the engine's own tests on what the designer writes
  const files = (await readdir(workflows)).filter(f => f.endsWith('.bpmn')).map(f => f.slice(0, -5));
  for (const file of files) {
    const xml = await readFile(join(workflows, `${file}.bpmn`), 'utf8');
    await openDesigner(page, file);
    const out = await exportXml(page);
    if (process.env.EXPORT_DIR) await writeFile(join(process.env.EXPORT_DIR, `${file}.bpmn`), out);
    const before = attributesByElement(xml, 'ap'), after = attributesByElement(out, 'ap');
    const lost = Object.entries(before).flatMap(([ id, attrs ]) =>
      Object.entries(attrs).filter(([ name, value ]) => !after[id] || after[id][name] !== value).map(([ name ]) => `${id}/${name}`));
    const count = Object.values(before).reduce((n, attrs) => n + Object.keys(attrs).length, 0);
    check(out.includes('xmlns:ap="urn:approval:bpmn:1"') && lost.length === 0, `${file}: all ${count} ap: attributes survive export`, lost.join(','));
    const camundaLost = Object.entries(attributesByElement(xml, 'camunda')).filter(([ id, attrs ]) =>
      Object.entries(attrs).some(([ name, value ]) => (attributesByElement(out, 'camunda')[id] || {})[name] !== value));
    check(camundaLost.length === 0, `${file}: camunda: attributes survive export`, camundaLost.map(([ id ]) => id).join(','));
  }
}

async function dropBuildingBlock() {
  await openDesigner(page, null);
  api.reset();
  const box = await page.locator('#designer-canvas').boundingBox();
  const entry = page.locator('.djs-palette .entry[data-action="ap-block-pledge"]');
  check(await entry.count() === 1 && await page.locator('.ap-palette-heading').textContent() === '创星构件', 'palette shows the 创星构件 section');
  const from = await entry.boundingBox();
  await page.mouse.move(from.x + 20, from.y + 20);
  await page.mouse.down();
  for (let step = 1; step <= 10; step++) await page.mouse.move(from.x + 20 + step * 40, box.y + 300 - (10 - step) * 5);
  await page.mouse.up();
  const xml = await exportXml(page);
  const task = Object.values(attributesByElement(xml, 'camunda')).find(attrs => attrs['camunda:formKey'] === 'pledge');
  const ap = Object.entries(attributesByElement(xml, 'ap')).find(([ , attrs ]) => attrs['ap:org'] === '${orgId}');
  check(/<bpmn:userTask [^>]*name="公开承诺"/.test(xml) && task && task['camunda:candidateGroups'] === 'secretary'
    && task['camunda:dueDate'] === '${calendar.pledgeDue}' && ap && ap[1]['ap:remindBefore'] === '${calendar.remind.pledge.before}',
    'dragging 公开承诺 onto the canvas creates a user task with the block\'s camunda: and ap: attributes');
  check(/<bpmndi:BPMNShape [^>]*bpmnElement="[^"]+"/.test(xml.split('公开承诺')[1] || ''), 'the dropped block has diagram interchange');
  await page.waitForTimeout(1200);
  check(api.validations.length === 1 && api.validations[0].body.includes('公开承诺'), 'the drop is validated once, after the debounce', `${api.validations.length} validations`);
}

async function everyBlock() {
  await openDesigner(page, null);
  const created = await page.evaluate(() => {
    const modeler = window.approvalDesigner.modeler;
    const palette = modeler.get('approvalPalette'), modeling = modeler.get('modeling');
    const root = modeler.get('canvas').getRootElement();
    const entries = Object.keys(modeler.get('palette').getEntries()).filter(id => id.startsWith('ap-block-'));
    return entries.filter(id => id !== 'ap-block-reminder-policy').map((id, i) => {
      const shape = palette.createShape(palette.blocks.find(block => `ap-block-${block.id}` === id));
      return modeling.createShape(shape, { x: 300 + (i % 5) * 150, y: 150 + Math.floor(i / 5) * 150 }, root).id;
    });
  });
  const xml = await exportXml(page);
  const camunda = attributesByElement(xml, 'camunda'), ap = attributesByElement(xml, 'ap');
  const expect = {
    'monthly-report': [ 'camunda:candidateGroups', '${reportGroup}' ], 'vote-session': [ 'camunda:formKey', 'vote-session' ],
    'assessment': [ 'ap:org', '${upperOrgId}' ], 'tier-approval': [ 'ap:outcomes', 'approve,return,reject' ],
    'objection-review': [ 'camunda:formKey', 'objection-review' ], 'ratify': [ 'camunda:topic', 'rating.ratify' ],
  };
  const all = id => ({ ...(camunda[id] || {}), ...(ap[id] || {}) });
  const missing = Object.entries(expect).filter(([ , [ name, value ] ]) => !created.some(id => all(id)[name] === value));
  check(created.length === 9 && missing.length === 0, 'all nine 创星构件 blocks create shapes with their attributes', missing.map(m => m[0]).join(','));
  check(/calledElement="public-notice"[\s\S]*?<camunda:in source="upperOrgId" target="investigatorOrgId"/.test(xml)
    && /calledElement="recheck"[\s\S]*?<camunda:in source="ownerOrgId" target="ownerOrgId"/.test(xml),
    'the call-activity blocks carry their camunda:in mappings');
}

async function englishAndDownload() {
  await openDesigner(page, 'obligation', '&lang=en');
  check(await page.locator('.ap-palette-heading').textContent() === 'Blocks'
    && (await page.textContent('#designer-status')).startsWith('No problems'), '<html lang="en"> gets the English strings');
  const [ download ] = await Promise.all([ page.waitForEvent('download'), page.click('#designer-download') ]);
  check(download.suggestedFilename() === 'obligation.bpmn', 'download saves <key>.bpmn', download.suggestedFilename());
}

async function reminderPolicy() {
  await openDesigner(page, 'org-cycle');
  await page.click('.djs-palette .entry[data-action="ap-block-reminder-policy"]');
  check((await page.textContent('#designer-status')).includes('请先'), '提醒策略 without a selected user task asks for one');
  await page.evaluate(() => {
    const modeler = window.approvalDesigner.modeler;
    modeler.get('selection').select(modeler.get('elementRegistry').get('quota-review'));
  });
  await page.click('.djs-palette .entry[data-action="ap-block-reminder-policy"]');
  const read = () => page.evaluate(() => {
    const bo = window.approvalDesigner.modeler.get('elementRegistry').get('quota-review').businessObject;
    return [ bo.get('ap:remindBefore'), bo.get('ap:remindEvery'), bo.get('ap:escalateAfter') ].join('|');
  });
  check(await read() === 'P3D,P1D|P1D|P2D', '提醒策略 sets remindBefore/remindEvery/escalateAfter on the selected user task');
  await page.evaluate(() => window.approvalDesigner.modeler.get('commandStack').undo());
  check((await read()).startsWith('${calendar.remind.review.before}'), 'one undo restores the task\'s reminder attributes');
  const options = await page.locator('#designer-properties select option').allTextContents();
  check(options.includes('支部书记 (secretary)') && options.includes('名额超限审核 (quota-review)'),
    'the 审批扩展 group offers the server\'s groups and form keys as drop-downs', options.slice(0, 6).join(','));
  await page.screenshot({ path: join(shots, 'designer-org-cycle.png') });
}

async function problemsOnElements() {
  api.problems = [
    { code: 'MissingOrg', elementId: 'pledge-review', line: 18, message: '审核任务缺少 ap:org' },
    { code: 'BadDuration', elementId: 'pledge-review', line: 19, message: 'ap:remindEvery 不是时长' },
    { code: 'Inner', elementId: 'discipline-opinion', line: 55, message: '子流程内的问题' },
    { code: 'General', elementId: null, line: 1, message: '流程级问题' },
  ];
  await openDesigner(page, 'org-cycle');
  const state = await page.evaluate(() => ({
    problems: document.getElementById('designer').dataset.problems,
    badge: document.querySelector('.djs-overlays[data-container-id="pledge-review"] .ap-problem-badge')?.textContent,
    title: document.querySelector('.djs-overlays[data-container-id="pledge-review"] .ap-problem-badge')?.title,
    marked: document.querySelector('.djs-element[data-element-id="pledge-review"]').classList.contains('ap-has-problem'),
    holder: document.querySelector('.djs-element[data-element-id="assessment-stage"]').classList.contains('ap-has-problem'),
    items: document.querySelectorAll('#designer-problems li').length,
    deployDisabled: document.getElementById('designer-deploy').disabled,
  }));
  check(state.problems === '4' && state.items === 4, 'data-problems="4" and four items in #designer-problems');
  check(state.badge === '2' && state.title.includes('缺少 ap:org') && state.marked, 'the named element gets a red badge "2" with the messages and the ap-has-problem marker');
  check(state.holder, 'a problem inside a collapsed sub-process also marks the sub-process');
  check(state.deployDisabled, 'deploy is disabled while problems remain');
  await page.click('#designer-problems li[data-element-id="discipline-opinion"] button');
  const selected = await page.evaluate(() => window.approvalDesigner.modeler.get('selection').get().map(e => e.id));
  check(selected.includes('discipline-opinion'), 'clicking a problem selects its element (drilling into the sub-process)');
  await page.screenshot({ path: join(shots, 'designer-problems.png') });
  api.problems = [];
}

async function deployOnce() {
  await openDesigner(page, 'recheck');
  check(!(await page.isDisabled('#designer-deploy')), 'deploy is enabled after a clean validation');
  api.deployDelayMs = 400;
  await page.dblclick('#designer-deploy');
  await page.waitForFunction(() => document.getElementById('designer').dataset.deployed);
  await page.waitForTimeout(500);
  check(api.deploys.length === 1 && api.deploys[0].token === 'smoke-token', 'a double click deploys once, with the antiforgery header');
  check((await page.textContent('#designer-status')) === '已部署为第 3 版', 'shows 已部署为第 3 版');
  await page.evaluate(() => {
    const modeler = window.approvalDesigner.modeler;
    modeler.get('modeling').updateProperties(modeler.get('elementRegistry').get('inspection'), { name: '复检核查（改）' });
  });
  api.deployStatus = 400;
  await page.waitForFunction(() => !document.getElementById('designer-deploy').disabled);
  await page.click('#designer-deploy');
  await page.waitForFunction(() => document.getElementById('designer').dataset.problems === '1');
  check(await page.locator('.djs-overlays[data-container-id="demote"] .ap-problem-badge').count() === 1,
    'a 400 problem+json from deploy is shown like validation problems');
  api.deployStatus = 201;
}

async function viewer() {
  api.state = {
    active: [ 'pledge-review', 'assessment' ],
    completed: [ 'start', 'prepare', 'split', 'pledge-merge', 'pledge', 'child-cycles', 'stage-start', 'stage-split' ],
    heat: { 'pledge': 40, 'pledge-review': 32, 'assessment': 9, 'prepare': 3, 'tier-approval': 17 },
  };
  await page.goto(`${base}/viewer.html?file=org-cycle`);
  await page.waitForFunction(() => [ 'ready', 'error' ].includes(document.getElementById('viewer').dataset.state));
  const has = (id, marker) => page.evaluate(([ i, m ]) => !!document.querySelector(`.djs-element[data-element-id="${i}"]`)?.classList.contains(m), [ id, marker ]);
  check(await has('pledge-review', 'ap-active') && await has('pledge', 'ap-completed'), 'viewer: active and completed markers');
  check(await has('f1', 'ap-completed') && await has('f9', 'ap-completed') && !(await has('f10', 'ap-completed')),
    'viewer: flows completed→completed and completed→active are shaded, the one after the active task is not');
  check(await has('assessment-stage', 'ap-active'), 'viewer: the collapsed sub-process holding an active task is marked active');
  const badges = await page.locator('.djs-overlays .ap-heat-badge').allTextContents();
  check(badges.length === 5 && badges.includes('40') && await has('pledge', 'ap-heat-5') && await has('prepare', 'ap-heat-1'),
    'viewer: heat badges and heat-1..5 classes by share of the maximum', badges.join(','));
  await page.screenshot({ path: join(shots, 'viewer-org-cycle.png') });
  await page.evaluate(() => {
    const viewer = window.approvalViewer;
    viewer.get('canvas').setRootElement(viewer.get('elementRegistry').get('assessment-stage_plane'));
  });
  await page.screenshot({ path: join(shots, 'viewer-drilldown.png') });
  api.state = { active: [ 'monthly-report' ], completed: [ 'start', 'month-start', 'month-opens' ], heat: { 'monthly-report': 12 } };
  await page.goto(`${base}/viewer.html?file=practice`);
  await page.waitForFunction(() => document.getElementById('viewer').dataset.state === 'ready');
  const onMain = await has('months', 'ap-active');
  // hidden planes are detached from the document: drill down before reading the inner element's classes
  await page.evaluate(() => window.approvalViewer.get('canvas').setRootElement(window.approvalViewer.get('elementRegistry').get('months_plane')));
  check(onMain && await has('monthly-report', 'ap-active') && await has('month-opens', 'ap-completed'),
    'viewer: practice\'s multi-instance sub-process is marked from inside, and inside once drilled into');
}
