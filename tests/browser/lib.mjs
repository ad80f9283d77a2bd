// lib.mjs — shared helpers for the browser tests (node:test + playwright-core).
//
// Each test file starts its own sendmis on a fresh demo database and a free
// port, drives Debian's chromium (never a downloaded browser) and stops both
// when it is done.  Nothing here sleeps for a fixed time: the server is
// polled until it answers, and pages are awaited through Playwright.
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, mkdir, rm, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { newDb } from '../http/lib.mjs';

const run = promisify(execFile);
const require = createRequire(import.meta.url);

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = process.env.SENDMIS_BIN ? resolve(process.env.SENDMIS_BIN) : join(ROOT, 'sendmis');
export const ASSETS = join(ROOT, 'build', 'static');
export const SCREENS = join(ROOT, 'build', 'screens');
export const PASSWORD = 'sendmis-demo';
export const AXE_PATH = require.resolve('axe-core/axe.min.js');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export const CHROMIUM_ARGS = [
	'--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
	'--disable-background-networking', '--disable-component-update', '--disable-sync',
];

function freePort() {
	return new Promise((ok, fail) => {
		const s = createServer();
		s.unref();
		s.on('error', fail);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => ok(port));
		});
	});
}

// The environment for sendmis: ours, without any SENDMIS_* setting the
// caller's shell may carry (a different database, port or LA would change
// what the pages show).
function serverEnv() {
	const env = {};
	for (const [k, v] of Object.entries(process.env))
		if (!k.startsWith('SENDMIS_'))
			env[k] = v;
	env.SENDMIS_ASSETS_DIR = ASSETS;
	return env;
}

async function waitForServer(base, child, ms) {
	const until = Date.now() + ms;
	let last;
	while (Date.now() < until) {
		if (child.exitCode !== null || child.signalCode !== null)
			throw new Error(`sendmis serve exited (${child.exitCode ?? child.signalCode}) before answering: ${last ?? ''}`);
		try {
			const res = await fetch(`${base}/sign-in`, { redirect: 'manual', signal: AbortSignal.timeout(1000) });
			if (res.status === 200)
				return;
			last = `status ${res.status}`;
		} catch (e) {
			last = e.message;
		}
		// poll, not an assertion: wait for the child to exit or the next tick
		await new Promise((ok) => setTimeout(ok, 50));
	}
	throw new Error(`sendmis did not answer at ${base} within ${ms} ms: ${last}`);
}

// Starts sendmis on a fresh demo database (a SQLite file, or with
// SENDMIS_TEST_STORE=postgresql a PostgreSQL database: the HTTP suite's newDb).
// Returns { base, db, dir, log(), stop() }.
export async function startServer({ plans = 200, seed = 3 } = {}) {
	const dir = await mkdtemp(join(tmpdir(), 'sendmis-browser-'));
	const db = newDb(dir, 'sendmis.db');
	const env = serverEnv();
	await run(BIN, ['demo', '--plans', String(plans), '--seed', String(seed), '--db', db], { cwd: ROOT, env });
	let lastErr;
	for (let attempt = 0; attempt < 3; attempt++) {
		const port = await freePort();
		const base = `http://127.0.0.1:${port}`;
		const child = spawn(BIN, ['serve', '--listen', `127.0.0.1:${port}`, '--db', db],
			{ cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (d) => { output += d; });
		child.stderr.on('data', (d) => { output += d; });
		const exited = new Promise((ok) => child.once('exit', ok));
		try {
			await waitForServer(base, child, 15000);
		} catch (e) {
			lastErr = new Error(`${e.message}\n${output}`);
			if (child.exitCode === null && child.signalCode === null) {
				child.kill('SIGTERM');
				await exited;
			}
			continue; // the port may have been taken between probe and bind
		}
		return {
			base, db, dir,
			log: () => output,
			async stop() {
				if (child.exitCode === null && child.signalCode === null) {
					child.kill('SIGTERM');
					const t = setTimeout(() => child.kill('SIGKILL'), 5000);
					await exited;
					clearTimeout(t);
				}
				// the stored statutory clock the suite's writes left behind agrees with the records
				try {
					await run(BIN, ['clock', 'verify', '--db', db], { cwd: ROOT, env });
				} catch (e) {
					await rm(dir, { recursive: true, force: true });
					throw new Error(`sendmis clock verify found the stored clock differs from the records:\n${e.stdout || ''}${e.stderr || ''}${e.message}`);
				}
				await rm(dir, { recursive: true, force: true });
			},
		};
	}
	await rm(dir, { recursive: true, force: true });
	throw lastErr;
}

export function launchBrowser() {
	return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

// Collects what the browser reports as wrong with the page: uncaught
// exceptions, console errors (CSP refusals, failed loads) and HTTP errors
// for sub-resources.  `problems` is an array to read after the steps.
export function watchPage(page) {
	const problems = [];
	page.on('pageerror', (e) => problems.push(`${page.url()}: uncaught exception: ${e.message}`));
	page.on('console', (m) => {
		if (m.type() !== 'error')
			return;
		const text = m.text();
		// a page answered 4xx on purpose (a form with errors is a 422): the
		// document itself is not a failed load
		if (text.startsWith('Failed to load resource') && m.location().url === page.url())
			return;
		// CSP messages are long and all alike after their first sentence
		problems.push(`${page.url()}: console error: ${text.replace(/\. Either the 'unsafe-inline'[\s\S]*$/, '')}`);
	});
	page.on('response', (res) => {
		const req = res.request();
		if (req.resourceType() !== 'document' && res.status() >= 400)
			problems.push(`${page.url()}: ${req.resourceType()} ${res.url()} answered ${res.status()}`);
	});
	return problems;
}

// Signs in through the form, as a person would.
export async function signIn(page, base, username, password = PASSWORD) {
	await page.goto(`${base}/sign-in`);
	await page.getByLabel('Username').fill(username);
	await page.getByLabel('Password').fill(password);
	await Promise.all([
		page.waitForURL((u) => !u.pathname.startsWith('/sign-in')),
		page.getByRole('button', { name: 'Sign in' }).click(),
	]);
}

export async function screenshot(page, name) {
	await mkdir(SCREENS, { recursive: true });
	const path = join(SCREENS, `${name}.png`);
	await page.screenshot({ path, fullPage: true });
	return path;
}

// Runs axe-core on the page as it is now, WCAG 2.2 AA rules only, and
// returns the violations.  The page's Content-Security-Policy (script-src
// 'self') refuses an injected <script>; when it does, the same file is
// evaluated through the DevTools protocol, which CSP does not govern, so
// the page is audited exactly as users get it.
let axeSource, cspRefusesAxe = false;
export async function runAxe(page) {
	const loaded = () => page.evaluate(() => typeof window.axe === 'object' && typeof window.axe.run === 'function');
	if (!(await loaded())) {
		if (!cspRefusesAxe) {
			try {
				await page.addScriptTag({ path: AXE_PATH });
			} catch {
				cspRefusesAxe = true; // and it will on every page: go straight to evaluate next time
			}
		}
		if (!(await loaded())) {
			axeSource ??= await readFile(AXE_PATH, 'utf8');
			await page.evaluate(axeSource);
		}
	}
	return page.evaluate(async (tags) => {
		const res = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
		return res.violations.map((v) => ({
			id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
			nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, summary: n.failureSummary })),
		}));
	}, AXE_TAGS);
}

export function formatViolations(violations) {
	return violations.map((v) => {
		const first = v.nodes[0];
		const target = first ? first.target.join(' ') : '';
		return `  ${v.id} [${v.impact}] ${v.help}\n    first of ${v.nodes.length}: ${target}\n    ${first ? first.html.slice(0, 200) : ''}`;
	}).join('\n');
}

// ---- the page as a person sees it: width, font, headings, landmarks -------------

// The widths every page must fit without scrolling sideways: a laptop and a phone.
export const WIDTHS = [1280, 390];

// What is wrong with the page as it is now (an array of messages, empty when
// nothing is): at each of WIDTHS the document must be no wider than the window
// (a wide table scrolls inside its own wrapper, never the page); and at any
// width, every piece of text is in the GOV.UK font, no table header is blank,
// an MOJ timeline's title and byline are separated, everything but the skip
// link is inside a landmark, and no date is shown in ISO form.  The viewport is put back as it was, so a test can
// go on from the same page in the same state.
export async function checkLayout(page) {
	const problems = [];
	const where = new URL(page.url()).pathname + new URL(page.url()).search;
	const before = page.viewportSize() || { width: 1280, height: 720 };
	try {
		for (const width of WIDTHS) {
			await page.setViewportSize({ width, height: before.height });
			const w = await page.evaluate(() => {
				const W = window.innerWidth;
				const sw = document.documentElement.scrollWidth;
				if (sw <= W)
					return null;
				// the outermost elements that reach past the window, to say what to fix
				const wide = [];
				for (const el of document.body.querySelectorAll('*')) {
					const r = el.getBoundingClientRect();
					if (r.width && r.right > W + 1 && (!el.parentElement || el.parentElement.getBoundingClientRect().right <= W + 1))
						wide.push(`${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''} (right edge ${Math.round(r.right)})`);
				}
				return { sw, wide: wide.slice(0, 3) };
			});
			if (w)
				problems.push(`${where}: ${w.sw} px wide in a ${width} px window: ${w.wide.join(', ') || 'nothing reported'}`);
		}
	} finally {
		await page.setViewportSize(before);
	}
	problems.push(...(await page.evaluate(() => {
		const out = [];
		// rendered and not hidden (checkVisibility also sees a closed <details>'s content-visibility)
		const visible = (el) => {
			const r = el.getBoundingClientRect();
			return el.checkVisibility({ visibilityProperty: true, opacityProperty: true }) && r.width > 1 && r.height > 1;
		};
		const ownText = (el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
		const LANDMARK = 'header, nav, main, footer, aside, form[aria-label], section[aria-label], section[aria-labelledby], '
			+ '[role="banner"], [role="navigation"], [role="main"], [role="contentinfo"], [role="region"], [role="complementary"], [role="search"]';
		const fonts = new Set(), outside = new Set();
		for (const el of document.body.querySelectorAll('*')) {
			if (!ownText(el) || el.closest('script, style, noscript, template') || !visible(el))
				continue;
			const name = `<${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? ` class="${el.className.trim()}"` : ''}> "${el.textContent.trim().slice(0, 40)}"`;
			if (!el.closest('code, pre, kbd, samp') && !getComputedStyle(el).fontFamily.includes('GDS Transport'))
				fonts.add(`text not in the GOV.UK font (${getComputedStyle(el).fontFamily}): ${name}`);
			if (!el.closest(LANDMARK) && !el.closest('.govuk-skip-link'))
				outside.add(`text outside any landmark: ${name}`);
		}
		out.push(...[...fonts].slice(0, 3), ...[...outside].slice(0, 3));
		for (const th of document.querySelectorAll('th'))
			if (!th.textContent.trim())
				out.push(`a table header with no text (give it visually hidden words): ${th.outerHTML.slice(0, 80)}`);
		// MOJ's timeline title and byline sit on one line (both inline): they need a space between them,
		// measured on the screen (innerText breaks after a <p> whether it is inline or not)
		const lineRects = (el) => {
			const r = document.createRange();
			r.selectNodeContents(el);
			return [...r.getClientRects()].filter((x) => x.width > 0);
		};
		for (const h of document.querySelectorAll('.moj-timeline__header')) {
			const t = h.querySelector('.moj-timeline__title'), b = h.querySelector('.moj-timeline__byline');
			if (!t || !b || !visible(t) || !visible(b))
				continue;   /* in a closed <details>, say */
			const tr = lineRects(t), br = lineRects(b);
			const last = tr[tr.length - 1], first = br[0];
			if (last && first && Math.abs(last.top - first.top) < last.height / 2 && first.left - last.right < 2)
				out.push(`an MOJ timeline title runs into its byline: "${t.textContent.trim().slice(-30)}${b.textContent.trim().slice(0, 30)}"`);
		}
		// dates are read as GOV.UK writes them ("3 March 2026", "3 March 2026 at 2:05pm"): none in ISO form,
		// in the text or in a box a person reads (codes and file names excepted)
		const iso = /\b\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?Z?)?\b|\b(19|20)\d{2}-(0[1-9]|1[0-2])\b/;
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		const isoSeen = new Set();
		for (let n = walker.nextNode(); n; n = walker.nextNode()) {
			const el = n.parentElement, m = iso.exec(n.textContent);
			if (m && el && !el.closest('code, pre, script, style') && visible(el))
				isoSeen.add(`a date in ISO form shown to people: "${m[0]}" in ${el.tagName.toLowerCase()} "${n.textContent.trim().slice(0, 60)}"`);
		}
		for (const input of document.querySelectorAll('input[type="text"], input:not([type])')) {
			const m = iso.exec(input.value);
			if (m && visible(input))
				isoSeen.add(`a date in ISO form in the box ${input.name}: "${input.value}"`);
		}
		out.push(...[...isoSeen].slice(0, 3));
		return out;
	})).map((p) => `${where}: ${p}`));
	return problems;
}

// Records the address of every HTML page (GET, not an error) the tab loads, so a
// journey that moves by clicking can check each of them (checkVisited).
export function trackVisits(page) {
	const urls = [];
	page.on('response', (res) => {
		const req = res.request();
		// pages only: a download (a PDF, a spreadsheet) is no page to lay out
		if (req.isNavigationRequest() && req.frame() === page.mainFrame() && req.method() === 'GET' && res.status() < 300 &&
		    /^text\/html/.test(res.headers()['content-type'] || ''))
			urls.push(res.url());
	});
	return urls;
}

// Opens each address in `urls` not checked yet (urls.checked counts them) in
// a tab of its own in the same session, and returns checkLayout's problems.
export async function checkVisited(context, urls) {
	const problems = [];
	urls.checked ??= 0;
	const todo = [...new Set(urls.slice(urls.checked))];
	urls.checked = urls.length;
	if (!todo.length)
		return problems;
	const tab = await context.newPage();
	try {
		for (const u of todo) {
			await tab.goto(u);
			problems.push(...await checkLayout(tab));
		}
	} finally {
		await tab.close();
	}
	return problems;
}

// A child's whole record as HTML, through a Playwright APIRequestContext:
// the overview and every tab its sub-navigation links to, one after another.
export async function recordHtml(request, base, pid) {
	let html = await (await request.get(`${base}/people/${pid}`)).text();
	const tabs = [...html.matchAll(/class="moj-sub-navigation__link" (?:aria-current="page" )?href="([^"]+)"/g)]
		.map((m) => m[1]).filter((h) => h !== `/people/${pid}`);
	for (const h of tabs)
		html += await (await request.get(`${base}${h}`)).text();
	return html;
}

// Opens one tab of a child's record ("Overview", "Timeline", "Plan",
// "History") from its sub-navigation, as a person would.
export async function openTab(page, name) {
	const nav = page.getByRole('navigation', { name: "Child's record" });
	const link = nav.getByRole('link', { name, exact: true });
	const href = await link.getAttribute('href');
	await Promise.all([page.waitForURL((u) => u.pathname === href), link.click()]);
	await nav.locator('[aria-current="page"]', { hasText: name }).waitFor();
}
