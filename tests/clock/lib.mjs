// lib.mjs — helpers for the black-box contract suite of `sendmis clock`.
//
// The suite treats the binary as a black box: it writes one JSON object on
// standard input and reads standard output, standard error and the exit
// status.  Nothing here knows how the command computes its answer; every
// expected date is written out literally in the tests.
//
// Only node built-ins are used.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = process.env.SENDMIS_BIN
  ? path.resolve(process.env.SENDMIS_BIN)
  : path.resolve(ROOT, 'sendmis');

export const STATUSES = ['met', 'late', 'due', 'overdue', 'excused', 'not_applicable'];
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

// The command "needs no database": run it in an empty directory, with no
// SENDMIS_* settings from the caller's shell, so a configuration file or a
// database cannot influence (or rescue) the answer.
const WORKDIR = mkdtempSync(path.join(os.tmpdir(), 'sendmis-clock-'));
process.on('exit', () => rmSync(WORKDIR, { recursive: true, force: true }));

function cleanEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('SENDMIS_')) env[k] = v;
  return env;
}

/** Run `sendmis clock` with `input` (an object, serialised, or a raw string). */
export function runClock(input) {
  const text = typeof input === 'string' ? input : JSON.stringify(input);
  const r = spawnSync(BIN, ['clock'], {
    input: text,
    cwd: WORKDIR,
    env: cleanEnv(),
    encoding: 'utf8',
    timeout: 10000,
  });
  if (r.error) throw new Error(`could not run ${BIN} clock: ${r.error.message}`);
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Run a valid input: exit status 0 and exactly one JSON object on standard
 * output, of the shape {"steps": [{id, due, done, status, citation}, ...]}.
 * Returns the steps array.
 */
export function clock(input) {
  const r = runClock(input);
  assert.equal(r.signal, null, `killed by ${r.signal}; stderr: ${r.stderr}`);
  assert.equal(r.status, 0, `exit status ${r.status} for a valid input; stderr: ${r.stderr}\ninput: ${JSON.stringify(input)}`);
  let out;
  try {
    out = JSON.parse(r.stdout); // the whole of stdout must be one JSON value
  } catch (e) {
    assert.fail(`stdout is not exactly one JSON value (${e.message}):\n${r.stdout}`);
  }
  assert.ok(out !== null && typeof out === 'object' && !Array.isArray(out), `stdout is not a JSON object: ${r.stdout}`);
  assert.ok(Array.isArray(out.steps), `output has no "steps" array: ${r.stdout}`);
  for (const s of out.steps) {
    const where = JSON.stringify(s);
    assert.ok(s && typeof s === 'object', `step is not an object: ${where}`);
    for (const k of ['id', 'due', 'done', 'status', 'citation']) assert.ok(k in s, `step lacks "${k}": ${where}`);
    assert.equal(typeof s.id, 'string', `id is not a string: ${where}`);
    assert.ok(STATUSES.includes(s.status), `status is not one of ${STATUSES.join('|')}: ${where}`);
    assert.ok(
      (typeof s.due === 'string' && DATE_RE.test(s.due)) || (s.due === null && s.status === 'not_applicable'),
      `due is not a YYYY-MM-DD date: ${where}`);
    assert.ok(s.done === null || (typeof s.done === 'string' && DATE_RE.test(s.done)),
      `done is neither null nor a YYYY-MM-DD date: ${where}`);
  }
  return out.steps;
}

/** The one step with this id (fails if it is missing or repeated). */
export function step(steps, id) {
  const found = steps.filter((s) => s.id === id);
  assert.equal(found.length, 1, `expected exactly one step "${id}", found ${found.length}; ids: ${steps.map((s) => s.id).join(', ')}`);
  return found[0];
}

/** Assert the due, done and status of one step (only the keys given in `want`). */
export function expectStep(steps, id, want) {
  const s = step(steps, id);
  const got = {};
  for (const k of Object.keys(want)) got[k] = s[k];
  assert.deepEqual(got, want, `step "${id}": got ${JSON.stringify(s)}`);
  return s;
}

export function expectAbsent(steps, id) {
  assert.ok(!steps.some((s) => s.id === id), `step "${id}" should be absent; ids: ${steps.map((s) => s.id).join(', ')}`);
}

export function ids(steps) {
  return steps.map((s) => s.id);
}

/**
 * Invalid input: exit status 2, nothing at all on standard output, and a
 * message on standard error that matches `field` (the field's name).
 */
export function expectInvalid(input, field) {
  const r = runClock(input);
  const shown = typeof input === 'string' ? input : JSON.stringify(input);
  assert.equal(r.signal, null, `killed by ${r.signal}; stderr: ${r.stderr}`);
  assert.equal(r.status, 2, `exit status ${r.status}, want 2, for ${shown}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  assert.equal(r.stdout, '', `stdout should be empty (never a partial answer), got: ${r.stdout}`);
  assert.ok(r.stderr.trim().length > 0, 'no message on stderr');
  if (field) assert.match(r.stderr, field, `stderr should name the field (${field}): ${r.stderr}`);
  return r;
}
