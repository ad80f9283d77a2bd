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
    const r = await c.signInPost({ username: 'alice', password: PASSWORD });
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
    const r = await c.signInPost({ username: 'alice', password: PASSWORD });
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
    const r = await server.client().signInPost({ username: 'bob', password: 'not-the-password' });
    assert.equal(r.status, 422);
    assert.deepEqual(errorSummary(r.body), ['Enter a correct username and password']);
    assert.match(r.body, /There is a problem/);
    assert.equal(inputValue(r.body, 'username'), 'bob');
    assert.doesNotMatch(r.body, /name="password"[^>]*value=/, 'the password is never sent back');
    assert.doesNotMatch(r.body, /not-the-password/);
    assert.ok(!r.setCookie.some((c) => c.startsWith('sendmis_session=')), 'no session cookie on failure');
    assert.match(r.body, /<title>Error: /, 'the title says there is an error');
  });

  test('an unknown username gets the same answer as a wrong password', async () => {
    const r = await server.client().signInPost({ username: 'nobody-here', password: 'whatever-it-is' });
    assert.equal(r.status, 422);
    assert.deepEqual(errorSummary(r.body), ['Enter a correct username and password']);
    assert.equal(inputValue(r.body, 'username'), 'nobody-here');
  });

  test('empty fields give both errors', async () => {
    const r = await server.client().signInPost({ username: '', password: '' });
    assert.equal(r.status, 422);
    assert.deepEqual(errorSummary(r.body), ['Enter your username', 'Enter your password']);
    const only = await server.client().signInPost({ username: 'bob', password: '' });
    assert.equal(only.status, 422);
    assert.deepEqual(errorSummary(only.body), ['Enter your password']);
    assert.equal(inputValue(only.body, 'username'), 'bob');
    const none = await server.client().signInPost({});
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
    const again = await server.client().signInPost({ username: 'carol', password: PASSWORD });
    assert.equal(again.status, 422);
    assert.deepEqual(errorSummary(again.body), ['Enter a correct username and password']);
    server.cli(['user', 'enable', 'carol']);
    await server.signIn('carol');
  });

  test('a password change signs the user out everywhere', async () => {
    const c = await server.signIn('dave');
    server.cli(['user', 'passwd', 'dave'], { input: 'a-brand-new-password\n' });
    assert.deepEqual(await c.get('/people').then((x) => [x.status, x.location]), [303, '/sign-in?next=%2Fpeople']);
    const old = await server.client().signInPost({ username: 'dave', password: PASSWORD });
    assert.equal(old.status, 422);
    await server.signIn('dave', 'a-brand-new-password');
  });

  test('signed out, a page redirects to sign-in with next, and signing in returns there', async () => {
    const c = server.client();
    const r = await c.get('/oversight?category=ooa');
    assert.equal(r.status, 303);
    assert.equal(r.location, '/sign-in?next=%2Foversight%3Fcategory%3Dooa');
    const form = await c.get(r.location);
    assert.equal(inputValue(form.body, 'next'), '/oversight?category=ooa');
    const s = await c.signInPost({ username: 'bob', password: PASSWORD, next: '/oversight?category=ooa' });
    assert.equal(s.status, 303);
    assert.equal(s.location, '/oversight?category=ooa');
    // a query too long to come back to whole comes back to the page without it
    const long = await server.client().get(`/people?q=${'a'.repeat(95)}&sort=dob&status=active&need=ASD${'&page=1'.repeat(50)}`);
    assert.equal(long.status, 303);
    assert.equal(long.location, '/sign-in?next=%2Fpeople');
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
      const r = await server.client().signInPost({ username: 'bob', password: PASSWORD, next });
      assert.equal(r.status, 303, `next=${next}`);
      assert.equal(r.location, want, `next=${next}`);
    }
    const form = await server.client().get('/sign-in?next=https%3A%2F%2Fevil.example%2F');
    assert.equal(inputValue(form.body, 'next'), null, 'a foreign next is not carried in the form');
    // kept through a failed attempt
    const bad = await server.client().signInPost({ username: 'bob', password: 'wrong-password', next: '/people' });
    assert.equal(bad.status, 422);
    assert.equal(inputValue(bad.body, 'next'), '/people');
  });

  test('next with a tab or a line break never leads off-site or loses the redirect',
    async () => {
      for (const next of ['/\t/evil.example', '/\t\\evil.example', '/\n/evil.example', '/\r\n/evil.example']) {
        const r = await server.client().signInPost({ username: 'bob', password: PASSWORD, next });
        assert.equal(r.status, 303, JSON.stringify(next));
        assert.ok(r.location, `${JSON.stringify(next)}: the redirect has a Location`);
        assert.equal(new URL(r.location, server.base).origin, server.base, `${JSON.stringify(next)} stays on this site (got ${JSON.stringify(r.location)})`);
        const form = await server.client().get('/sign-in', { next });
        const kept = inputValue(form.body, 'next');
        assert.ok(kept === null || new URL(kept, server.base).origin === server.base, `${JSON.stringify(next)} is not carried in the form`);
      }
    });

  test('a username over 64 characters is refused before any password check', async () => {
    const r = await server.client().signInPost({ username: 'u'.repeat(65), password: 'long-enough-password' });
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
    assert.equal((await c.get('/team')).status, 200, 'still signed in');
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
    const bad = await anon.signInPost({ username: 'bob', password: 'nope-nope-nope' });
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
      const r = await server.client().signInPost({ username: 'erin', password: `wrong-password-${i}` });
      assert.equal(r.status, 422, `failure ${i + 1}`);
    }
    const r = await server.client().signInPost({ username: 'erin', password: PASSWORD });
    assert.equal(r.status, 429);
    assert.ok(!r.setCookie.some((c) => c.startsWith('sendmis_session=')), 'no session');
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
      const r = await server.client().signInPost({ username: `ghost${i}`, password: 'wrong-password' });
      assert.equal(r.status, 422, `failure ${i + 4} from this address`);
    }
    const r = await server.client().signInPost({ username: 'frank', password: PASSWORD });
    assert.equal(r.status, 429, 'the 13th attempt from this address is refused, whatever the username');
  });
});

describe('the sign-in form carries its own token (login CSRF)', () => {
  let server;
  before(async () => {
    server = await startServer({ env: { SENDMIS_LOGIN_MAX_FAILURES: '3' } });
    server.createUser('caseworker', { username: 'gina' });
    server.createUser('caseworker', { username: 'ivy' });
    server.createUser('caseworker', { username: 'hank' });
  });
  after(async () => {
    await server?.stop();
  });

  test('the form page sets a SameSite=Strict token cookie for /sign-in and puts the same token in the form', async () => {
    const r = await server.client().get('/sign-in');
    const sc = r.setCookie.find((c) => c.startsWith('sendmis_signin='));
    assert.ok(sc, 'a sign-in token cookie');
    assert.match(sc, /;\s*Path=\/sign-in(;|$)/);
    assert.match(sc, /;\s*HttpOnly(;|$)/i);
    assert.match(sc, /;\s*SameSite=Strict(;|$)/i);
    const tok = /^sendmis_signin=([0-9a-f]{64});/.exec(sc)[1];
    assert.ok(r.body.includes(`<input type="hidden" name="csrf" value="${tok}">`), 'the same token in the form');
  });

  test('a sign-in without the token, or with one that is not the cookie’s, is refused before the password is tried', async () => {
    for (const token of [false, 'f'.repeat(64), 'short']) {
      const c = server.client();
      const r = await c.signInPost({ username: 'gina', password: PASSWORD }, { token });
      assert.equal(r.status, 403, `token ${token}`);
      assert.ok(!r.setCookie.some((x) => x.startsWith('sendmis_session=')), 'no session');
      assert.match(errorSummary(r.body)[0], /Your sign-in form was out of date or not sent from sendmis/);
      assert.equal(inputValue(r.body, 'username'), 'gina', 'the username is kept');
      // the page it answers with is a fresh form that works
      const m = /<input type="hidden" name="csrf" value="([0-9a-f]{64})">/.exec(r.body);
      const ok = await c.post('/sign-in', { username: 'gina', password: PASSWORD }, { csrf: m[1] });
      assert.equal(ok.status, 303, 'the fresh form signs in');
    }
    // a token from another browser's cookie does not work in this one
    const other = server.client();
    await other.get('/sign-in');
    const mine = server.client();
    const page = await mine.get('/sign-in');
    const theirs = other.cookies.get('sendmis_signin');
    assert.notEqual(theirs, mine.cookies.get('sendmis_signin'));
    assert.ok(page.body.includes('name="csrf"'));
    const r = await mine.post('/sign-in', { username: 'gina', password: PASSWORD }, { csrf: theirs });
    assert.equal(r.status, 403);
  });

  test('refused tokens do not count as failed passwords, and a successful sign-in clears earlier failures', async () => {
    for (let i = 0; i < 4; i++)
      assert.equal((await server.client().signInPost({ username: 'ivy', password: `wrong-${i}` }, { token: false })).status, 403);
    assert.equal((await server.client().signInPost({ username: 'ivy', password: PASSWORD })).status, 303,
      'four refused forms are not four failed passwords');
    // 2 failures, a success, then 2 more failures: the limit of 3 is not reached
    for (const round of [1, 2]) {
      for (let i = 0; i < 2; i++)
        assert.equal((await server.client().signInPost({ username: 'gina', password: `wrong-${round}-${i}` })).status, 422);
      const ok = await server.client().signInPost({ username: 'gina', password: PASSWORD });
      assert.equal(ok.status, 303, `round ${round}: the right password still signs in`);
    }
    for (let i = 0; i < 3; i++)
      await server.client().signInPost({ username: 'gina', password: `wrong-again-${i}` });
    assert.equal((await server.client().signInPost({ username: 'gina', password: PASSWORD })).status, 429,
      'three failures in a row since the last success still lock the username');
  });

  test('signing in from a page with a query string comes back to the same query', async () => {
    const c = server.client();
    const r = await c.get('/people?q=Smith&sort=dob');
    assert.equal(r.status, 303);
    assert.equal(r.location, '/sign-in?next=%2Fpeople%3Fq%3DSmith%26sort%3Ddob');
    const form = await c.get(r.location);
    assert.equal(inputValue(form.body, 'next'), '/people?q=Smith&sort=dob');
    const s = await c.signInPost({ username: 'hank', password: PASSWORD, next: '/people?q=Smith&sort=dob' });
    assert.equal(s.status, 303);
    assert.equal(s.location, '/people?q=Smith&sort=dob');
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
    const page = await c.record(pid);
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
    assert.match(text((await c.record(pid)).body), /No notes\./, 'nothing was saved');
  });

  test('control characters in a value are refused with 400', async () => {
    const r = await c.post(`/people/${pid}/notes/new`, { body: 'bell\u0007here' });
    assert.equal(r.status, 400);
    assert.match(text(r.body), /The value of 'body' contains characters that are not allowed/);
  });
});
