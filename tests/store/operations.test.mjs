// operations.test.mjs — moving an area, backing it up, restoring it, and
// several servers on one database (docs/operations.md), against real
// stores: SQLite files and, with SENDMIS_TEST_PG (scripts/with-pg), a real
// PostgreSQL cluster.  Run: make check (check-store), or
//   ./scripts/with-pg env SENDMIS_BIN=$PWD/sendmis node --test tests/store/operations.test.mjs
//
// What it shows:
//  - a backup made while a server writes restores, row for row as its
//    manifest counts them, with the stored clock agreeing (clock verify);
//    a damaged backup and a non-empty target are refused, nothing written;
//  - `db copy` SQLite -> PostgreSQL -> SQLite gives back every table's rows
//    as they were, and both stores give the same `sendmis kpi --json`, SEN2
//    export and person export;
//  - the same demo made on each store gives the same measures and return;
//  - two servers on one PostgreSQL database share a sign-in, one runs the
//    scheduler, and when it is killed the other takes over; /healthz.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, writeFileSync, appendFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, DEMO_PASSWORD, Server, runCli, sql, isPg } from '../http/lib.mjs';

const PG = process.env.SENDMIS_TEST_PG || '';
const pgSkip = PG ? false : 'needs SENDMIS_TEST_PG (make check runs this under scripts/with-pg)';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let dir;
let pgSeq = 0;
const pgMade = [];

function pgAdmin(q) {
  return runCli([], { prefix: ['psql', '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', PG, '-c', q] });
}

// A new empty PostgreSQL database (C collation) in the test cluster.
function pgDb() {
  const name = `sendmis_ops${process.pid}_${++pgSeq}`;
  const r = pgAdmin(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
  assert.equal(r.status, 0, r.stderr);
  pgMade.push(name);
  const m = /^(postgres(?:ql)?:\/\/[^/?]*)(?:\/[^?]*)?(\?.*)?$/.exec(PG);
  return `${m[1]}/${name}${m[2] || ''}`;
}

const cli = (args, opts = {}) => runCli(args, { cwd: dir, ...opts });
function ok(args, opts) {
  const r = cli(args, opts);
  assert.equal(r.status, 0, `sendmis ${args.join(' ')}: ${r.stderr}`);
  return r;
}

// Every table's rows, in a stable order, as text: what a copy must keep.
function tableDump(db, table) {
  return sql(db, `SELECT * FROM "${table}" ORDER BY 1`);
}
function tables(db) {
  return sql(db, isPg(db)
    ? "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name").split('\n');
}

const AS_OF = '2026-11-30';
const kpi = (db) => ok(['kpi', '--db', db, '--as-of', AS_OF, '--json']).stdout;
const sen2 = (db) => ok(['sen2', 'export', '--db', db, '--census', '2026-01-15', '--generated', '2026-01-20T09:00:00']).stdout;
const person = (db, id) => ok(['person', 'export', '--db', db, String(id)]).stdout;

before(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sendmis-ops-'));
});
after(() => {
  if (pgMade.length) pgAdmin(pgMade.map((n) => `DROP DATABASE IF EXISTS ${n} WITH (FORCE);`).join(' '));
  rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore (SQLite)', () => {
  test('a backup made while a server writes restores row for row, and verifies', async () => {
    const db = path.join(dir, 'live.db');
    ok(['demo', '--db', db, '--plans', '40', '--seed', '5']);
    const s = new Server(dir, db, {});
    await s.start();
    // write load: sign-ins (each writes a session and an audit row) all through the backup
    let writing = true, writes = 0;
    const load = (async () => {
      while (writing) {
        const c = s.client();
        const r = await c.signInPost({ username: 'caseworker1', password: DEMO_PASSWORD });
        assert.equal(r.status, 303);
        writes++;
      }
    })();
    while (writes < 3) await sleep(20);
    const out = ok(['backup', '--db', db, '-o', path.join(dir, 'b1.sendmis')]);
    const during = writes;
    while (writes < during + 3) await sleep(20);
    writing = false;
    await load;
    await s.stop({ keep: true });
    assert.match(out.stderr, /sendmis backup: .*b1\.sendmis \(sqlite, schema version \d+, \d+ tables, \d+ rows, sha256 [0-9a-f]{64}\)/);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'b1.sendmis.json'), 'utf8'));
    assert.equal(manifest.format, 'sqlite');
    assert.ok(manifest.rows.people > 0 && manifest.rows.audit_events > 0);
    // the live database went on: it holds more audit rows than the backup counted
    const liveAudit = Number(sql(db, 'SELECT COUNT(*) FROM audit_events'));
    assert.ok(liveAudit > manifest.rows.audit_events, `${liveAudit} > ${manifest.rows.audit_events}`);

    const to = path.join(dir, 'restored.db');
    const r = ok(['restore', path.join(dir, 'b1.sendmis'), '--db', to]);
    assert.match(r.stderr, /tables' rows checked against the manifest: all alike/);
    assert.match(r.stderr, /the stored clock agrees with the records/);
    for (const t of ['people', 'plans', 'audit_events', 'document_blobs'])
      assert.equal(Number(sql(to, `SELECT COUNT(*) FROM ${t}`)), manifest.rows[t], t);
    // the uploaded documents' bytes came back too
    assert.equal(sql(to, 'SELECT hex(bytes) FROM document_blobs ORDER BY 1 LIMIT 3'),
      sql(path.join(dir, 'b1.sendmis'), 'SELECT hex(bytes) FROM document_blobs ORDER BY 1 LIMIT 3'));
  });

  test('a damaged backup, a missing manifest and a target that holds records are refused, nothing written', () => {
    const b = path.join(dir, 'b1.sendmis');
    // a target with records
    let r = cli(['restore', b, '--db', path.join(dir, 'restored.db')]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /the target is not empty \(\w+ has \d+ rows\)/);
    // one byte more: not the file the manifest describes
    const damaged = path.join(dir, 'b2.sendmis');
    writeFileSync(damaged, readFileSync(b));
    writeFileSync(`${damaged}.json`, readFileSync(`${b}.json`));
    appendFileSync(damaged, 'x');
    r = cli(['restore', damaged, '--db', path.join(dir, 'r2.db')]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /does not match its manifest's SHA-256/);
    assert.equal(existsSync(path.join(dir, 'r2.db')), false, 'no database made');
    r = cli(['restore', path.join(dir, 'nothing.sendmis'), '--db', path.join(dir, 'r3.db')]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cannot read the backup's manifest/);
    // a backup never overwrites one
    r = cli(['backup', '--db', path.join(dir, 'live.db'), '-o', b]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /exists already/);
  });
});

describe('PostgreSQL beside SQLite', { skip: pgSkip }, () => {
  let lite, pg;
  const copied = new Map();   // every table of lite as it was copied (exports audit themselves after)
  before(() => {
    lite = path.join(dir, 'area.db');
    ok(['demo', '--db', lite, '--plans', '60', '--seed', '7', '--today', AS_OF]);
    pg = pgDb();
  });

  test('db copy SQLite -> PostgreSQL: counted, verified, and the same measures, return and exports', () => {
    const r = ok(['db', 'copy', '--from', lite, '--to', pg]);
    assert.match(r.stderr, /every table's rows copied and counted/);
    assert.match(r.stderr, /the stored clock agrees with the records/);
    assert.doesNotMatch(r.stderr, /host=|user=postgres/, 'the address is not printed');
    for (const t of tables(lite)) if (t !== 'schema_migrations') copied.set(t, tableDump(lite, t));
    assert.equal(kpi(pg), kpi(lite));
    assert.equal(sen2(pg), sen2(lite));
    for (const id of sql(lite, 'SELECT id FROM people ORDER BY id LIMIT 3').split('\n'))
      assert.equal(person(pg, id), person(lite, id), `person ${id}`);
    // a second copy into it is refused: it holds records now
    const again = cli(['db', 'copy', '--from', lite, '--to', pg]);
    assert.equal(again.status, 2);
    assert.match(again.stderr, /the target is not empty/);
  });

  test('db copy PostgreSQL -> SQLite gives back every table as it was', () => {
    const back = path.join(dir, 'back.db');
    // the exports above each left an audit row on PostgreSQL: as many as were read
    const exported = Number(sql(pg, "SELECT COUNT(*) FROM audit_events WHERE action = 'export'"));
    ok(['db', 'copy', '--from', pg, '--to', back]);
    assert.ok(copied.size > 50);
    for (const [t, rows] of copied) {
      if (t === 'audit_events') {
        const last = Number(rows.split('\n').at(-1).split('|')[0]);
        assert.equal(sql(back, `SELECT * FROM audit_events WHERE id <= ${last} ORDER BY 1`), rows, t);
        assert.equal(sql(back, `SELECT COUNT(*) FROM audit_events WHERE id > ${last} AND action <> 'export'`), '0');
        assert.equal(sql(back, `SELECT COUNT(*) FROM audit_events WHERE id > ${last}`), String(exported));
      } else
        assert.equal(tableDump(back, t), rows, t);
    }
    // and new rows get new ids on PostgreSQL after a copy (identity counters moved on)
    const before = Number(sql(pg, 'SELECT MAX(id) FROM users'));
    const added = new Server(dir, pg, {}).createUser('caseworker', { username: 'after_copy' });
    assert.ok(added.id > before, `${added.id} > ${before}`);
  });

  test('a pg_dump backup made while writing restores into a new database, row for row, and verifies', () => {
    const b = path.join(dir, 'pg.sendmis');
    const out = ok(['backup', '--db', pg, '-o', b]);
    assert.match(out.stderr, /\(pg_dump, schema version/);
    const to = pgDb();
    const r = ok(['restore', b, '--db', to]);
    assert.match(r.stderr, /all alike/);
    assert.match(r.stderr, /the stored clock agrees with the records/);
    assert.equal(kpi(to), kpi(pg));
    // a pg_dump is not restored into SQLite
    const x = cli(['restore', b, '--db', path.join(dir, 'x.db')]);
    assert.equal(x.status, 2);
    assert.match(x.stderr, /restore it into a PostgreSQL database/);
  });

  test('the same demo made on each store gives the same measures and SEN2 return', () => {
    const a = path.join(dir, 'same.db'), b = pgDb();
    ok(['demo', '--db', a, '--plans', '30', '--seed', '11', '--today', AS_OF]);
    ok(['demo', '--db', b, '--plans', '30', '--seed', '11', '--today', AS_OF]);
    assert.equal(kpi(b), kpi(a));
    assert.equal(sen2(b), sen2(a));
  });

  test('a database without C collation is refused with what to do', () => {
    const name = `sendmis_ops${process.pid}_en`;
    const r = pgAdmin(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'POSIX' LC_CTYPE 'C.UTF-8'`);
    if (r.status !== 0) return; // the cluster has no such locale: nothing to show
    pgMade.push(name);
    const uri = pg.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
    const m = cli(['migrate', '--db', uri]);
    assert.equal(m.status, 1);
    assert.match(m.stderr, /sendmis needs a database made with LC_COLLATE 'C' and LC_CTYPE 'C'/);
  });
});

describe('two servers on one PostgreSQL database', { skip: pgSkip }, () => {
  let db, a, b;
  const env = { SENDMIS_JOBS_INTERVAL_SECONDS: '1', SENDMIS_MAIL_POLL_SECONDS: '0' };
  before(async () => {
    db = pgDb();
    ok(['demo', '--db', db, '--plans', '20', '--seed', '3']);
    a = new Server(dir, db, env);
    b = new Server(dir, db, env);
    await a.start();
    await b.start();
  });
  after(async () => {
    await a.stop({ keep: true });
    await b.stop({ keep: true });
  });

  test('a sign-in on one server is used on the other, forms included', async () => {
    const c = await a.signIn('caseworker1', DEMO_PASSWORD);
    const onB = b.client();
    onB.cookies = new Map(c.cookies);
    onB.csrf = c.csrf;
    const r = await onB.get('/people');
    assert.equal(r.status, 200, 'signed in on b');
    const out = await onB.post('/sign-out', {});
    assert.equal(out.status, 303);
    const after = await c.get('/people');
    assert.equal(after.status, 303, 'signed out on a too');
  });

  test('/healthz on each: reachable, the schema this binary expects, no personal data', async () => {
    for (const s of [a, b]) {
      const r = await fetch(`${s.base}/healthz`);
      assert.equal(r.status, 200);
      const j = await r.json();
      assert.deepEqual(Object.keys(j).sort(), ['database', 'schema_expected', 'schema_version', 'status', 'store']);
      assert.equal(j.status, 'ok');
      assert.equal(j.store, 'postgresql');
      assert.equal(j.schema_version, j.schema_expected);
    }
  });

  test('one server runs the scheduler; killed, the other takes over', async () => {
    const leads = (s) => /worker: this server runs the scheduler/.test(s.stderr);
    const deadline = Date.now() + 10000;
    while (!leads(a) && !leads(b) && Date.now() < deadline) await sleep(50);
    assert.notEqual(leads(a), leads(b), 'exactly one leads');
    const [leader, other] = leads(a) ? [a, b] : [b, a];
    await sleep(1500);
    assert.equal(leads(other), false, 'the other waits');
    assert.doesNotMatch(other.stderr, /db: /, 'waiting, asking each second, is no error in its log');
    leader.proc.kill('SIGKILL');
    await leader.exitPromise;
    const until = Date.now() + 15000;
    while (!leads(other) && Date.now() < until) await sleep(50);
    assert.ok(leads(other), `the other took over:\n${other.stderr.slice(-2000)}`);
  });
});
