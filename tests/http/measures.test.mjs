// measures.test.mjs — linking sendmis measures to an improvement plan's
// actions through the web (issue 17: "actions can link to any measure"):
// the form's errors naming the field with what was typed kept, a measure
// linked twice refused, the action page showing it at every review point,
// removal, roles and the audit rows.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, ROOT, errorLinks, text, dateFields, auditRows } from './lib.mjs';

let server, mgr, cw, plan, action, base;

before(async () => {
  server = await startServer();
  mgr = await server.userClient('manager', { name: 'Morgan Lead' });
  cw = await server.userClient('caseworker', { name: 'Casey Worker' });
  const out = server.cli(['plan', 'import', path.join(ROOT, 'data/plans/thurrock-wsoa.json')]);
  plan = Number(/plan (\d+) imported/.exec(out)[1]);
  const page = (await mgr.get(`/improvement-plans/${plan}`)).body;
  action = Number(/href="\/improvement-plans\/\d+\/actions\/(\d+)"/.exec(page)[1]);
  base = `/improvement-plans/${plan}/actions/${action}`;
});
after(async () => {
  await server?.stop();
});

const errors = (r) => errorLinks(r.body).map((e) => [e.field, e.message]);

describe('linking a measure to an action', () => {
  test('the action page offers it to managers, not to caseworkers', async () => {
    assert.ok((await mgr.get(base)).body.includes(`href="${base}/measures"`));
    assert.equal((await cw.get(`${base}/measures`)).status, 403);
  });

  test('errors name the field and keep what was typed', async () => {
    const none = await mgr.post(`${base}/measures`, { kpi: '', baseline: 'forty' });
    assert.equal(none.status, 422);
    assert.deepEqual(errors(none), [['baseline', 'Baseline must be a number, like 42 or 41.5']]);
    assert.match(none.body, /name="baseline"[^>]*value="forty"/);
    const unknown = await mgr.post(`${base}/measures`, { kpi: 'no_such_measure' });
    assert.deepEqual(errors(unknown), [['kpi', 'Select the measure from the list']]);
    const date = await mgr.post(`${base}/measures`, { kpi: 'phase_transfers_on_time', ...dateFields('baseline_date', new Date(2025, 0, 31)) });
    assert.deepEqual(errors(date), [['baseline', 'Enter the baseline, or clear its date']]);
  });

  test('a measure links, shows at every review point, cannot be linked twice, and is removed', async () => {
    const r = await mgr.post(`${base}/measures`, { kpi: 'phase_transfers_on_time', baseline: '41.5', target: '60',
      ...dateFields('target_date', new Date(2027, 2, 31)) });
    assert.equal(r.status, 303, JSON.stringify(errors(r)));
    assert.equal(r.location, `${base}?saved=measure#measures`);
    const page = text((await mgr.get(r.location)).body);
    assert.ok(page.includes('Measure linked to the action'));
    assert.match(page, /target 60\.0%; baseline 41\.5%/);
    assert.ok(page.includes('Today'));
    const again = await mgr.post(`${base}/measures`, { kpi: 'phase_transfers_on_time' });
    assert.equal(again.status, 422);
    assert.match(errors(again)[0][1], /^This measure is already linked to action /);
    const rm = await mgr.post(`${base}/measures/remove`, { kpi: 'phase_transfers_on_time' });
    assert.equal(rm.status, 303);
    assert.ok(!text((await mgr.get(base)).body).includes('target 60.0%'));
    assert.equal((await mgr.post(`${base}/measures/remove`, { kpi: 'phase_transfers_on_time' })).status, 409);
    const rows = auditRows((await mgr.get('/admin/audit', { entity: 'ip_actions', action: 'update' })).body);
    assert.ok(rows.length >= 2, 'linking and removing are audited');
  });
});

describe('a measure entered by hand', () => {
  let manual;
  test('its form: errors name the field and keep what was typed; then added', async () => {
    const bad = await mgr.post(`${base}/manual`, { name: '', source: 'Parent carer forum survey', unit: 'ratio', target: 'x' });
    assert.equal(bad.status, 422);
    assert.deepEqual(errors(bad), [['target', 'Target must be a number, like 42 or 41.5']]);
    assert.match(bad.body, /value="Parent carer forum survey"/);
    const bad2 = await mgr.post(`${base}/manual`, { name: '', source: '', unit: 'ratio' });
    assert.deepEqual(errors(bad2), [['name', 'Enter the name of the measure'], ['source', 'Enter where the figure comes from'],
      ['unit', 'Select whether the measure is a percentage or a number']]);
    const ok = await mgr.post(`${base}/manual`, { name: 'Parents who felt listened to', source: 'Parent carer forum survey',
      unit: 'percent', baseline: '48', target: '70' });
    assert.equal(ok.status, 303, JSON.stringify(errors(ok)));
    const page = (await mgr.get(base)).body;
    manual = Number(/data-manual="(\d+)"/.exec(page)[1]);
    assert.match(text(page), /Parents who felt listened to — target 70%; baseline 48% Entered by hand\. Source: Parent carer forum survey/);
    const again = await mgr.post(`${base}/manual`, { name: 'Parents who felt listened to', source: 'x', unit: 'number' });
    assert.match(errors(again)[0][1], /already has a measure with this name/);
  });

  test('a value at a review point: recorded, changed, a stale save refused', async () => {
    const page = (await mgr.get(base)).body;
    const link = new RegExp(`href="(${base}/manual/${manual}\\?period=(\\d+))"`).exec(page);
    assert.ok(link, 'a Record link for each review point');
    const form = (await mgr.get(link[1])).body;
    const version = /name="version" value="(\d+)"/.exec(form)[1];
    assert.equal(version, '0');
    const missing = await mgr.post(`${base}/manual/${manual}`, { period: link[2], version, value: '' });
    assert.equal(missing.status, 422);
    assert.match(errors(missing)[0][1], /^Enter the value for /);
    const ok = await mgr.post(`${base}/manual/${manual}`, { period: link[2], version, value: '52.5', note: 'From 212 replies' });
    assert.equal(ok.status, 303);
    const shown = text((await mgr.get(base)).body);
    assert.ok(shown.includes('52.5% From 212 replies'), shown.slice(shown.indexOf('Parents who felt'), shown.indexOf('Parents who felt') + 300));
    const stale = await mgr.post(`${base}/manual/${manual}`, { period: link[2], version: '0', value: '60' });
    assert.equal(stale.status, 422);
    assert.match(errors(stale)[0][1], /^Someone else recorded this value/);
    assert.equal((await cw.get(link[1])).status, 403);
  });
});
