// lib.mjs — shared helpers for the HTTP test suite.
//
// Each test file starts its own `sendmis serve` on a free loopback port with
// a fresh database in a temporary directory, and stops it (SIGTERM) after.
// Clients keep the session cookie, read the CSRF token from pages and post
// forms as application/x-www-form-urlencoded with redirect: 'manual', so
// every 303 is seen.  The HTML helpers are small regular-expression readers
// of the server's (regular, generated) markup: error summary messages,
// input values, counts, table rows.
//
// Only node built-ins are used.  Readiness is polled with a bounded loop;
// no test relies on a fixed sleep.

import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, copyFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = process.env.SENDMIS_BIN || path.join(ROOT, 'sendmis');
export const ASSETS = process.env.SENDMIS_ASSETS_DIR || path.join(ROOT, 'build', 'static');
export const ROLES = ['admin', 'manager', 'caseworker', 'readonly', 'board', 'qa'];
export const PASSWORD = 'correct-horse-battery';
export const DEMO_PASSWORD = 'sendmis-demo';
export const CANARY = `"><script>alert(1)</script>'`;
export const CANARY_RAW = '<script>alert(1)</script>';
export const CANARY_ESCAPED = '&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&#39;';
// The server's time zone for "today"; the tests compute dates in the same zone.
export const TIMEZONE = 'Europe/London';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* ---- environment ------------------------------------------------------- */

// The server and CLI see only the settings a test gives them: SENDMIS_*
// variables from the caller's shell are dropped.
function cleanEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith('SENDMIS_')) env[k] = v;
  env.SENDMIS_ASSETS_DIR = ASSETS;
  env.SENDMIS_TIMEZONE = TIMEZONE;
  return { ...env, ...extra };
}

// Runs `sendmis ARGS…` with only the settings given (env), in cwd; with
// `prefix` (for example ['/usr/bin/time', '-v']) the binary runs under it.
// Returns spawnSync's {status, stdout, stderr}; throws if it cannot start.
export function runCli(args, { cwd, env = {}, prefix = [], maxBuffer = 256 << 20 } = {}) {
  const cmd = prefix.length ? prefix[0] : BIN;
  const argv = prefix.length ? [...prefix.slice(1), BIN, ...args] : args;
  const r = spawnSync(cmd, argv, { cwd, env: cleanEnv(env), encoding: 'utf8', maxBuffer });
  if (r.error) throw r.error;
  return r;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/* ---- the store: SQLite (a path) or PostgreSQL (a database per test) ------ */

// SENDMIS_TEST_STORE=postgresql with SENDMIS_TEST_PG (the admin URI of a
// throwaway cluster, from scripts/with-pg) runs every database a test makes
// on PostgreSQL; otherwise each is a SQLite file, as always.  A database is
// a string either way, given to sendmis as --db: a path, or a libpq URI
// postgresql:///NAME?host=…&port=…&user=postgres.
export const STORE = process.env.SENDMIS_TEST_STORE === 'postgresql' ? 'postgresql' : 'sqlite';
const PG_ADMIN = process.env.SENDMIS_TEST_PG || '';
if (STORE === 'postgresql' && !/^postgres(ql)?:\/\//.test(PG_ADMIN))
  throw new Error('SENDMIS_TEST_STORE=postgresql needs SENDMIS_TEST_PG, the admin URI of a cluster (run under scripts/with-pg)');

// Is this database a PostgreSQL one (a libpq URI)?
export const isPg = (db) => /^postgres(ql)?:\/\//.test(db);

// The URI of database `name` in the admin URI's cluster (same host, port, user and options).
function pgUri(name) {
  const m = /^(postgres(?:ql)?:\/\/[^/?]*)(?:\/[^?]*)?(\?.*)?$/.exec(PG_ADMIN);
  return `${m[1]}/${name}${m[2] || ''}`;
}

function psql(uri, q) {
  return execFileSync('psql', ['-X', '-q', '-A', '-t', '-F', '|', '-v', 'ON_ERROR_STOP=1', '-d', uri, '-c', q],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const pgMade = [];
let pgSeq = 0;
process.on('exit', () => {
  // best effort: the cluster is thrown away anyway
  if (pgMade.length)
    spawnSync('psql', ['-X', '-q', '-d', PG_ADMIN, ...pgMade.flatMap((n) => ['-c', `DROP DATABASE IF EXISTS ${n} WITH (FORCE)`])],
      { stdio: 'ignore' });
});

// A new, empty database for a test: a SQLite file `name` in dir, or a new
// PostgreSQL database (C collation, as sendmis requires) named after it,
// dropped when the test file's process ends.  opts.from: a copy of that
// database (no process may be using it).
export function newDb(dir, name = 'sendmis.db', { from = null } = {}) {
  if (STORE === 'sqlite') {
    const file = path.join(dir, name);
    if (from) copyFileSync(from, file);
    return file;
  }
  const db = `sendmis_t${process.pid}_${++pgSeq}_${name.replace(/\.db$/, '').toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 30)}`;
  psql(PG_ADMIN, from
    ? `CREATE DATABASE ${db} TEMPLATE ${/^[^?]*\/([^/?]+)/.exec(from)[1]}`
    : `CREATE DATABASE ${db} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
  pgMade.push(db);
  return pgUri(db);
}

// Has sendmis made its tables in this database yet (the file exists; the schema is there)?
export function dbExists(db) {
  if (!isPg(db)) return existsSync(db);
  try {
    return psql(db, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'schema_migrations'").trim() === '1';
  } catch {
    return false;
  }
}

// Runs SQL on the database and returns what it prints, trimmed: rows joined
// by \n, columns by |, NULL as empty (sqlite3's list mode; psql -A -t the
// same).  PostgreSQL prints booleans as t/f: write queries that return
// integers (CASE WHEN … THEN 1 ELSE 0 END).  Several statements print each
// one's rows, in order, on both.
export function sql(db, q) {
  if (isPg(db)) return psql(db, q).trim();
  return execFileSync('sqlite3', ['-cmd', '.timeout 5000', db, q], { encoding: 'utf8' }).trim();
}

// The spelling of a query for this database's store, where SQL cannot be written portably.
export function sqlFor(db, { sqlite, postgresql }) {
  return isPg(db) ? postgresql : sqlite;
}

/* ---- the server ---------------------------------------------------------- */

export class Server {
  constructor(dir, db, env) {
    this.dir = dir;
    this.db = db;
    this.env = env;
    this.proc = null;
    this.port = 0;
    this.base = '';
    this.stderr = '';
    this.exited = null;
    this.userSeq = 0;
  }

  // Runs a CLI command against this server's database; returns stdout.
  cli(args, { input = '', env = {} } = {}) {
    return execFileSync(BIN, [...args, '--db', this.db], {
      cwd: this.dir,
      env: cleanEnv({ ...this.env, ...env }),
      input,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  }

  // `sendmis clock verify` on this database: throws with the differences it prints.
  verifyClock() {
    try {
      this.cli(['clock', 'verify']);
    } catch (e) {
      const out = `${e.stdout || ''}${e.stderr || ''}`;
      rmSync(this.dir, { recursive: true, force: true });
      throw new Error(`sendmis clock verify found the stored clock differs from the records:\n${out.slice(0, 4000)}`);
    }
  }

  // Adds a user through the CLI.  Returns {username, password, role, name, id}.
  createUser(role, { username, name, password = PASSWORD } = {}) {
    this.userSeq++;
    username = username || `${role}${this.userSeq}`;
    name = name || `${role[0].toUpperCase()}${role.slice(1)} ${this.userSeq}`;
    const out = this.cli(['user', 'add', username, '--role', role, '--name', name], { input: password + '\n' });
    const m = /added user (\d+)/.exec(out);
    if (!m) throw new Error(`sendmis user add: unexpected output: ${out}`);
    return { username, password, role, name, id: Number(m[1]) };
  }

  async start() {
    for (let attempt = 0; attempt < 5; attempt++) {
      this.port = await freePort();
      this.base = `http://127.0.0.1:${this.port}`;
      this.stderr = '';
      this.exited = null;
      const proc = spawn(BIN, ['serve', '--listen', `127.0.0.1:${this.port}`, '--db', this.db], {
        cwd: this.dir,
        env: cleanEnv(this.env),
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      this.proc = proc;
      proc.stderr.setEncoding('utf8');
      proc.stderr.on('data', (d) => {
        this.stderr += d;
        if (this.stderr.length > 200000) this.stderr = this.stderr.slice(-100000);
      });
      const exitP = new Promise((resolve) => proc.on('exit', (code, sig) => resolve((this.exited = { code, sig }))));
      this.exitPromise = exitP;
      const deadline = Date.now() + 15000;
      while (Date.now() < deadline && !this.exited) {
        try {
          const r = await fetch(`${this.base}/sign-in`, { redirect: 'manual' });
          await r.arrayBuffer();
          if (r.status === 200) return this;
        } catch {
          /* not listening yet */
        }
        await sleep(25);
      }
      if (!this.exited) {
        proc.kill('SIGKILL');
        await exitP;
        throw new Error(`sendmis serve did not answer within 15 s\n${this.stderr}`);
      }
      if (!/cannot listen/.test(this.stderr))
        throw new Error(`sendmis serve exited (${JSON.stringify(this.exited)}):\n${this.stderr}`);
      // port taken between freePort() and bind: try another
    }
    throw new Error(`sendmis serve could not find a free port\n${this.stderr}`);
  }

  // SIGTERM, then wait (bounded) for the process to exit; returns its exit status.
  async stop({ keep = false } = {}) {
    let status = this.exited;
    if (this.proc && !this.exited) {
      this.proc.kill('SIGTERM');
      const t = setTimeout(() => this.proc.kill('SIGKILL'), 10000);
      status = await this.exitPromise;
      clearTimeout(t);
    }
    // the stored statutory clock the suite's writes left behind agrees with the records
    if (!keep && dbExists(this.db)) this.verifyClock();
    if (!keep) rmSync(this.dir, { recursive: true, force: true });
    // under `make check SANITIZE=address,undefined` a report from the server fails the suite
    const san = /(ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:)[\s\S]{0,2000}/.exec(this.stderr);
    if (san) throw new Error(`sendmis serve reported a sanitizer error:\n${san[0]}`);
    return status;
  }

  client() {
    return new Client(this);
  }

  // Signs in; returns a client holding the session cookie and CSRF token.
  async signIn(username, password = PASSWORD) {
    if (typeof username === 'object') ({ username, password } = username);
    const c = new Client(this);
    const r = await c.signInPost({ username, password });
    if (r.status !== 303)
      throw new Error(`sign-in as ${username} gave ${r.status}: ${errorSummary(r.body).join('; ')}`);
    let home = await c.get('/');
    // a role that holds no caseload is sent to its own home (routes.c: homes)
    if (home.status === 303 && /^\/[a-z]/.test(home.location || '')) home = await c.get(home.location);
    if (home.status !== 200 || !c.csrf) throw new Error(`after sign-in, / gave ${home.status} and no csrf token`);
    c.username = username;
    return c;
  }

  // Creates a user of the role and signs in as them.
  async userClient(role, opts = {}) {
    const u = this.createUser(role, opts);
    const c = await this.signIn(u.username, u.password);
    c.user = u;
    return c;
  }
}

// Starts a server on a fresh database.  opts.env: extra SENDMIS_* settings;
// opts.demo: {plans, seed} to fill the database with `sendmis demo` first.
export async function startServer({ env = {}, demo = null } = {}) {
  if (!existsSync(BIN)) throw new Error(`no sendmis binary at ${BIN} (run make sendmis, or set SENDMIS_BIN)`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sendmis-http-'));
  const s = new Server(dir, newDb(dir, 'sendmis.db'), env);
  try {
    if (demo) s.cli(['demo', '--plans', String(demo.plans ?? 100), '--seed', String(demo.seed ?? 1)]);
    await s.start();
  } catch (e) {
    await s.stop();
    throw e;
  }
  return s;
}

/* ---- the client -------------------------------------------------------------- */

export class Client {
  constructor(server) {
    this.server = server;
    this.cookies = new Map();
    this.csrf = null;
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  // Low level: any method, raw body.  Returns {status, headers, body, location, setCookie}.
  // opts.raw: also keep the body's bytes (a PDF) as .bytes (a Buffer).
  async request(method, p, { body, headers = {}, raw = false } = {}) {
    const h = { ...headers };
    const ck = this.cookieHeader();
    if (ck) h.cookie = ck;
    const res = await fetch(this.server.base + p, { method, headers: h, body, redirect: 'manual' });
    const bytes = raw ? Buffer.from(await res.arrayBuffer()) : null;
    const text = raw ? bytes.toString('latin1') : await res.text();
    const setCookie = res.headers.getSetCookie();
    for (const sc of setCookie) {
      const [pair, ...attrs] = sc.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (!value || attrs.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a))) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const m = /<input type="hidden" name="csrf" value="([0-9a-f]{64})">/.exec(text);
    if (m) this.csrf = m[1];
    return {
      status: res.status,
      headers: res.headers,
      body: text,
      location: res.headers.get('location'),
      setCookie,
      bytes,
    };
  }

  // GET path, with an optional query object (or array of pairs).
  get(p, query) {
    if (query) {
      const qs = new URLSearchParams(query).toString();
      if (qs) p += (p.includes('?') ? '&' : '?') + qs;
    }
    return this.request('GET', p);
  }

  // A child's whole record: the overview and every other tab its
  // sub-navigation links to, one after another (status: the overview's).
  async record(pid) {
    const first = await this.get(`/people/${pid}`);
    if (first.status !== 200) return first;
    let body = first.body;
    const tabs = [...first.body.matchAll(/class="moj-sub-navigation__link" (?:aria-current="page" )?href="([^"]+)"/g)]
      .map((m) => m[1]).filter((h) => h !== `/people/${pid}`);
    for (const h of tabs) body += (await this.get(h)).body;
    return { ...first, body };
  }

  // POST a form.  fields: object or array of [name, value]; the session's
  // CSRF token is added unless opts.csrf is false (or a string to send).
  post(p, fields = {}, { csrf = true, headers = {} } = {}) {
    const body = new URLSearchParams(fields);
    if (csrf === true && this.csrf && !body.has('csrf')) body.append('csrf', this.csrf);
    else if (typeof csrf === 'string') body.append('csrf', csrf);
    return this.request('POST', p, {
      body: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
  }

  // Signs in as a browser does: GET /sign-in (which sets the sign-in token
  // cookie and puts the same token in the form; done without the session
  // cookie, since a signed-in GET is sent home), then POST the fields with
  // that token.  opts.token overrides the token sent (false: none).
  async signInPost(fields, { token } = {}) {
    const session = this.cookies.get('sendmis_session');
    this.cookies.delete('sendmis_session');
    const page = await this.get('/sign-in');
    if (session) this.cookies.set('sendmis_session', session);
    const m = /<input type="hidden" name="csrf" value="([0-9a-f]{64})">/.exec(page.body);
    if (!m) throw new Error(`GET /sign-in gave ${page.status} and no sign-in token`);
    const t = token === undefined ? m[1] : token;
    this.csrf = null;
    return this.post('/sign-in', fields, { csrf: t === false ? false : t });
  }

  // Opens the form at p as a browser would and submits it with `changes`
  // applied (value null removes a field).  Returns the POST response; the
  // form page is in response.form.
  async submit(p, changes = {}) {
    const page = await this.get(p);
    if (page.status !== 200) throw new Error(`GET ${p} gave ${page.status}`);
    const f = formOf(page.body);
    if (!f) throw new Error(`no form on ${p}`);
    const fields = applyChanges(f.fields, changes);
    const r = await this.post(f.action, fields, { csrf: false });
    r.form = page;
    return r;
  }
}

// Replaces, adds or (null) removes fields in a list of [name, value] pairs.
export function applyChanges(pairs, changes) {
  const out = pairs.filter(([k]) => !(k in changes));
  for (const [k, v] of Object.entries(changes)) if (v !== null && v !== undefined) out.push([k, String(v)]);
  return out;
}

/* ---- HTML helpers ---------------------------------------------------------------- */

export function decode(s) {
  return s
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&ctdot;/g, '⋯')
    .replace(/&amp;/g, '&');
}

// Visible-ish text: tags removed, entities decoded, whitespace collapsed.
export function text(html) {
  return decode(
    html
      .replace(/<script[\s\S]*?<\/script>/gi, ' ')
      .replace(/<[^>]*>/g, ' '),
  )
    .replace(/\s+/g, ' ')
    .trim();
}

export function attrs(tag) {
  const out = {};
  const re = /([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"]*)")?/g;
  const inner = tag.replace(/^<\w+/, '').replace(/\/?>$/, '');
  let m;
  while ((m = re.exec(inner))) out[m[1]] = m[2] === undefined ? '' : decode(m[2]);
  return out;
}

// The messages in the GOV.UK error summary ("There is a problem"), in order.
export function errorSummary(html) {
  const m = /<div class="govuk-error-summary"[\s\S]*?<ul class="govuk-list govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html);
  if (!m) return [];
  return [...m[1].matchAll(/<li><a href="#([^"]*)">([\s\S]*?)<\/a><\/li>/g)].map((x) => decode(x[2]));
}

// [{field, message}] from the error summary.
export function errorLinks(html) {
  const m = /<ul class="govuk-list govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html);
  if (!m) return [];
  return [...m[1].matchAll(/<li><a href="#([^"]*)">([\s\S]*?)<\/a><\/li>/g)].map((x) => ({
    field: decode(x[1]),
    message: decode(x[2]),
  }));
}

// The inline error message shown beside field `name`, or null.
export function fieldError(html, name) {
  const re = new RegExp(`<p class="govuk-error-message" id="${escapeRe(name)}-error"><span class="govuk-visually-hidden">Error:</span> ([\\s\\S]*?)</p>`);
  const m = re.exec(html);
  return m ? decode(m[1]) : null;
}

export function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function tags(html, name) {
  return [...html.matchAll(new RegExp(`<${name}\\b[^>]*>`, 'g'))].map((m) => ({ tag: m[0], index: m.index }));
}

// Value of the <input name=…> (text or hidden), or null if there is none.
export function inputValue(html, name) {
  for (const { tag } of tags(html, 'input')) {
    const a = attrs(tag);
    if (a.name === name) return a.value ?? '';
  }
  return null;
}

export function textareaValue(html, name) {
  const re = new RegExp(`<textarea\\b[^>]*name="${escapeRe(name)}"[^>]*>([\\s\\S]*?)</textarea>`);
  const m = re.exec(html);
  return m ? decode(m[1]) : null;
}

// The selected option's value of <select name=…> ('' if none selected), or null.
export function selectValue(html, name) {
  const re = new RegExp(`<select\\b[^>]*name="${escapeRe(name)}"[^>]*>([\\s\\S]*?)</select>`);
  const m = re.exec(html);
  if (!m) return null;
  const sel = /<option value="([^"]*)" selected>/.exec(m[1]);
  return sel ? decode(sel[1]) : '';
}

// All option values of <select name=…>.
export function selectOptions(html, name) {
  const re = new RegExp(`<select\\b[^>]*name="${escapeRe(name)}"[^>]*>([\\s\\S]*?)</select>`);
  const m = re.exec(html);
  if (!m) return null;
  return [...m[1].matchAll(/<option value="([^"]*)"[^>]*>([\s\S]*?)<\/option>/g)].map((x) => ({
    value: decode(x[1]),
    label: decode(x[2]),
  }));
}

export function isChecked(html, name) {
  for (const { tag } of tags(html, 'input')) {
    const a = attrs(tag);
    if (a.name === name && a.type === 'checkbox') return 'checked' in a;
  }
  return null;
}

// The value a field shows, whatever kind of control it is.
export function fieldValue(html, name) {
  const v = inputValue(html, name);
  if (v !== null) return v;
  const t = textareaValue(html, name);
  if (t !== null) return t;
  return selectValue(html, name);
}

// The first POST form that is not the sign-out button: {action, fields}
// where fields are [name, value] pairs as a browser would send them.
export function formOf(html, action) {
  const forms = [...html.matchAll(/<form method="post" action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)];
  for (const f of forms) {
    const act = decode(f[1]);
    if (act === '/sign-out' || (action && act !== action)) continue;
    const body = f[2];
    const fields = [];
    const re = /<input\b[^>]*>|<textarea\b[^>]*>[\s\S]*?<\/textarea>|<select\b[^>]*>[\s\S]*?<\/select>/g;
    let m;
    while ((m = re.exec(body))) {
      const el = m[0];
      if (el.startsWith('<input')) {
        const a = attrs(el);
        if (!a.name) continue;
        if (a.type === 'checkbox' || a.type === 'radio') {
          if ('checked' in a) fields.push([a.name, a.value ?? 'on']);
        } else fields.push([a.name, a.value ?? '']);
      } else if (el.startsWith('<textarea')) {
        const a = attrs(/<textarea\b[^>]*>/.exec(el)[0]);
        fields.push([a.name, decode(/>([\s\S]*?)<\/textarea>$/.exec(el)[1])]);
      } else {
        const a = attrs(/<select\b[^>]*>/.exec(el)[0]);
        const sel = /<option value="([^"]*)" selected>/.exec(el) || /<option value="([^"]*)"/.exec(el);
        fields.push([a.name, sel ? decode(sel[1]) : '']);
      }
    }
    return { action: act, fields };
  }
  return null;
}

// Oversight count: <span … data-count="ooa">N</span>
export function dataCount(html, key) {
  const m = new RegExp(`data-count="${escapeRe(key)}">(\\d+)<`).exec(html);
  return m ? Number(m[1]) : null;
}

// "N match" on the people list.
export function resultCount(html) {
  const m = /id="result-count"><strong>(\d+)<\/strong>/.exec(html);
  return m ? Number(m[1]) : null;
}

// Person ids linked from the first table body on the page, in order.
export function tablePersonIds(html) {
  const m = /<tbody class="govuk-table__body">([\s\S]*?)<\/tbody>/.exec(html);
  if (!m) return [];
  return [...m[1].matchAll(/href="\/people\/(\d+)"/g)].map((x) => Number(x[1]));
}

// Rows of the first table body as arrays of cell texts.
export function tableRows(html) {
  const m = /<tbody class="govuk-table__body">([\s\S]*?)<\/tbody>/.exec(html);
  if (!m) return [];
  return [...m[1].matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/g)].map((r) =>
    [...r[1].matchAll(/<td\b[^>]*>([\s\S]*?)<\/td>/g)].map((c) => text(c[1])),
  );
}

// Rows of the audit trail (/admin/audit) as the codes behind its words:
// [when, username ('—' for none), action code, record, person id ('' for
// none), fields, address].  The page shows names and words; each row carries
// the codes as data attributes.
export function auditRows(html) {
  const m = /<tbody class="govuk-table__body">([\s\S]*?)<\/tbody>/.exec(html);
  if (!m) return [];
  return [...m[1].matchAll(/<tr class="govuk-table__row" data-action="([^"]*)" data-user="([^"]*)" data-person="([^"]*)">([\s\S]*?)<\/tr>/g)]
    .map((r) => {
      const c = [...r[4].matchAll(/<td\b[^>]*>([\s\S]*?)<\/td>/g)].map((x) => text(x[1]));
      return [c[0], decode(r[2]) || '—', decode(r[1]), c[3], r[3], c[5], c[6]];
    });
}

// Largest id in links like /plans/ID/edit on a page (the newest record).
export function newestId(html, segment, suffix = '/edit') {
  const ids = [...html.matchAll(new RegExp(`href="/${escapeRe(segment)}/(\\d+)${escapeRe(suffix)}"`, 'g'))].map((m) => Number(m[1]));
  return ids.length ? Math.max(...ids) : null;
}

/* ---- CSV ------------------------------------------------------------------------ */

// RFC 4180 parse (CRLF rows, quoted cells).  Returns an array of rows.
export function parseCsv(s) {
  const rows = [];
  let row = [], cell = '', q = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (q) {
      if (c === '"') {
        if (s[i + 1] === '"') { cell += '"'; i++; } else q = false;
      } else cell += c;
    } else if (c === '"') q = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' && s[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; }
    else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

/* ---- dates ---------------------------------------------------------------------- */

// Today as the server sees it (in TIMEZONE), as a Date at local midnight
// used only for calendar arithmetic (getFullYear/getMonth/getDate).
export function today() {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: TIMEZONE, year: 'numeric', month: 'numeric', day: 'numeric' })
      .formatToParts(new Date())
      .map((p) => [p.type, p.value]),
  );
  return new Date(Number(parts.year), Number(parts.month) - 1, Number(parts.day));
}

export function daysAgo(n) {
  const t = today();
  return new Date(t.getFullYear(), t.getMonth(), t.getDate() - n);
}

export function monthsAgo(n) {
  const t = today();
  const d = new Date(t.getFullYear(), t.getMonth() - n, 1);
  const dim = new Date(d.getFullYear(), d.getMonth() + 1, 0).getDate();
  d.setDate(Math.min(t.getDate(), dim));
  return d;
}

// A date of birth for someone aged `years` (and a few months) today.
export function bornYearsAgo(years, extraMonths = 3) {
  return monthsAgo(years * 12 + extraMonths);
}

export function iso(d) {
  const p = (n, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getFullYear(), 4)}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

// {NAME-day, NAME-month, NAME-year} for a Date, an ISO string or [d, m, y].
export function dateFields(name, d) {
  let dd, mm, yy;
  if (Array.isArray(d)) [dd, mm, yy] = d;
  else {
    if (typeof d === 'string') d = new Date(`${d}T00:00:00`);
    [dd, mm, yy] = [d.getDate(), d.getMonth() + 1, d.getFullYear()];
  }
  return { [`${name}-day`]: String(dd), [`${name}-month`]: String(mm), [`${name}-year`]: String(yy) };
}

// How the pages write a date: "3 March 2024".
export function longDate(d) {
  if (typeof d === 'string') d = new Date(`${d}T00:00:00`);
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  return `${d.getDate()} ${months[d.getMonth()]} ${d.getFullYear()}`;
}

/* ---- identifiers ---------------------------------------------------------------- */

const UPN_ALPHABET = 'ABCDEFGHJKLMNPQRTUVWXYZ';

// A valid UPN for a serial number (11 digits and a final digit, check letter first).
export function upn(serial) {
  const body = String(serial).padStart(12, '0').slice(-12);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i + 2);
  return UPN_ALPHABET[sum % 23] + body;
}

// The same UPN with a wrong check letter.
export function badUpn(serial) {
  const good = upn(serial);
  const wrong = good[0] === 'A' ? 'B' : 'A';
  return wrong + good.slice(1);
}

// A valid ULN (10 digits, check digit last) from a 9-digit serial (CBDS rule 1575).
export function uln(serial) {
  for (let n = serial; ; n++) {
    const b = String(n);
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(b[i]) * (10 - i);
    if (sum % 11 !== 0) return b + String(10 - (sum % 11));
  }
}

// A valid NHS number, written "NNN NNN NNNN", from a 9-digit serial (weights 10..2; 11 - sum mod 11).
export function nhs(serial) {
  for (let n = serial; ; n++) {
    const b = String(n).padStart(9, '0');
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(b[i]) * (10 - i);
    const c = (11 - (sum % 11)) % 11;
    if (c !== 10) return `${b.slice(0, 3)} ${b.slice(3, 6)} ${b.slice(6)}${c}`;
  }
}

export const NHS_OK = '943 476 5919';
export const NHS_BAD = '943 476 5918';

/* ---- fixtures through the web forms ------------------------------------------------ */

let serial = 1000;
export function nextSerial() {
  return ++serial;
}

export function personFields(over = {}) {
  const n = nextSerial();
  return {
    forename: `Test${n}`,
    surname: `Person${n}`,
    ...dateFields('dob', bornYearsAgo(9)),
    sex: 'F',
    upn: upn(n),
    ...over,
  };
}

function fail(what, r) {
  const errs = errorSummary(r.body);
  return new Error(`${what}: expected 303, got ${r.status}${errs.length ? ': ' + errs.join('; ') : ''}`);
}

// Creates a person; returns the id.
export async function createPerson(c, over = {}) {
  const r = await c.post('/people/new', personFields(over));
  const m = r.status === 303 && /^\/people\/(\d+)\?saved=people$/.exec(r.location || '');
  if (!m) throw fail('create person', r);
  return Number(m[1]);
}

let urnSeq = 100000;
export function establishmentFields(over = {}) {
  const n = ++urnSeq;
  return { name: `School ${n}`, urn: String(n), phase: 'PRI', setting_type: 'MS', la_code: '999', ...over };
}

export async function createEstablishment(c, over = {}) {
  const r = await c.post('/establishments/new', establishmentFields(over));
  const m = r.status === 303 && /^\/establishments\/(\d+)\?saved=establishments$/.exec(r.location || '');
  if (!m) throw fail('create establishment', r);
  return Number(m[1]);
}

// Posts a new child record and returns its id, read from the person page.
export async function createChild(c, postPath, personId, fields, segment) {
  const r = await c.post(postPath, fields);
  if (r.status !== 303) throw fail(`POST ${postPath}`, r);
  if (!new RegExp(`^/people/${personId}(/[a-z]+)?\\?saved=`).test(r.location)) throw new Error(`POST ${postPath} redirected to ${r.location}`);
  if (!segment) return null;
  const page = await c.record(personId);
  return newestId(page.body, segment);
}

export function planFields(over = {}) {
  return { status: 'active', ...dateFields('issue_date', daysAgo(30)), ...over };
}

export const createPlan = (c, pid, over) => createChild(c, `/people/${pid}/plans/new`, pid, planFields(over), 'plans');
export const createNeed = (c, pid, over) =>
  createChild(c, `/people/${pid}/needs/new`, pid, { rank: '1', sen_type: 'ASD', ...over }, 'needs');
export const createPlacement = (c, pid, over) =>
  createChild(c, `/people/${pid}/placements/new`, pid, { rank: '1', ...dateFields('start_date', daysAgo(60)), ...over }, 'placements');
export const createVisit = (c, pid, placementId, over) =>
  createChild(c, `/placements/${placementId}/visits/new`, pid,
    { ...dateFields('visit_date', daysAgo(7)), visit_type: 'monitoring', outcome: 'none', ...over }, 'visits');
export const createReview = (c, pid, planId, over) =>
  createChild(c, `/plans/${planId}/reviews/new`, pid, { ...dateFields('meeting_date', daysAgo(10)), ...over }, 'reviews');
export const createNamed = (c, pid, planId, over) =>
  createChild(c, `/plans/${planId}/named/new`, pid, { rank: '1', ...over }, 'named');
export const createRequest = (c, pid, over) =>
  createChild(c, `/people/${pid}/requests/new`, pid, { ...dateFields('received_date', daysAgo(20)), source: '1', ...over }, 'requests');
export const createNote = (c, pid, body) => createChild(c, `/people/${pid}/notes/new`, pid, { body }, 'notes');
export const createAdvice = (c, pid, requestId, over) =>
  createChild(c, `/requests/${requestId}/advice/new`, pid, { service: 'EP', ...dateFields('requested_date', daysAgo(4)), ...over }, 'advice');
export const createException = (c, pid, over) =>
  createChild(c, `/people/${pid}/exceptions/new`, pid,
    { reason: 'personal_circumstances', ...dateFields('start_date', daysAgo(15)), ...over }, 'exceptions');
export const createPhase = (c, pid, planId, over) =>
  createChild(c, `/plans/${planId}/phase/new`, pid, { kind: 'secondary', transfer_year: String(new Date().getFullYear() + 1), ...over }, 'phase');
export async function createPanel(c, over = {}) {
  const r = await c.post('/panels/new', { kind: 'assess', ...dateFields('meeting_date', daysAgo(2)), title: 'Test panel', ...over });
  const m = r.status === 303 && /^\/panels\/(\d+)\?saved=panels$/.exec(r.location || '');
  if (!m) throw fail('create panel', r);
  return Number(m[1]);
}
export const createPanelCase = (c, pid, requestId, panelId, over) =>
  createChild(c, `/requests/${requestId}/panel`, pid, { panel_id: String(panelId), ...over }, 'panel-cases');
export async function createClosure(c, establishmentId, over = {}) {
  const r = await c.post(`/establishments/${establishmentId}/closures/new`,
    { ...dateFields('start_date', daysAgo(200)), ...dateFields('end_date', daysAgo(160)), description: 'Summer', ...over });
  if (r.status !== 303 || !r.location.startsWith(`/establishments/${establishmentId}?saved=closures`)) throw fail('create closure', r);
  return newestId((await c.get(`/establishments/${establishmentId}`)).body, 'closures');
}
export const allocate = async (c, pid, userId) => {
  const r = await c.post(`/people/${pid}/allocate`, { caseworker: String(userId) });
  if (r.status !== 303) throw fail('allocate', r);
};

let partnerSeq = 0;
// A partner service (with a team address and a manager); returns its id.
export async function createService(c, over = {}) {
  partnerSeq++;
  const r = await c.post('/services/new', {
    name: `Test service ${partnerSeq} ${process.pid}`, kind: 'EP', email: `team${partnerSeq}@ep.example.invalid`,
    manager_name: `Manager ${partnerSeq}`, manager_email: `manager${partnerSeq}@ep.example.invalid`, ...over,
  });
  const m = r.status === 303 && /^\/services\/(\d+)\?saved=services$/.exec(r.location || '');
  if (!m) throw fail('create service', r);
  return Number(m[1]);
}
// A contact at a service; returns its id.
export async function createContact(c, serviceId, over = {}) {
  partnerSeq++;
  const r = await c.post(`/services/${serviceId}/contacts/new`,
    { name: `Contact ${partnerSeq}`, job_title: 'Practitioner', email: `contact${partnerSeq}@partners.example.invalid`, ...over });
  if (r.status !== 303 || !r.location.startsWith(`/services/${serviceId}?saved=contacts`)) throw fail('create contact', r);
  return newestId((await c.get(`/services/${serviceId}`)).body, 'contacts');
}
// A SENCO contact at a setting; returns its id.
export async function createSenco(c, establishmentId, over = {}) {
  partnerSeq++;
  const r = await c.post(`/establishments/${establishmentId}/contacts/new`,
    { name: `SENCO ${partnerSeq}`, email: `senco${partnerSeq}@school.example.invalid`, ...over });
  if (r.status !== 303 || !r.location.startsWith(`/establishments/${establishmentId}?saved=setting-contacts`))
    throw fail('create setting contact', r);
  return newestId((await c.get(`/establishments/${establishmentId}`)).body, 'setting-contacts');
}
// Asks for advice for a request in one step: targets [{service, contact}] or {senco}.
export async function askAdvice(c, requestId, targets, sent = null) {
  const form = new URLSearchParams();
  for (const t of targets) {
    if (t.senco) form.append('senco', String(t.senco));
    else {
      form.append('svc', String(t.service));
      form.append(`contact_${t.service}`, t.contact ? String(t.contact) : '');
    }
  }
  for (const [k, v] of Object.entries(dateFields('sent', sent || daysAgo(0)))) form.append(k, v);
  return c.post(`/requests/${requestId}/advice/ask`, form);
}
// Generates a letter (value "template:record id"); returns the letter's id.
export async function createLetter(c, personId, value) {
  const r = await c.post(`/people/${personId}/letters/new`, { letter: value });
  const m = r.status === 303 && /^\/letters\/(\d+)$/.exec(r.location || '');
  if (!m) throw fail('create letter', r);
  return Number(m[1]);
}

// The people around the child (family.test.mjs): a contact, a consent and a record of views; each returns its id.
export const createFamilyContact = (c, pid, over) =>
  createChild(c, `/people/${pid}/family-contacts/new`, pid,
    { relationship: 'mother', forename: 'Test', surname: 'Parent', address_line1: '1 Test Street', postcode: 'LS1 4AP', ...over },
    'family-contacts');
export const createConsent = (c, pid, contactId, over) =>
  createChild(c, `/people/${pid}/consents/new`, pid,
    { given_by_contact_id: String(contactId), scope: 'all', ...dateFields('given_date', daysAgo(10)), given_how: 'written', ...over },
    'consents');
export const createViews = (c, pid, over) =>
  createChild(c, `/people/${pid}/views/new`, pid,
    { whose: 'child', ...dateFields('view_date', daysAgo(3)), gathered_how: 'meeting', body: 'I like school.', ...over }, 'views');
// Uploads a small text document to a child's record; returns its id.
export async function createDocument(c, personId, over = {}, file = { content: 'A letter received.\n', filename: 'letter.txt' }) {
  const r = await postMultipart(c, `/people/${personId}/documents/new`,
    { doc_type: 'letter_in', ...dateFields('doc_date', daysAgo(1)), ...over }, { file: { type: 'text/plain', ...file } });
  if (r.status !== 303) throw fail('upload document', r);
  const page = await c.get(`/people/${personId}/documents`);
  return Math.max(...[...page.body.matchAll(/href="\/documents\/(\d+)"/g)].map((m) => Number(m[1])));
}

// One of every record, for walks over every route.  `lead` is an admin or
// manager client (establishments need one).
export async function seedEverything(lead) {
  const ids = {};
  ids.establishment = await createEstablishment(lead);
  ids.person = await createPerson(lead);
  ids.plan = await createPlan(lead, ids.person);
  ids.review = await createReview(lead, ids.person, ids.plan);
  ids.named = await createNamed(lead, ids.person, ids.plan, { establishment_id: String(ids.establishment) });
  ids.need = await createNeed(lead, ids.person);
  ids.placement = await createPlacement(lead, ids.person, { establishment_id: String(ids.establishment) });
  ids.visit = await createVisit(lead, ids.person, ids.placement);
  ids.request = await createRequest(lead, ids.person, { outcome: 'Y', ...dateFields('outcome_date', daysAgo(5)) });
  ids.note = await createNote(lead, ids.person, 'A note.');
  ids.advice = await createAdvice(lead, ids.person, ids.request);
  ids.exception = await createException(lead, ids.person);
  ids.phase = await createPhase(lead, ids.person, ids.plan);
  ids.panel = await createPanel(lead);
  ids.panelCase = await createPanelCase(lead, ids.person, ids.request, ids.panel);
  ids.closure = await createClosure(lead, ids.establishment);
  ids.service = await createService(lead);
  ids.contact = await createContact(lead, ids.service);
  ids.settingContact = await createSenco(lead, ids.establishment);
  const asked = await askAdvice(lead, ids.request, [{ service: ids.service, contact: ids.contact }]);
  if (asked.status !== 303) throw fail('ask advice', asked);
  ids.outbox = newestId((await lead.get('/outbox')).body, 'outbox', '');
  ids.letter = await createLetter(lead, ids.person, `decision_to_assess:${ids.request}`);
  Object.assign(ids, await seedPlanContent(lead, ids.plan));
  ids.familyContact = await createFamilyContact(lead, ids.person);
  ids.consent = await createConsent(lead, ids.person, ids.familyContact);
  ids.views = await createViews(lead, ids.person);
  ids.document = await createDocument(lead, ids.person);
  {
    // a survey (surveys.test.mjs): a questionnaire with one question, sent to the family of a child whose
    // mother consented and has an email address (the link's token: routes.test.mjs reads it from the outbox),
    // and a paper copy to type in
    const made = await lead.post('/surveys/new', { name: 'Seed survey', audience: 'parent', trigger: 'manual',
      anonymous: '0', expiry_days: '28' });
    ids.survey = Number(/^\/surveys\/(\d+)/.exec(made.location || '')?.[1]);
    if (made.status !== 303 || !ids.survey) throw fail('create survey', made);
    const q = await lead.post(`/surveys/${ids.survey}/questions/new`, { kind: 'likert', wording: 'I felt listened to',
      required: '1' });
    if (q.status !== 303) throw fail('add survey question', q);
    ids.surveyQuestion = Number(/\/questions\/(\d+)\/edit"/.exec((await lead.get(`/surveys/${ids.survey}`)).body)?.[1]);
    const pid = await createPerson(lead);
    await createConsent(lead, pid, await createFamilyContact(lead, pid, { email: 'seed.parent@example.org' }));
    const sent = await lead.post(`/surveys/${ids.survey}/send`, { person: String(pid) });
    if (sent.status !== 303) throw fail('send survey', sent);
    const paper = await lead.post(`/surveys/${ids.survey}/paper`, { person: String(pid) });
    ids.surveyPaper = Number(/^\/survey-paper\/(\d+)$/.exec(paper.location || '')?.[1]);
  }
  {
    // a co-production event and its "you said, we did" action (engagement.test.mjs)
    const ev = await lead.post('/engagement/new', { ...dateFields('event_date', daysAgo(7)), kind: 'forum',
      title: 'Seed forum', parents: '12', young_people: '', professionals: '3', others: '' });
    ids.engagement = Number(/^\/engagement\/(\d+)\?saved=engagement$/.exec(ev.location || '')?.[1]);
    if (!ids.engagement) throw fail('create engagement event', ev);
    const act = await lead.post(`/engagement/${ids.engagement}/actions/new`, { you_said: 'Letters are hard to read',
      owner: 'Head of SEND' });
    if (act.status !== 303) throw fail('add engagement action', act);
    ids.engagementAction = Number(/\/engagement-actions\/(\d+)\/edit"/.exec((await lead.get(`/engagement/${ids.engagement}`)).body)?.[1]);
  }
  {
    const r = await lead.post('/dashboard/references/new',
      { kpi_id: 'new_plans_20wk_excl_exceptions', scope: 'regional', year: '2024', value: '44.1', source: 'Test region' });
    if (r.status !== 303) throw fail('create reference value', r);
    ids.kpiReference = newestId((await lead.get('/dashboard/references')).body, 'kpi-references');
  }
  {
    // the example improvement plan (docs/plan-json.md), loaded as an administrator would: one of its
    // actions, one of its sub-actions, and a review period (from the action page's "Record the
    // rating for …" and "Change" links)
    const out = lead.server.cli(['plan', 'import', path.join(ROOT, 'data/plans/thurrock-wsoa.json')]);
    ids.improvementPlan = Number(/plan (\d+) imported/.exec(out)?.[1]);
    const plan = await lead.get(`/improvement-plans/${ids.improvementPlan}`);
    ids.planAction = Number(/href="\/improvement-plans\/\d+\/actions\/(\d+)"/.exec(plan.body)?.[1]);
    const action = await lead.get(`/improvement-plans/${ids.improvementPlan}/actions/${ids.planAction}`);
    ids.planPeriod = Number(/\/rate\?period=(\d+)"/.exec(action.body)?.[1]);
    ids.planSub = Number(/\/actions\/\d+\/sub-actions\/(\d+)"/.exec(action.body)?.[1]);
    // a measure entered by hand on that action (migration 0025)
    const m = await lead.post(`/improvement-plans/${ids.improvementPlan}/actions/${ids.planAction}/manual`,
      { name: 'Parents who felt listened to', source: 'Parent carer forum survey', unit: 'percent' });
    if (m.status !== 303) throw fail('add a measure entered by hand', m);
    const again = await lead.get(`/improvement-plans/${ids.improvementPlan}/actions/${ids.planAction}`);
    ids.manualMeasure = Number(/data-manual="(\d+)"/.exec(again.body)?.[1]);
  }
  Object.assign(ids, await seedQaAudit(lead));
  for (const [k, v] of Object.entries(ids)) if (!Number.isInteger(v)) throw new Error(`seed: no id for ${k}`);
  return ids;
}

// A plan version finalised, its quality assurance audit added by hand (issue 17) and an action
// from it owned by the lead: { qaAudit, qaAction, qaFramework, qaCriterion }.  Of a new child's new plan, or of the plan
// given (pid, planId; estab: a setting to name).
export async function seedQaAudit(lead, { pid = null, planId = null, estab = null } = {}) {
  pid ??= await createPerson(lead);
  planId ??= await createPlan(lead, pid);
  const v = await startVersion(lead, planId);
  await addItem(lead, v, 'f', { ...PROVISION_GOOD });
  let r = await lead.submit(`/plan-versions/${v}/send`, dateFields('sent', daysAgo(20)));
  if (r.status !== 303) throw fail('send the draft', r);
  estab ??= await createEstablishment(lead);
  await createNamed(lead, pid, planId, { establishment_id: String(estab) });
  r = await lead.submit(`/plan-versions/${v}/finalise`, dateFields('final', daysAgo(5)));
  if (r.status !== 303) throw fail('finalise', r);
  r = await lead.post('/qa/audits/new', { plan_version: String(v), reason: 'After a complaint' });
  const m = /^\/qa\/audits\/(\d+)\?saved=added$/.exec(r.location || '');
  if (r.status !== 303 || !m) throw fail('add a QA audit', r);
  const qaAudit = Number(m[1]);
  const owner = /<option value="(\d+)"[^>]*>([^<]*)<\/option>/.exec((await lead.get(`/qa/audits/${qaAudit}`)).body);
  r = await lead.post(`/qa/audits/${qaAudit}/actions`, { kind: 'feedback', description: 'Specify the support in F',
    owner: lead.user?.id ? String(lead.user.id) : owner[1], ...dateFields('due', daysAgo(-14)) });
  if (r.status !== 303) throw fail('add a QA action', r);
  const page = await lead.get(`/qa/audits/${qaAudit}`);
  const qaAction = Number(/data-action="(\d+)"/.exec(page.body)?.[1]);
  // the default plan framework (migration 0022) is id 1, its first criterion id 1
  return { qaAudit, qaAction, qaFramework: 1, qaCriterion: 1 };
}

/* ---- the plan's content (issue 16) ------------------------------------------------ */

// Starts the plan's next version (an amendment draft for an active plan):
// the version's id.
export async function startVersion(c, planId) {
  const r = await c.post(`/plans/${planId}/versions`);
  const m = /^\/plan-versions\/(\d+)\?saved=started$/.exec(r.location || '');
  if (r.status !== 303 || !m) throw fail(`POST /plans/${planId}/versions`, r);
  return Number(m[1]);
}

// Adds an item to a section of a version ("b" … "k"): the item's id.
export async function addItem(c, versionId, section, fields) {
  const r = await c.post(`/plan-versions/${versionId}/section-${section}/new`, fields);
  if (r.status !== 303 || !r.location.startsWith(`/plan-versions/${versionId}?saved=section-${section}`))
    throw fail(`add to section ${section}`, r);
  return newestId((await c.get(`/plan-versions/${versionId}`)).body, `section-${section}`);
}

export const PROVISION_GOOD = {
  text: 'Speech and language therapy programme targeting expressive vocabulary', who: 'speech and language therapist',
  how_often: '3 times a week', how_long: '30 minutes', group_size: '1 to 1',
};

// A draft with one item in every section: the ids the route walk needs.
export async function seedPlanContent(lead, planId) {
  const v = await startVersion(lead, planId);
  const ids = { planVersion: v };
  ids.sectionB = await addItem(lead, v, 'b', { area: 'CI', text: 'Finds it hard to follow spoken instructions.' });
  ids.sectionC = await addItem(lead, v, 'c', { text: 'Asthma, managed with an inhaler.' });
  ids.sectionD = await addItem(lead, v, 'd', { text: 'Needs support to take part in clubs after school.' });
  ids.sectionE = await addItem(lead, v, 'e', { text: 'Will follow a two-step instruction in class.', needs: 'B1',
    timescale: 'By July next year', measure: 'Teacher observation each half term' });
  ids.sectionF = await addItem(lead, v, 'f', { ...PROVISION_GOOD, outcomes: 'E1' });
  ids.sectionG = await addItem(lead, v, 'g', { text: 'Asthma review', who: 'school nurse', how_often: 'once per term', how_long: '20 minutes' });
  ids.sectionH1 = await addItem(lead, v, 'h1', { text: 'Short breaks', who: 'social worker', how_often: 'monthly', how_long: '1 day' });
  ids.sectionH2 = await addItem(lead, v, 'h2', { text: 'Holiday club place' });
  ids.sectionK = await addItem(lead, v, 'k', { text: "The parents' written views", who: 'Parents', ...dateFields('item_date', daysAgo(3)) });
  return ids;
}

/* ---- partners in the loop: uploads, meetings, polling ---------------------------- */

// Polls fn (async; a truthy result ends it) every `every` ms for at most
// `within` ms; returns that result, or throws naming `what` and the last value.
export async function poll(fn, { within = 10000, every = 100, what = 'the condition' } = {}) {
  const until = Date.now() + within;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() >= until) throw new Error(`${what} did not happen within ${within} ms (last: ${JSON.stringify(last)})`);
    await sleep(every);
  }
}

// POSTs multipart/form-data as a browser's file upload does (fetch builds the
// body and its boundary from FormData).  fields: object or [name, value]
// pairs; files: {name: {content, filename, type}}.  The session's CSRF token
// is added unless fields carries one.
export function postMultipart(c, p, fields = {}, files = {}) {
  const fd = new FormData();
  const pairs = Array.isArray(fields) ? fields : Object.entries(fields);
  if (c.csrf && !pairs.some(([k]) => k === 'csrf')) fd.append('csrf', c.csrf);
  for (const [k, v] of pairs) fd.append(k, String(v));
  for (const [k, f] of Object.entries(files))
    fd.append(k, new Blob([f.content], { type: f.type ?? 'text/csv' }), f.filename ?? 'contacts.csv');
  return c.request('POST', p, { body: fd });
}

// Imports contacts by pasting CSV text into the import form's box.
export function importContacts(c, csv, { dryRun = false } = {}) {
  return c.post('/services/import', dryRun ? { csv, dry_run: '1' } : { csv });
}

// Arranges an annual review meeting for a plan: targets as for askAdvice;
// meeting and contributions as for dateFields (contributions null: left empty).
export function arrangeMeeting(c, planId, targets, meeting, contributions = null) {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(meeting ? dateFields('meeting', meeting) : {})) form.append(k, v);
  for (const [k, v] of Object.entries(contributions ? dateFields('contributions', contributions) : {})) form.append(k, v);
  for (const t of targets) {
    if (t.senco) form.append('senco', String(t.senco));
    else {
      form.append('svc', String(t.service));
      form.append(`contact_${t.service}`, t.contact ? String(t.contact) : '');
    }
  }
  return c.post(`/plans/${planId}/meetings/new`, form);
}

// The success banner's message on a page, or null.
export function successBanner(html) {
  const m = /<p class="govuk-notification-banner__heading">([\s\S]*?)<\/p>/.exec(html);
  return m ? decode(m[1]).trim() : null;
}

// The values of the ticked checkboxes (or radios) named `name`, in page order.
export function checkedValues(html, name) {
  return tags(html, 'input').map(({ tag }) => attrs(tag))
    .filter((a) => a.name === name && (a.type === 'checkbox' || a.type === 'radio') && 'checked' in a)
    .map((a) => a.value ?? 'on');
}

// The values of every checkbox or radio named `name`, in page order.
export function choiceValues(html, name) {
  return tags(html, 'input').map(({ tag }) => attrs(tag))
    .filter((a) => a.name === name && (a.type === 'checkbox' || a.type === 'radio'))
    .map((a) => a.value ?? 'on');
}
