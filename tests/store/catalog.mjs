// catalog.mjs — reads a migrated schema from SQLite's catalogue (sqlite_master
// and the table_info / index_list / index_xinfo / foreign_key_list pragmas)
// and from PostgreSQL's (pg_catalog), into one model, and lists every
// difference between two models as "what: sqlite says X, postgresql says Y".
//
// The model, per table: its columns in order (name, type class, NOT NULL,
// primary-key position, DEFAULT, and whether the store hands out ids), its
// UNIQUE constraints, CHECK conditions, foreign keys; and, schema-wide, the
// named indexes (table, keys, unique, partial predicate) and triggers (table,
// timing, event, UPDATE OF columns).  Expressions are compared in the
// canonical text of sqlexpr.mjs.
//
// Only the sqlite3 and psql command-line programs are used.

import { execFileSync } from 'node:child_process';
import { canon, tableChecks, indexParts, tokenize } from './sqlexpr.mjs';

/* ---- running SQL ------------------------------------------------------- */

// Rows of one query, through the sqlite3 shell's JSON mode.
export function sqliteRows(db, sql) {
  const out = execFileSync('sqlite3', ['-bail', '-json', db, sql], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return out.trim() ? JSON.parse(out) : [];
}

// Runs a script (several statements) in one transaction.
export function sqliteScript(db, sql) {
  execFileSync('sqlite3', ['-bail', db], { input: `BEGIN;\n${sql}\n;COMMIT;\n`, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

// Rows of one query (or INSERT … RETURNING), as JSON built by the server.
export function pgRows(uri, sql) {
  const out = execFileSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', uri, '-c',
    `WITH q AS (${sql}) SELECT coalesce(json_agg(q), '[]') FROM q`], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return JSON.parse(out);
}

// Several queries' rows in one round trip: { name: rows, … }.
export function pgMany(uri, queries) {
  const parts = Object.entries(queries).map(([k, q]) => `SELECT '${k}' AS k, (SELECT coalesce(json_agg(q), '[]') FROM (${q}) q) AS v`);
  const out = execFileSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', uri, '-c',
    `SELECT json_object_agg(k, v) FROM (${parts.join(' UNION ALL ')}) x`], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return JSON.parse(out);
}

// Runs a file or text as psql -1 (one transaction), stopping at the first error.
export function pgScript(uri, { file, sql }) {
  const args = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-1', '-d', uri];
  if (file) args.push('-f', file); else args.push('-c', sql);
  execFileSync('psql', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/* ---- SQLite ------------------------------------------------------------ */

const SQLITE_TYPES = { INTEGER: 'integer', TEXT: 'text', REAL: 'real', BLOB: 'blob' };

function canonOrNull(s) { return s === null || s === undefined ? null : canon(String(s)); }

export function sqliteModel(db, { skip = [] } = {}) {
  const skipped = new Set(skip);
  const master = sqliteRows(db, "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name");
  const tables = {};
  const indexes = {};
  const triggers = {};
  const cols = sqliteRows(db, `SELECT m.name AS tbl, p.cid, p.name, p.type, p."notnull" AS nn, p.dflt_value AS dflt, p.pk
    FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid`);
  const fks = sqliteRows(db, `SELECT m.name AS tbl, f.id, f.seq, f."table" AS ref, f."from" AS col, f."to" AS refcol, f.on_update, f.on_delete
    FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, f.id, f.seq`);
  const idx = sqliteRows(db, `SELECT m.name AS tbl, il.name, il."unique" AS uniq, il.origin, il.partial, x.seqno, x.cid, x.name AS col, x."desc" AS descending
    FROM sqlite_master m, pragma_index_list(m.name) il, pragma_index_xinfo(il.name) x
    WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND x.key = 1 ORDER BY m.name, il.name, x.seqno`);

  for (const m of master.filter((r) => r.type === 'table' && !skipped.has(r.name)))
    tables[m.name] = { columns: [], pk: [], uniques: [], checks: tableChecks(m.sql).map(canon).sort(), fks: [] };

  const fkCols = new Set(fks.map((f) => `${f.tbl}.${f.col}`));
  for (const c of cols) {
    const t = tables[c.tbl];
    if (!t) continue;
    const type = SQLITE_TYPES[String(c.type).toUpperCase()] || `other (${c.type})`;
    t.columns.push({ name: c.name, type, notnull: !!c.nn || c.pk > 0, dflt: canonOrNull(c.dflt), pk: c.pk, auto: null });
  }
  for (const [name, t] of Object.entries(tables)) {
    const pk = t.columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
    t.pk = pk.map((c) => c.name);
    // INTEGER PRIMARY KEY is the rowid: the store hands out the next id when
    // none is given.  A key that is another table's id (a foreign key) is
    // never handed out, and PostgreSQL gives it no identity.
    for (const c of t.columns) {
      c.auto = pk.length === 1 && c.pk === 1 && c.type === 'integer' && !fkCols.has(`${name}.${c.name}`) ? 'by default' : 'none';
      delete c.pk;
    }
  }

  const byIndex = new Map();
  for (const r of idx) {
    if (!byIndex.has(r.name)) byIndex.set(r.name, { tbl: r.tbl, uniq: !!r.uniq, origin: r.origin, partial: !!r.partial, keys: [] });
    byIndex.get(r.name).keys.push(r);
  }
  const idxSql = Object.fromEntries(master.filter((r) => r.type === 'index').map((r) => [r.name, r.sql]));
  for (const [name, ix] of byIndex) {
    const t = tables[ix.tbl];
    if (!t) continue;
    if (ix.origin === 'pk') continue;                       // the primary key: compared as t.pk
    if (ix.origin === 'u') { t.uniques.push(ix.keys.map((k) => k.col).join(', ')); continue; }
    const parts = idxSql[name] ? indexParts(idxSql[name]) : { keys: [], where: null };
    const keys = ix.keys.map((k, n) => {
      const text = k.cid === -2 ? parts.keys[n] && parts.keys[n].text : k.col;
      if (text === undefined || text === null) throw new Error(`index ${name}: cannot read key ${n + 1}`);
      return canon(text) + (k.descending ? ' DESC' : '');
    });
    if (ix.partial && !parts.where) throw new Error(`index ${name}: partial, but no WHERE found in ${idxSql[name]}`);
    indexes[name] = { table: ix.tbl, unique: ix.uniq, keys: keys.join(', '), where: parts.where ? canon(parts.where) : null };
  }
  for (const t of Object.values(tables)) t.uniques.sort();

  const byFk = new Map();
  for (const f of fks) {
    if (!tables[f.tbl]) continue;
    const key = `${f.tbl}#${f.id}`;
    if (!byFk.has(key)) byFk.set(key, { tbl: f.tbl, ref: f.ref, cols: [], refcols: [], onDelete: f.on_delete, onUpdate: f.on_update });
    const x = byFk.get(key);
    x.cols.push(f.col);
    x.refcols.push(f.refcol);
  }
  for (const f of byFk.values())
    tables[f.tbl].fks.push(fkText(f.cols, f.ref, f.refcols, f.onDelete, f.onUpdate));
  for (const t of Object.values(tables)) t.fks.sort();

  for (const m of master.filter((r) => r.type === 'trigger')) triggers[m.name] = sqliteTrigger(m);
  return { tables, indexes, triggers };
}

function fkText(cols, ref, refcols, onDelete, onUpdate) {
  return `(${cols.join(', ')}) REFERENCES ${ref}(${refcols.join(', ')}) ON DELETE ${onDelete} ON UPDATE ${onUpdate}`;
}

// CREATE TRIGGER name [BEFORE|AFTER|INSTEAD OF] event [OF cols] ON table …
function sqliteTrigger(m) {
  const k = tokenize(m.sql).map((x) => x.v);
  let i = k.indexOf(m.name.toLowerCase()) + 1;
  let timing = 'BEFORE';
  if (['before', 'after'].includes(k[i])) timing = k[i++].toUpperCase();
  else if (k[i] === 'instead') { timing = 'INSTEAD OF'; i += 2; }
  const event = k[i++].toUpperCase();
  const columns = [];
  if (k[i] === 'of') {
    i++;
    while (k[i] !== 'on') { if (k[i] !== ',') columns.push(k[i]); i++; }
  }
  return { table: m.tbl_name, event: `${timing} ${event}${columns.length ? ` OF ${columns.join(', ')}` : ''} FOR EACH ROW` };
}

/* ---- PostgreSQL -------------------------------------------------------- */

const PG_TYPES = { bigint: 'integer', text: 'text', 'double precision': 'real', bytea: 'blob' };
const PG_ACTION = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

const COLS_SQL = (rel) => `SELECT c.relname AS tbl, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
      a.attnotnull AS nn, pg_get_expr(d.adbin, d.adrelid) AS dflt, a.attidentity AS ident, a.attgenerated AS gen,
      a.attcollation <> 0 AND a.attcollation <> (SELECT oid FROM pg_collation WHERE collname = 'default' AND collnamespace = 'pg_catalog'::regnamespace) AS coll
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE ${rel} AND c.relkind IN ('r','p') AND a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum`;
const CONS_SQL = (rel) => `SELECT c.relname AS tbl, k.conname, k.contype,
      (SELECT array_agg(a.attname ORDER BY x.n) FROM unnest(k.conkey) WITH ORDINALITY x(attnum, n) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = x.attnum) AS cols,
      (SELECT array_agg(a.attname ORDER BY x.n) FROM unnest(k.confkey) WITH ORDINALITY x(attnum, n) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = x.attnum) AS refcols,
      r.relname AS ref, k.confdeltype, k.confupdtype, k.condeferrable, pg_get_constraintdef(k.oid, true) AS def, k.conindid
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid LEFT JOIN pg_class r ON r.oid = k.confrelid
    WHERE ${rel} ORDER BY c.relname, k.conname`;
const IDX_SQL = (rel) => `SELECT i.indexrelid::int AS oid, ic.relname AS name, c.relname AS tbl, i.indisunique AS uniq,
      (SELECT array_agg(pg_get_indexdef(i.indexrelid, n, true) ORDER BY n) FROM generate_series(1, i.indnkeyatts) n) AS keys,
      (SELECT array_agg((i.indoption[n - 1] & 1) = 1 ORDER BY n) FROM generate_series(1, i.indnkeyatts) n) AS descs,
      pg_get_expr(i.indpred, i.indrelid, true) AS pred, am.amname AS method
    FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid JOIN pg_am am ON am.oid = ic.relam
    WHERE ${rel} ORDER BY ic.relname`;
const TRG_SQL = (rel) => `SELECT t.tgname AS name, c.relname AS tbl, t.tgtype AS type,
      (SELECT array_agg(a.attname ORDER BY x.n) FROM unnest(t.tgattr::int2[]) WITH ORDINALITY x(attnum, n) JOIN pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = x.attnum) AS cols
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE ${rel} AND NOT t.tgisinternal ORDER BY 1`;

export function pgModel(uri, { skip = [] } = {}) {
  const skipped = new Set(skip);
  const rel = `c.relnamespace = 'public'::regnamespace`;
  const tables = {};
  const indexes = {};
  const triggers = {};
  const Q = pgMany(uri, {
    tables: `SELECT c.relname AS name FROM pg_class c WHERE ${rel} AND c.relkind IN ('r','p') ORDER BY 1`,
    cols: COLS_SQL(rel), cons: CONS_SQL(rel), idx: IDX_SQL(rel), trg: TRG_SQL(rel),
  });
  for (const r of Q.tables)
    if (!skipped.has(r.name)) tables[r.name] = { columns: [], pk: [], uniques: [], checks: [], fks: [] };

  const cols = Q.cols;
  for (const c of cols) {
    const t = tables[c.tbl];
    if (!t) continue;
    const type = PG_TYPES[c.type] || `other (${c.type})`;
    const auto = c.ident === 'd' ? 'by default' : c.ident === 'a' ? 'always (explicit ids refused)' : c.gen ? 'generated' : 'none';
    t.columns.push({ name: c.name, type: c.coll ? `${type} (with its own collation)` : type, notnull: c.nn, dflt: c.dflt === null ? null : canon(c.dflt), auto });
  }

  const cons = Q.cons;
  const constraintIndexes = new Set();
  for (const k of cons) {
    const t = tables[k.tbl];
    if (!t) continue;
    if (k.contype === 'p') { t.pk = k.cols; constraintIndexes.add(Number(k.conindid)); }
    else if (k.contype === 'u') { t.uniques.push(k.cols.join(', ')); constraintIndexes.add(Number(k.conindid)); }
    else if (k.contype === 'c') {
      const m = /^CHECK \(([\s\S]*)\)( NOT VALID)?$/.exec(k.def);
      if (!m) throw new Error(`${k.tbl}: cannot read ${k.def}`);
      t.checks.push(canon(m[1]));
    } else if (k.contype === 'f') {
      t.fks.push(fkText(k.cols, k.ref, k.refcols, PG_ACTION[k.confdeltype], PG_ACTION[k.confupdtype]) + (k.condeferrable ? ' DEFERRABLE' : ''));
    } else throw new Error(`${k.tbl}: constraint ${k.conname} of a kind SQLite has not (${k.contype}): ${k.def}`);
  }
  for (const t of Object.values(tables)) { t.uniques.sort(); t.checks.sort(); t.fks.sort(); }

  const idx = Q.idx;
  for (const ix of idx) {
    if (!tables[ix.tbl] || constraintIndexes.has(Number(ix.oid))) continue;
    indexes[ix.name] = {
      table: ix.tbl, unique: ix.uniq,
      keys: ix.keys.map((k, n) => canon(k) + (ix.descs[n] ? ' DESC' : '')).join(', ') + (ix.method === 'btree' ? '' : ` USING ${ix.method}`),
      where: ix.pred === null ? null : canon(ix.pred),
    };
  }

  const trg = Q.trg;
  for (const t of trg) {
    const timing = t.type & 2 ? 'BEFORE' : t.type & 64 ? 'INSTEAD OF' : 'AFTER';
    const events = [[4, 'INSERT'], [8, 'DELETE'], [16, 'UPDATE'], [32, 'TRUNCATE']].filter(([b]) => t.type & b).map(([, e]) => e);
    const cols = t.cols && t.cols.length ? ` OF ${t.cols.join(', ')}` : '';
    triggers[t.name] = { table: t.tbl, event: `${timing} ${events.join(' OR ')}${cols} FOR EACH ${t.type & 1 ? 'ROW' : 'STATEMENT'}` };
  }
  return { tables, indexes, triggers };
}

/* ---- the comparison ---------------------------------------------------- */

const show = (v) => (v === null || v === undefined ? 'nothing' : Array.isArray(v) ? (v.length ? `(${v.join(', ')})` : 'none') : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v));

function setDiff(out, what, a, b) {
  const rest = [...b];
  for (const x of a) {
    const i = rest.indexOf(x);
    if (i >= 0) rest.splice(i, 1); else out.push(`${what}: sqlite has ${x}, postgresql has not`);
  }
  for (const x of rest) out.push(`${what}: postgresql has ${x}, sqlite has not`);
}

// Every difference between the SQLite model s and the PostgreSQL model p.
export function diffModels(s, p) {
  const out = [];
  for (const name of Object.keys(s.tables)) if (!p.tables[name]) out.push(`table ${name}: sqlite has it, postgresql has not`);
  for (const name of Object.keys(p.tables)) if (!s.tables[name]) out.push(`table ${name}: postgresql has it, sqlite has not`);
  for (const [name, st] of Object.entries(s.tables)) {
    const pt = p.tables[name];
    if (!pt) continue;
    const sn = st.columns.map((c) => c.name), pn = pt.columns.map((c) => c.name);
    for (const c of sn) if (!pn.includes(c)) out.push(`${name}.${c}: sqlite has the column, postgresql has not`);
    for (const c of pn) if (!sn.includes(c)) out.push(`${name}.${c}: postgresql has the column, sqlite has not`);
    st.columns.forEach((sc, n) => {
      const m = pt.columns.findIndex((c) => c.name === sc.name);
      if (m < 0) return;
      const pc = pt.columns[m];
      if (m !== n) out.push(`${name}.${sc.name}: position: sqlite says ${n + 1}, postgresql says ${m + 1}`);
      for (const [k, label] of [['type', 'type'], ['notnull', 'NOT NULL'], ['dflt', 'DEFAULT'], ['auto', 'ids handed out']])
        if (sc[k] !== pc[k]) out.push(`${name}.${sc.name}: ${label}: sqlite says ${show(sc[k])}, postgresql says ${show(pc[k])}`);
    });
    if (st.pk.join() !== pt.pk.join()) out.push(`table ${name}: primary key: sqlite says ${show(st.pk)}, postgresql says ${show(pt.pk)}`);
    setDiff(out, `table ${name}: UNIQUE`, st.uniques.map((u) => `(${u})`), pt.uniques.map((u) => `(${u})`));
    setDiff(out, `table ${name}: CHECK`, st.checks, pt.checks);
    setDiff(out, `table ${name}: FOREIGN KEY`, st.fks, pt.fks);
  }
  for (const name of Object.keys(s.indexes)) if (!p.indexes[name]) out.push(`index ${name} (on ${s.indexes[name].table}): sqlite has it, postgresql has not`);
  for (const name of Object.keys(p.indexes)) if (!s.indexes[name]) out.push(`index ${name} (on ${p.indexes[name].table}): postgresql has it, sqlite has not`);
  for (const [name, si] of Object.entries(s.indexes)) {
    const pi = p.indexes[name];
    if (!pi) continue;
    for (const [k, label] of [['table', 'table'], ['keys', 'keys'], ['unique', 'unique'], ['where', 'WHERE']])
      if (si[k] !== pi[k]) out.push(`index ${name}: ${label}: sqlite says ${show(si[k])}, postgresql says ${show(pi[k])}`);
  }
  for (const name of Object.keys(s.triggers)) if (!p.triggers[name]) out.push(`trigger ${name} (on ${s.triggers[name].table}): sqlite has it, postgresql has not`);
  for (const name of Object.keys(p.triggers)) if (!s.triggers[name]) out.push(`trigger ${name} (on ${p.triggers[name].table}): postgresql has it, sqlite has not`);
  for (const [name, st] of Object.entries(s.triggers)) {
    const pt = p.triggers[name];
    if (!pt) continue;
    for (const k of ['table', 'event'])
      if (st[k] !== pt[k]) out.push(`trigger ${name}: ${k}: sqlite says ${st[k]}, postgresql says ${pt[k]}`);
  }
  return out;
}
