// lib.mjs — a real SMTP server for the mail tests, and helpers around it.
//
// Smtpd runs tests/mail/smtpd.py (aiosmtpd from Debian's python3-aiosmtpd)
// on a free loopback port; every message it accepts is one JSON line in a
// file, already decoded by Python's email parser.  waitFor() polls that file
// with a bounded loop (no fixed sleeps).  The sendmis server comes from the
// HTTP suite's lib (its own database in a temporary directory: a SQLite
// file, or with SENDMIS_TEST_STORE=postgresql a PostgreSQL database), started
// with smtp_url pointing at the SMTP server and a one-second outbox poll.

import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, startServer } from '../http/lib.mjs';

export * from '../http/lib.mjs';

const PYTHON = '/usr/bin/python3';   // Debian's, which sees python3-aiosmtpd
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class Smtpd {
  constructor(opts = {}) {
    this.opts = opts;
    this.dir = mkdtempSync(path.join(os.tmpdir(), 'sendmis-smtp-'));
    this.out = path.join(this.dir, 'messages.jsonl');
    this.port = opts.port || 0;
    this.proc = null;
  }

  async start() {
    const args = [path.join(ROOT, 'tests', 'mail', 'smtpd.py'), '--out', this.out, '--port', String(this.port)];
    if (this.opts.delay) args.push('--delay', String(this.opts.delay));
    if (this.opts.tempfailFirst) args.push('--tempfail-first', String(this.opts.tempfailFirst));
    if (this.opts.reject) args.push('--reject', this.opts.reject);
    if (this.opts.tls) args.push('--tls-cert', this.opts.tls.cert, '--tls-key', this.opts.tls.key);
    if (this.opts.auth) args.push('--auth', this.opts.auth);
    this.proc = spawn(PYTHON, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '', err = '';
    this.proc.stdout.setEncoding('utf8');
    this.proc.stderr.setEncoding('utf8');
    this.proc.stderr.on('data', (d) => (err += d));
    const ready = await new Promise((resolve) => {
      const t = setTimeout(() => resolve(false), 15000);
      this.proc.stdout.on('data', (d) => {
        out += d;
        const m = /READY (\d+)/.exec(out);
        if (m) {
          clearTimeout(t);
          this.port = Number(m[1]);
          resolve(true);
        }
      });
      this.proc.on('exit', () => {
        clearTimeout(t);
        resolve(false);
      });
    });
    if (!ready) throw new Error(`the SMTP server did not start (is python3-aiosmtpd installed?):\n${err}`);
    return this;
  }

  get url() {
    return `smtp://127.0.0.1:${this.port}`;
  }

  messages() {
    if (!existsSync(this.out)) return [];
    // Only whole lines: the server may be part-way through writing the
    // last one (a large message is more than one write), so whatever
    // follows the last newline is left for the next poll.
    const lines = readFileSync(this.out, 'utf8').split('\n');
    lines.pop();
    return lines.filter(Boolean).map((l) => JSON.parse(l));
  }

  // Waits (bounded) until pred(messages) is true; returns the messages.
  async waitFor(pred, { timeout = 20000, what = 'messages' } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const m = this.messages();
      if (pred(m)) return m;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; have ${m.length}:\n` +
        m.map((x) => `${x.rcpt_tos.join(',')}: ${x.subject}`).join('\n'));
      await sleep(50);
    }
  }

  async stop() {
    if (this.proc && this.proc.exitCode === null) {
      const exited = new Promise((r) => this.proc.on('exit', r));
      this.proc.stdin.end();
      const t = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

// Where people reach the test area's sendmis, as the setting is written
// (a path under the host, and a trailing slash sendmis drops), and the
// start every link in an email must have.
export const PUBLIC_URL_SETTING = 'https://sendmis.la.example.invalid/send/';
export const PUBLIC_URL = 'https://sendmis.la.example.invalid/send';

// A sendmis server sending to smtp (an Smtpd or a URL); the scheduler off
// unless asked (tests drive it with `jobs run-once --as-of`).
export function mailServer(smtp, env = {}) {
  return startServer({
    env: {
      SENDMIS_SMTP_URL: typeof smtp === 'string' ? smtp : smtp.url,
      SENDMIS_SMTP_TLS: 'none',
      SENDMIS_MAIL_POLL_SECONDS: '1',
      SENDMIS_JOBS_INTERVAL_SECONDS: '0',
      SENDMIS_MAIL_RETRY_SECONDS: '1',
      SENDMIS_MAIL_FROM: 'sen-team@la.example.invalid',
      SENDMIS_PUBLIC_URL: PUBLIC_URL_SETTING,
      SENDMIS_LA_NAME: 'Testshire County Council',
      ...env,
    },
  });
}

// Ways a date of birth or other date could be written in an email.
export function dateSpellings(d) {
  const p = (n) => String(n).padStart(2, '0');
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
    'November', 'December'];
  return [
    `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`,
    `${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()}`,
    `${d.getDate()}/${d.getMonth() + 1}/${d.getFullYear()}`,
    `${d.getDate()} ${months[d.getMonth()]} ${d.getFullYear()}`,
    `${d.getDate()} ${months[d.getMonth()].slice(0, 3)} ${d.getFullYear()}`,
  ];
}

// A throwaway certificate authority and a server certificate for 127.0.0.1
// (openssl), in dir: {ca, cert, key}.
export function makeCerts(dir) {
  const run = (args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=sendmis test CA',
    '-keyout', 'ca.key', '-out', 'ca.pem']);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', 'server.key', '-out', 'server.csr']);
  writeFileSync(path.join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2',
    '-extfile', 'ext.cnf', '-out', 'server.pem']);
  return { ca: path.join(dir, 'ca.pem'), cert: path.join(dir, 'server.pem'), key: path.join(dir, 'server.key') };
}
