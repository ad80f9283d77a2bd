// schema.test.mjs — the PostgreSQL schema is the SQLite schema (issue 18).
//
// migrations/sqlite/ and migrations/postgresql/ are written by hand, one file
// each per number.  This test migrates a fresh database of each store and
// compares what each catalogue says (catalog.mjs): the tables; each table's
// columns in order (the person export's SELECT * follows it) with their type
// class, NOT NULL, DEFAULT and whether the store hands out ids; primary keys,
// UNIQUE constraints, CHECK conditions, foreign keys with their ON DELETE;
// the named indexes (keys or expressions, unique, partial predicate); the
// triggers.  It does so at every version (the files applied one by one with
// the sqlite3 and psql shells), and at the last one as `sendmis migrate`
// leaves each store.  It also checks what a catalogue cannot show: the seed
// rows, the identity sequences after explicit ids, the refuse-if checks of
// 0011 (their queries, and sendmis migrate refusing with one message), the
// rows 0003 and 0004 move, and that the triggers
// refuse the same changes with the same messages as constraint failures.
//
// It needs a PostgreSQL server: SENDMIS_TEST_PG, a libpq URI of a database
// from which it may create and drop its own (./scripts/with-pg sets it).
// Without it every test here is skipped, saying so.
//
//   ./scripts/with-pg env SENDMIS_BIN=$PWD/sendmis node --test tests/store/

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sqliteModel, pgModel, diffModels, sqliteRows, sqliteScript, pgRows, pgMany, pgScript } from './catalog.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = process.env.SENDMIS_BIN || path.join(ROOT, 'sendmis');
const PG = process.env.SENDMIS_TEST_PG;
const SQLITE_DIR = path.join(ROOT, 'migrations', 'sqlite');
const PG_DIR = path.join(ROOT, 'migrations', 'postgresql');
const SKIP = PG ? false
  : 'SENDMIS_TEST_PG is not set, so the PostgreSQL schema was not compared with SQLite\'s: run under ./scripts/with-pg (make check does)';
if (!PG) console.log(`tests/store/schema.test.mjs: ${SKIP}`);

const migrations = (dir) => readdirSync(dir).filter((f) => /^\d{4}_.*\.sql$/.test(f)).sort();

// The URI of database `name` on the server of the admin URI.
function dbUri(name) {
  const m = /^(postgres(?:ql)?:\/\/[^/?]*)(\/[^?]*)?(\?.*)?$/.exec(PG);
  if (!m) throw new Error(`SENDMIS_TEST_PG is not a postgresql:// URI: ${PG}`);
  return `${m[1]}/${name}${m[3] || ''}`;
}

function createDb(name) {
  const psql = (sql) => execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', PG, '-c', sql], { stdio: ['ignore', 'pipe', 'pipe'] });
  psql(`DROP DATABASE IF EXISTS ${name}`);
  psql(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
  return dbUri(name);
}

// `sendmis migrate --db DB` with no SENDMIS_* settings from the shell.
function runMigrate(db) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('SENDMIS_')) env[k] = v;
  const r = spawnSync(BIN, ['migrate', '--db', db], { env, encoding: 'utf8' });
  if (r.error) throw r.error;
  return r;
}
function migrate(db) {
  const r = runMigrate(db);
  assert.equal(r.status, 0, `sendmis migrate --db ${db} failed (${r.status}): ${r.stderr}`);
}

// The error a statement ends with in each store: SQLite's message and result
// code (19 is SQLITE_CONSTRAINT), PostgreSQL's SQLSTATE and message.
function sqliteError(db, sql) {
  const r = spawnSync('sqlite3', ['-bail', db, sql], { encoding: 'utf8' });
  if (r.status === 0) return null;
  const m = /: (.*) \((\d+)\)\s*$/.exec(r.stderr.trim());
  assert.ok(m, `unexpected sqlite3 error for ${sql}: ${r.stderr}`);
  return { message: m[1].replace(/^stepping, /, ''), code: Number(m[2]) };
}
function pgError(uri, sql) {
  const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-v', 'VERBOSITY=verbose', '-d', uri, '-c', sql], { encoding: 'utf8' });
  if (r.status === 0) return null;
  const m = /ERROR:\s+([0-9A-Z]{5}): (.*)/.exec(r.stderr);
  assert.ok(m, `unexpected psql error for ${sql}: ${r.stderr}`);
  return { sqlstate: m[1], message: m[2].trim() };
}

function refuseIfQueries(file) {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith('-- sendmis: refuse-if ')).map((l) => l.slice('-- sendmis: refuse-if '.length));
}

// Every table's rows in both stores (apart from the runner's own), in the
// order of all their columns.  Returns the tables that hold any.
function sameRows(sdb, uri, what) {
  const tables = Object.entries(sqliteModel(sdb).tables).filter(([t]) => t !== 'schema_migrations');
  const order = (columns) => columns.map((c, i) => i + 1).join(', ');
  // one query a store: SQLite builds each table's rows as JSON itself
  const lit = (t) => `'${t}'`;
  const sq = tables.map(([t, { columns }]) =>
    `SELECT ${lit(t)} AS t, (SELECT json_group_array(json_object(${columns.map((c) => `${lit(c.name)}, "${c.name}"`).join(', ')})) FROM (SELECT * FROM ${t} ORDER BY ${order(columns)})) AS j`);
  const [row] = sqliteRows(sdb, `SELECT json_group_object(t, json(j)) AS j FROM (${sq.join(' UNION ALL ')})`);
  const a = JSON.parse(row.j);
  const b = pgMany(uri, Object.fromEntries(tables.map(([t, { columns }]) => [t, `SELECT * FROM ${t} ORDER BY ${order(columns)}`])));
  const seeded = [];
  for (const [t] of tables) {
    assert.deepEqual(b[t], a[t], `${what}: ${t}: the same rows in both stores`);
    if (a[t].length) seeded.push(t);
  }
  return seeded.sort();
}

// Rows put in before a migration that moves data, and what must come out
// the same in both stores: 0003 moves a decision to issue back to its
// plan's draft date; 0004 rebuilds advice_requests (its rows keep their ids
// and columns, and PostgreSQL's identity sequence is moved past them).
const DATA_MOVED = {
  3: {
    before: "INSERT INTO people(id, surname, forename, dob, created_at) VALUES (2, 'A', 'B', '2015-01-01', 't');"
      + "INSERT INTO requests(id, person_id, received_date) VALUES (6, 2, '2025-01-01'), (8, 2, '2025-02-01');"
      + "INSERT INTO assessments(id, request_id, outcome, outcome_date) VALUES (3, 6, 'Y', '2025-05-20'), (4, 8, 'Y', '2025-05-01');"
      + "INSERT INTO plans(id, person_id, request_id, status, draft_date) VALUES (5, 2, 6, 'draft', '2025-05-02'), (7, 2, 8, 'draft', '2025-05-09')",
    compare: ['SELECT * FROM assessments ORDER BY id', 'SELECT * FROM plans ORDER BY id'],
    next: [['SELECT id, outcome_date FROM assessments ORDER BY id', [{ id: 3, outcome_date: '2025-05-02' }, { id: 4, outcome_date: '2025-05-01' }]]],
    after: 'DELETE FROM assessments; DELETE FROM plans; DELETE FROM requests; DELETE FROM people',
  },
  4: {
    before: "INSERT INTO people(id, surname, forename, dob, created_at) VALUES (2, 'A', 'B', '2015-01-01', 't');"
      + "INSERT INTO requests(id, person_id, received_date) VALUES (6, 2, '2025-01-01');"
      + "INSERT INTO advice_requests(id, request_id, person_id, service, requested_date, received_date) VALUES (41, 6, 2, 'EP', '2025-01-02', '2025-02-01')",
    compare: ['SELECT * FROM advice_requests ORDER BY id'],
    next: [["INSERT INTO advice_requests(request_id, person_id, service, requested_date) VALUES (6, 2, 'SALT', '2025-01-03') RETURNING id", [{ id: 42 }]]],
    after: 'DELETE FROM advice_requests; DELETE FROM requests; DELETE FROM people',
  },
};

// Every identity sequence is past the ids its table holds, and the next
// id handed out is the same in both stores.
function identitiesAhead(sdb, uri) {
  const ids = pgRows(uri, `SELECT c.relname AS tbl, a.attname AS col, pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS seq
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    WHERE c.relnamespace = 'public'::regnamespace AND a.attidentity <> '' ORDER BY 1`);
  assert.ok(ids.length > 50);
  const behind = [];
  const state = pgRows(uri, ids.map(({ tbl, col, seq }) => `SELECT '${tbl}.${col}' AS what, (SELECT max(${col}) FROM ${tbl}) AS max,
    (SELECT last_value FROM pg_sequences WHERE format('%I.%I', schemaname, sequencename) = '${seq}') AS last`).join(' UNION ALL '));
  assert.equal(state.length, ids.length);
  for (const r of state)
    if (r.max !== null && (r.last === null || Number(r.last) < Number(r.max))) behind.push(`${r.what}: ids up to ${r.max}, sequence at ${r.last}`);
  assert.deepEqual(behind, []);
  const ins = "INSERT INTO qa_frameworks(kind, name, seq, scale, rule, good_from, active, created_at) VALUES ('plan', 'Copy', 2, 'four', 'lowest', 3, 0, 't') RETURNING id";
  assert.deepEqual(pgRows(uri, ins), sqliteRows(sdb, ins), 'the next framework takes the same id');
}

// The triggers refuse the same changes with the same message (a constraint
// failure: SQLite's code 19, SQLSTATE 23514), and allow the same.
function triggersAlike(sdb, uri) {
  const rows = "INSERT INTO people(id, surname, forename, dob, created_at) VALUES (1, 'Test', 'Ann', '2015-01-01', 't');"
    + "INSERT INTO qa_audits(id, kind, framework_id, person_id, source, created_at) VALUES (1, 'casefile', 2, 1, 'hand', 't');"
    + "INSERT INTO audit_events(at, action, entity) VALUES ('t', 'view', 'people')";
  sqliteScript(sdb, rows);
  pgScript(uri, { sql: rows });
  const refused = [
    ["UPDATE audit_events SET action = 'x'", 'audit_events is append-only'],
    ['DELETE FROM audit_events', 'audit_events is append-only'],
    ["UPDATE qa_criteria SET title = 'x' WHERE framework_id = 2", 'qa_frameworks: the version is used by audits'],
    ["INSERT INTO qa_criteria(framework_id, section, num, title, guidance) VALUES (2, 'record', 9, 'x', 'y')", 'qa_frameworks: the version is used by audits'],
    ['UPDATE qa_criteria SET framework_id = 2 WHERE framework_id = 1 AND num = 1 AND section = \'A\'', 'qa_frameworks: the version is used by audits'],
    ['DELETE FROM qa_criteria WHERE framework_id = 2', 'qa_frameworks: the version is used by audits, or this is its only criterion'],
    ['DELETE FROM qa_criteria WHERE framework_id = 1', 'qa_frameworks: the version is used by audits, or this is its only criterion'],
    ["UPDATE qa_frameworks SET good_from = 2 WHERE id = 2", 'qa_frameworks: the version is used by audits'],
  ];
  for (const [sql, message] of refused) {
    assert.deepEqual(sqliteError(sdb, sql), { message, code: 19 }, `sqlite: ${sql}`);
    assert.deepEqual(pgError(uri, sql), { sqlstate: '23514', message }, `postgresql: ${sql}`);
  }
  // and allow what SQLite allows: a column the trigger does not watch, a
  // version no audit uses, a criterion that is not its version's last
  const allowed = [
    'UPDATE qa_frameworks SET active = 0 WHERE id = 2',
    "UPDATE qa_criteria SET title = 'Voice' WHERE framework_id = 1 AND section = 'A'",
    "DELETE FROM qa_criteria WHERE framework_id = 1 AND section = 'K'",
    "INSERT INTO users(username, display_name, role, password_hash, created_at, qa_service) VALUES ('q', 'Q', 'qa', 'h', 't', 'health')",
  ];
  for (const sql of allowed) {
    assert.equal(sqliteError(sdb, sql), null, `sqlite: ${sql}`);
    assert.equal(pgError(uri, sql), null, `postgresql: ${sql}`);
  }
  const q = 'SELECT * FROM qa_criteria ORDER BY id';
  assert.deepEqual(pgRows(uri, q), sqliteRows(sdb, q));
  // a CHECK is a constraint failure in both (the messages differ)
  const bad = "INSERT INTO users(username, display_name, role, password_hash, created_at) VALUES ('z', 'Z', 'nobody', 'h', 't')";
  assert.equal(sqliteError(sdb, bad).code, 19);
  assert.equal(pgError(uri, bad).sqlstate, '23514');
}

describe('the PostgreSQL schema is the SQLite schema', { skip: SKIP }, () => {
  let dir;
  const names = [];
  const pgdb = (suffix) => { const n = `sendmis_schema_${process.pid}_${suffix}`; names.push(n); return createDb(n); };

  before(() => { dir = mkdtempSync(path.join(os.tmpdir(), 'sendmis-schema-')); });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    for (const n of names) spawnSync('psql', ['-X', '-q', '-d', PG, '-c', `DROP DATABASE IF EXISTS ${n}`]);
  });

  test('each SQLite migration has its PostgreSQL file, with the same number and name', () => {
    const s = migrations(SQLITE_DIR), p = migrations(PG_DIR);
    assert.ok(s.length > 0);
    assert.deepEqual(p, s, 'migrations/postgresql/ must hold exactly the files of migrations/sqlite/');
    for (const f of p) {
      const text = readFileSync(path.join(PG_DIR, f), 'utf8');
      assert.ok(!/^-- sendmis: foreign_keys=off/m.test(text), `${f}: foreign_keys=off means nothing on PostgreSQL`);
      assert.ok(!/group_concat|WITHOUT ROWID|AUTOINCREMENT|\bINTEGER\b|\bREAL\b|\bBLOB\b/.test(text.replace(/--.*$/gm, '')),
        `${f}: SQLite-only spelling (group_concat, WITHOUT ROWID, AUTOINCREMENT, INTEGER, REAL, BLOB)`);
      assert.equal(refuseIfQueries(path.join(PG_DIR, f)).length, refuseIfQueries(path.join(SQLITE_DIR, f)).length,
        `${f}: the same refuse-if checks`);
    }
  });

  let sdb, uri;           // the databases migrated file by file
  test('at every version, applied file by file, the two catalogues agree', () => {
    sdb = path.join(dir, 'steps.db');
    uri = pgdb('steps');
    const problems = [];
    for (const f of migrations(SQLITE_DIR)) {
      const n = Number(f.slice(0, 4));
      // the refuse-if checks run before their migration, on the data as it is:
      // the same clashes named the same way in both stores
      const sq = refuseIfQueries(path.join(SQLITE_DIR, f)), pq = refuseIfQueries(path.join(PG_DIR, f));
      if (sq.length) {
        const people = "INSERT INTO people(id, surname, forename, dob, upn, uln, nhs_number, created_at) VALUES "
          + "(7, 'A', 'B', '2015-01-01', 'X1', NULL, '943 476 5919', 't'), (3, 'A', 'C', '2015-01-01', 'X1', 'U1', NULL, 't'), "
          + "(5, 'A', 'D', '2015-01-01', 'X1', 'U1', '943 476 5919', 't'), (9, 'A', 'E', '2015-01-01', 'X0', 'U0', NULL, 't'), "
          + "(4, 'A', 'F', '2015-01-01', 'X0', 'U2', NULL, 't')";
        sqliteScript(sdb, people);
        pgScript(uri, { sql: people });
        sq.forEach((q, i) => {
          const a = sqliteRows(sdb, q).map((r) => Object.values(r)[0]);
          const b = pgRows(uri, pq[i]).map((r) => Object.values(r)[0]);
          assert.ok(a.length > 0, `${f}: refuse-if ${i + 1} finds no clash in the test's rows`);
          assert.deepEqual(b, a, `${f}: refuse-if ${i + 1} names the same clashes in both stores`);
        });
        sqliteScript(sdb, 'DELETE FROM people');
        pgScript(uri, { sql: 'DELETE FROM people' });
      }
      // the migrations that move data do the same to the same rows
      const data = DATA_MOVED[n];
      if (data) {
        sqliteScript(sdb, data.before);
        pgScript(uri, { sql: data.before });
      }
      sqliteScript(sdb, readFileSync(path.join(SQLITE_DIR, f), 'utf8'));
      pgScript(uri, { file: path.join(PG_DIR, f) });
      if (data) {
        for (const q of data.compare) {
          const a = sqliteRows(sdb, q);
          assert.ok(a.length > 0, `${f}: ${q} finds the test's rows`);
          assert.deepEqual(pgRows(uri, q), a, `${f}: ${q}: the same rows after the migration`);
        }
        for (const [q, want] of data.next || []) {
          assert.deepEqual(sqliteRows(sdb, q), want, `sqlite, after ${f}: ${q}`);
          assert.deepEqual(pgRows(uri, q), want, `postgresql, after ${f}: ${q}`);
        }
        sqliteScript(sdb, data.after);
        pgScript(uri, { sql: data.after });
      }
      for (const d of diffModels(sqliteModel(sdb), pgModel(uri))) problems.push(`after ${f}: ${d}`);
    }
    assert.deepEqual(problems, [], `the schemas differ:\n  ${problems.join('\n  ')}`);
  });

  test('the migrations seed the same rows', () => {
    assert.ok(uri, 'the databases were migrated file by file');
    assert.deepEqual(sameRows(sdb, uri, 'migrated file by file'), ['data_version', 'kpi_references', 'qa_criteria', 'qa_frameworks']);
  });

  // the same checks as on the databases sendmis migrate makes (below), here
  // on the files themselves, whatever the binary has embedded
  test('applied file by file: every identity sequence is past the ids its table holds', () => identitiesAhead(sdb, uri));

  test('applied file by file: the triggers refuse the same changes with the same message', () => triggersAlike(sdb, uri));

  test('sendmis migrate refuses 0011 over shared identifiers with the same message in both stores', () => {
    // a database at version 10, as the runner would have left it, whose
    // people share a UPN and an NHS number
    const sdb10 = path.join(dir, 'v10.db'), uri10 = pgdb('v10');
    const runnerTable = 'CREATE TABLE schema_migrations(number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);';
    const upTo10 = migrations(SQLITE_DIR).filter((f) => Number(f.slice(0, 4)) <= 10);
    for (const f of upTo10) {
      sqliteScript(sdb10, readFileSync(path.join(SQLITE_DIR, f), 'utf8'));
      pgScript(uri10, { file: path.join(PG_DIR, f) });
    }
    const rows = runnerTable + upTo10.map((f) => `INSERT INTO schema_migrations VALUES (${Number(f.slice(0, 4))}, '${f.slice(0, -4)}', 't');`).join('')
      + "INSERT INTO people(id, surname, forename, dob, upn, nhs_number, created_at) VALUES "
      + "(7, 'A', 'B', '2015-01-01', 'X1', '943 476 5919', 't'), (3, 'A', 'C', '2015-01-01', 'X1', NULL, 't'), (5, 'A', 'D', '2015-01-01', NULL, '943 476 5919', 't')";
    sqliteScript(sdb10, rows);
    pgScript(uri10, { sql: rows });
    const a = runMigrate(sdb10), b = runMigrate(uri10);
    assert.notEqual(a.status, 0, 'sqlite: refused');
    assert.match(a.stderr, /migration 0011_unique_identifiers refused, and the database is unchanged: .*\n  UPN shared by people 3, 7\n  NHS number shared by people 5, 7/);
    assert.equal(b.status, a.status, 'postgresql: refused the same way');
    assert.equal(b.stderr.replaceAll(uri10, 'DB'), a.stderr.replaceAll(sdb10, 'DB'), 'the same message');
    assert.deepEqual(pgRows(uri10, 'SELECT max(number) AS n FROM schema_migrations'), [{ n: 10 }], 'postgresql left at version 10');
  });

  describe('as sendmis migrate leaves each store', () => {
    let sdb, uri;
    before(() => {
      sdb = path.join(dir, 'final.db');
      migrate(sdb);
      uri = pgdb('final');
      migrate(uri);
    });

    test('the catalogues agree', () => {
      const s = sqliteModel(sdb), p = pgModel(uri);
      assert.ok(Object.keys(s.tables).length > 50, 'the SQLite schema was read');
      // schema_migrations is the runner's own (src/store/db.c makes it with one
      // text for both stores: `number INTEGER PRIMARY KEY`, a 32-bit integer
      // with no identity on PostgreSQL, always given explicitly): its number's
      // width and identity are not the migrations' to keep equal
      const RUNNER_OWN = new Set([
        'schema_migrations.number: type: sqlite says integer, postgresql says other (integer)',
        'schema_migrations.number: ids handed out: sqlite says by default, postgresql says none',
      ]);
      const problems = diffModels(s, p).filter((d) => !RUNNER_OWN.has(d));
      assert.deepEqual(problems, [], `the schemas differ:\n  ${problems.join('\n  ')}`);
      const q = 'SELECT number, name FROM schema_migrations ORDER BY number';
      assert.deepEqual(pgRows(uri, q), sqliteRows(sdb, q), 'the same migrations recorded');
      // sendmis migrate also starts the stored clock (data_version moves on)
      sameRows(sdb, uri, 'after sendmis migrate');
    });

    test('every identity sequence is past the ids its table holds', () => identitiesAhead(sdb, uri));

    test('the triggers refuse the same changes with the same message, as a constraint failure', () => triggersAlike(sdb, uri));
  });
});
