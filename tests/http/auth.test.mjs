// auth.test.mjs — signing in and out, sessions, rate limits, CSRF, the
// security headers on every page, and the gate's body checks (413, 415).

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, errorSummary, inputValue, text, PASSWORD } from './lib.mjs';

describe('sign in and out', () => {
  let server, users;

  before(async () => {
    server = await startServer();
    users = {
      alice: server.createUser('caseworker', { username: 'alice', name: 'Alice Case' }),
      bob: server.createUser('manager', { username: 'bob', name: 'Bob Manager' }),
      carol: server.createUser('caseworker', { username: 'carol', name: 'Carol Gone' }),
      dave: server.createUser('readonly', { username: 'dave', name: 'Dave Reader' }),
    };
  });
  after(async () => {
    const status = await server?.stop();
    assert.deepEqual(status, { code: 0, sig: null }, 'the server stops cleanly on SIGTERM');
  });

  test('the sign-in page is public and has a form', async () => {
    const r = await server.client().get('/sign-in');
    assert.equal(r.status, 200);
    assert.match(r.body, /<form method="post" action="\/sign-in"/);
    assert.equal(inputValue(r.body, 'username'), '');
  });

  test('success sets an HttpOnly, SameSite=Strict session cookie and redirects home', async () => {
    const c = server.client();
    const r = await c.post('/sign-in', { username: 'alice', password: PASSWORD }, { csrf: false });
    assert.equal(r.status, 303);
    assert.equal(r.location, '/');
    assert.equal(r.setCookie.length, 1);
    const sc = r.setCookie[0];
    assert.match(sc, /^sendmis_session=[0-9a-f]{64};/);
    assert.match(sc, /;\s*HttpOnly(;|$)/i);
    assert.match(sc, /;\s*SameSite=Strict(;|$)/i);
    assert.match(sc, /;\s*Path=\/(;|$)/);
    const home = await c.get('/');
    assert.equal(home.status, 200);
    assert.match(text(home.body), /Signed in as Alice Case \(caseworker\)/);
    // signed in, the sign-in page sends you home
    const again = await c.get('/sign-in');
    assert.equal(again.status, 303);
    assert.equal(again.location, '/');
  });

  test('every sign-in starts a new session (no fixation)', async () => {
    const c = await server.signIn('alice');
    const before = c.cookies.get('sendmis_session');
    const r = await c.post('/sign-in', { username: 'alice', password: PASSWORD }, { csrf: false });
    assert.equal(r.status, 303);
    const afterTok = c.cookies.get('sendmis_session');
    assert.notEqual(afterTok, before);
    const old = server.client();
    old.cookies.set('sendmis_session', before);
    const res = await old.get('/people');
    assert.equal(res.status, 303, 'the old session no longer works');
    assert.equal(res.location, '/sign-in?next=%2Fpeople');
  });

  test('a wrong password is 422 "Enter a correct username and password" and keeps the username', async () => {
    const r = await server.client().post('/sign-in', { username: 'bob', password: 'not-the-password' }, { csrf: false });
    assert.equal(r.status, 422);
    assert.deepEqual(errorSummary(r.body), ['Enter a correct username and password']);
    assert.match(r.body, /There is a problem/);
    assert.equal(inputValue(r.body, 'username'), 'bob');
    assert.doesNotMatch(r.body, /name="password"[^>]*value=/, 'the password is never sent back');
    assert.doesNotMatch(r.body, /not-the-password/);
    assert.equal(r.setCookie.length, 0, 'no cookie on failure');
    assert.match(r.body, /<title>Error: /, 'the title says there is an error');
  });

  test('an unknown username gets the same answer as a wrong password', async () => {
    const r = await server.client().post('/sign-in', { username: 'nobody-here', password: 'whatever-it-is' }, { csrf: false });
    assert.equal(r.status, 422);
    assert.deepEqual(errorSummary(r.body), ['Enter a correct username and password']);
    assert.equal(inputValue(r.body, 'username'), 'nobody-here');
  });

  test('empty fields give both errors', async () => {
    const r = await server.client().post('/sign-in', { username: '', password: '' }, { csrf: false });
    assert.equal(r.status, 422);
    assert.deepEqual(errorSummary(r.body), ['Enter your username', 'Enter your password']);
    const only = await server.client().post('/sign-in', { username: 'bob', password: '' }, { csrf: false });
    assert.equal(only.status, 422);
    assert.deepEqual(errorSummary(only.body), ['Enter your password']);
    assert.equal(inputValue(only.body, 'username'), 'bob');
    const none = await server.client().post('/sign-in', {}, { csrf: false });
    assert.equal(none.status, 422, 'no fields at all');
    assert.deepEqual(errorSummary(none.body), ['Enter your username', 'Enter your password']);
  });

  test('sign-out ends the session: the old cookie then redirects to sign-in', async () => {
    const c = await server.signIn('alice');
    const token = c.cookies.get('sendmis_session');
    const r = await c.post('/sign-out', {});
    assert.equal(r.status, 303);
    assert.equal(r.location, '/sign-in');
    assert.ok(r.setCookie.some((s) => /^sendmis_session=;/.test(s) && /Max-Age=0/i.test(s)), 'the cookie is cleared');
    const replay = server.client();
    replay.cookies.set('sendmis_session', token);
    for (const p of ['/', '/people', '/oversight']) {
      const res = await replay.get(p);
      assert.equal(res.status, 303, `${p} after sign-out`);
      assert.ok(res.location.startsWith('/sign-in'), `${p} goes to sign-in`);
    }
    assert.equal((await replay.post('/people/new', { csrf: c.csrf }, { csrf: false })).status, 303);
  });

  test('a disabled user is signed out and cannot sign in again', async () => {
    const c = await server.signIn('carol');
    assert.equal((await c.get('/people')).status, 200);
    server.cli(['user', 'disable', 'carol']);
    const r = await c.get('/people');
    assert.equal(r.status, 303);
    assert.equal(r.location, '/sign-in?next=%2Fpeople');
    const again = await server.client().post('/sign-in', { username: 'carol', password: PASSWORD }, { csrf: false });
    assert.equal(again.status, 422);
    assert.deepEqual(errorSummary(again.body), ['Enter a correct username and password']);
    server.cli(['user', 'enable', 'carol']);
    await server.signIn('carol');
  });

  test('a password change signs the user out everywhere', async () => {
    const c = await server.signIn('dave');
    server.cli(['user', 'passwd', 'dave'], { input: 'a-brand-new-password\n' });
    assert.equal((await c.get('/')).status, 303);
    const old = await server.client().post('/sign-in', { username: 'dave', password: PASSWORD }, { csrf: false });
    assert.equal(old.status, 422);
    await server.signIn('dave', 'a-brand-new-password');
  });

  test('signed out, a page redirects to sign-in with next, and signing in returns there', async () => {
    const c = server.client();
    const r = await c.get('/oversight?category=ooa');
    assert.equal(r.status, 303);
    assert.equal(r.location, '/sign-in?next=%2Foversight');
    const form = await c.get('/sign-in?next=%2Foversight');
    assert.equal(inputValue(form.body, 'next'), '/oversight');
    const s = await c.post('/sign-in', { username: 'bob', password: PASSWORD, next: '/oversight' }, { csrf: false });
    assert.equal(s.status, 303);
    assert.equal(s.location, '/oversight');
  });

  test('next is followed only to a local path', async () => {
    const cases = {
      '/people?status=active': '/people?status=active',
      'https://evil.example/': '/',
      '//evil.example/x': '/',
      '/\\evil.example': '/',
      'http:/evil': '/',
      'javascript:alert(1)': '/',
      'people': '/',
    };
    for (const [next, want] of Object.entries(cases)) {
      const r = await server.client().post('/sign-in', { username: 'bob', password: PASSWORD, next }, { csrf: false });
      assert.equal(r.status, 303, `next=${next}`);
      assert.equal(r.location, want, `next=${next}`);
    }
    const form = await server.client().get('/sign-in?next=https%3A%2F%2Fevil.example%2F');
    assert.equal(inputValue(form.body, 'next'), null, 'a foreign next is not carried in the form');
    // kept through a failed attempt
    const bad = await server.client().post('/sign-in', { username: 'bob', password: 'wrong-password', next: '/people' }, { csrf: false });
    assert.equal(bad.status, 422);
    assert.equal(inputValue(bad.body, 'next'), '/people');
  });

  test('next with a tab or a line break never leads off-site or loses the redirect',
    async () => {
      for (const next of ['/\t/evil.example', '/\t\\evil.example', '/\n/evil.example', '/\r\n/evil.example']) {
        const r = await server.client().post('/sign-in', { username: 'bob', password: PASSWORD, next }, { csrf: false });
        assert.equal(r.status, 303, JSON.stringify(next));
        assert.ok(r.location, `${JSON.stringify(next)}: the redirect has a Location`);
        assert.equal(new URL(r.location, server.base).origin, server.base, `${JSON.stringify(next)} stays on this site (got ${JSON.stringify(r.location)})`);
        const form = await server.client().get('/sign-in', { next });
        const kept = inputValue(form.body, 'next');
        assert.ok(kept === null || new URL(kept, server.base).origin === server.base, `${JSON.stringify(next)} is not carried in the form`);
      }
    });

  test('a username over 64 characters is refused before any password check', async () => {
    const r = await server.client().post('/sign-in', { username: 'u'.repeat(65), password: 'long-enough-password' }, { csrf: false });
    assert.equal(r.status, 422);
    assert.deepEqual(errorSummary(r.body), ['Username must be 64 characters or fewer']);
  });

  test('CSRF: POST /sign-out without the token is 403 and the session survives', async () => {
    const c = await server.signIn('bob');
    const r = await c.post('/sign-out', {}, { csrf: false });
    assert.equal(r.status, 403);
    assert.match(text(r.body), /Your form could not be sent/);
    const wrong = await c.post('/sign-out', {}, { csrf: 'a'.repeat(64) });
    assert.equal(wrong.status, 403);
    const short = await c.post('/sign-out', {}, { csrf: c.csrf.slice(0, 10) });
    assert.equal(short.status, 403);
    assert.equal((await c.get('/')).status, 200, 'still signed in');
    // another session's token is not this session's
    const other = await server.signIn('bob');
    assert.notEqual(other.csrf, c.csrf);
    assert.equal((await c.post('/sign-out', {}, { csrf: other.csrf })).status, 403);
  });

  test('CSRF: a form POST without the token is 403 and writes nothing', async () => {
    const c = await server.signIn('bob');
    const fields = { forename: 'Nocsrf', surname: 'Person', 'dob-day': '1', 'dob-month': '1', 'dob-year': '2015', sex: 'F', upn_unknown: 'UN2' };
    const r = await c.post('/people/new', fields, { csrf: false });
    assert.equal(r.status, 403);
    const list = await c.get('/people', { q: 'Nocsrf' });
    assert.match(text(list.body), /0 children and young people match/);
    // a token in the query string does not count
    const q = await c.request('POST', `/people/new?csrf=${c.csrf}`, {
      body: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(q.status, 403);
  });

  test('pages send Content-Security-Policy, X-Content-Type-Options and Cache-Control: no-store', async () => {
    const c = await server.signIn('bob');
    const anon = server.client();
    const pages = [
      [anon, 'GET', '/sign-in'], [c, 'GET', '/'], [c, 'GET', '/people'], [c, 'GET', '/people.csv'], [c, 'GET', '/oversight'],
      [c, 'GET', '/establishments'], [c, 'GET', '/admin/audit'], [c, 'GET', '/nope'], [anon, 'GET', '/people'],
    ];
    for (const [cl, m, p] of pages) {
      const r = await cl.request(m, p);
      const csp = r.headers.get('content-security-policy');
      assert.ok(csp, `${p}: CSP`);
      assert.match(csp, /default-src 'self'/, `${p}: CSP default-src`);
      assert.match(csp, /frame-ancestors 'none'/, `${p}: CSP frame-ancestors`);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, `${p}: no unsafe script or style`);
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff', `${p}: nosniff`);
      assert.equal(r.headers.get('cache-control'), 'no-store', `${p}: no-store`);
      assert.equal(r.headers.get('x-frame-options'), 'DENY', `${p}: X-Frame-Options`);
    }
    const bad = await anon.post('/sign-in', { username: 'bob', password: 'nope-nope-nope' }, { csrf: false });
    assert.equal(bad.headers.get('cache-control'), 'no-store', 'error pages too');
    const asset = await anon.get('/assets/govuk-frontend.min.css');
    assert.equal(asset.status, 200);
    assert.equal(asset.headers.get('x-content-type-options'), 'nosniff', 'assets: nosniff');
    assert.match(asset.headers.get('content-type'), /^text\/css/);
  });

  test('assets: only plain names under /assets are served', async () => {
    const anon = server.client();
    for (const p of ['/assets/../sendmis.db', '/assets/%2e%2e/sendmis.db', '/assets/nope.css', '/assets/']) {
      const r = await anon.get(p);
      assert.equal(r.status, 404, p);
    }
  });
});

describe('failed sign-in limit', () => {
  let server;
  before(async () => {
    server = await startServer({ env: { SENDMIS_LOGIN_MAX_FAILURES: '3' } });
    server.createUser('manager', { username: 'erin' });
    server.createUser('manager', { username: 'frank' });
  });
  after(async () => {
    await server?.stop();
  });

  test('after SENDMIS_LOGIN_MAX_FAILURES failures even the right password is refused with 429', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await server.client().post('/sign-in', { username: 'erin', password: `wrong-password-${i}` }, { csrf: false });
      assert.equal(r.status, 422, `failure ${i + 1}`);
    }
    const r = await server.client().post('/sign-in', { username: 'erin', password: PASSWORD }, { csrf: false });
    assert.equal(r.status, 429);
    assert.equal(r.setCookie.length, 0, 'no session');
    const msgs = errorSummary(r.body);
    assert.equal(msgs.length, 1);
    assert.match(msgs[0], /Too many failed attempts to sign in\. Wait \d+ minutes, then try again/);
    assert.equal(inputValue(r.body, 'username'), 'erin');
    // another user is not locked out by erin's failures
    await server.signIn('frank');
  });

  test('failures from one address across many usernames lock the address (4 x the limit)', async () => {
    // erin's 3 failures (and the refused attempt, which is not counted) are already in the window
    for (let i = 0; i < 9; i++) {
      const r = await server.client().post('/sign-in', { username: `ghost${i}`, password: 'wrong-password' }, { csrf: false });
      assert.equal(r.status, 422, `failure ${i + 4} from this address`);
    }
    const r = await server.client().post('/sign-in', { username: 'frank', password: PASSWORD }, { csrf: false });
    assert.equal(r.status, 429, 'the 13th attempt from this address is refused, whatever the username');
  });
});

describe('request bodies', () => {
  let server, c, pid;
  before(async () => {
    server = await startServer();
    c = await server.userClient('manager');
    const r = await c.post('/people/new', {
      forename: 'Body', surname: 'Limits', 'dob-day': '1', 'dob-month': '2', 'dob-year': '2016', sex: 'M', upn_unknown: 'UN2',
    });
    assert.equal(r.status, 303);
    pid = Number(/\/people\/(\d+)/.exec(r.location)[1]);
  });
  after(async () => {
    await server?.stop();
  });

  test('a body over the route limit is 413', async () => {
    const r = await c.post(`/people/${pid}/notes/new`, { body: 'x'.repeat(20 * 1024) });
    assert.equal(r.status, 413);
    assert.match(text(r.body), /Too much data/);
    const page = await c.get(`/people/${pid}`);
    assert.match(text(page.body), /No notes\./, 'nothing was saved');
    // just under the limit is read (and the note's own limit then applies)
    const under = await c.post(`/people/${pid}/notes/new`, { body: 'y'.repeat(15 * 1024) });
    assert.equal(under.status, 422);
    assert.deepEqual(errorSummary(under.body), ['Note must be 5000 characters or fewer']);
  });

  test('a POST with Content-Type text/plain is 415', async () => {
    const r = await c.request('POST', `/people/${pid}/notes/new`, {
      body: `csrf=${c.csrf}&body=hello`,
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(r.status, 415);
    assert.match(text(r.body), /Unsupported form encoding/);
    const mp = await c.request('POST', `/people/${pid}/notes/new`, {
      body: `--b\r\nContent-Disposition: form-data; name="body"\r\n\r\nhi\r\n--b--\r\n`,
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
    });
    assert.equal(mp.status, 415, 'multipart is not accepted either');
    const none = await c.request('POST', `/people/${pid}/notes/new`, { body: 'body=hello' });
    assert.equal(none.status, 415, 'a body with no form content type');
    assert.match(text((await c.get(`/people/${pid}`)).body), /No notes\./, 'nothing was saved');
  });

  test('control characters in a value are refused with 400', async () => {
    const r = await c.post(`/people/${pid}/notes/new`, { body: 'bell\u0007here' });
    assert.equal(r.status, 400);
    assert.match(text(r.body), /The value of 'body' contains characters that are not allowed/);
  });
});
