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

// Starts sendmis on a fresh demo database.  Returns { base, db, dir, log(), stop() }.
export async function startServer({ plans = 200, seed = 3 } = {}) {
	const dir = await mkdtemp(join(tmpdir(), 'sendmis-browser-'));
	const db = join(dir, 'sendmis.db');
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
