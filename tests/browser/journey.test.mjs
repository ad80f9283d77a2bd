// journey.test.mjs — the "done when" journey, as a caseworker does it:
// sign in, find a child, see where they are now, change their placement
// (first wrongly, then rightly), then check the oversight list.  Run twice:
// with JavaScript enabled and with it disabled, since every page must work
// without JavaScript.  Screenshots of each step go to build/screens/.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, signIn, screenshot, watchPage, checkLayout, trackVisits, checkVisited, openTab } from './lib.mjs';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
	'October', 'November', 'December'];
const longDate = ({ d, m, y }) => `${d} ${MONTHS[m - 1]} ${y}`;

// The text of a summary-list value, found by its key, inside `scope`.
function summaryValue(scope, key) {
	return scope.locator('.govuk-summary-list__row')
		.filter({ has: scope.page().locator('dt.govuk-summary-list__key', { hasText: new RegExp(`^\\s*${key}\\s*$`) }) })
		.locator('dd.govuk-summary-list__value');
}

function dateGroup(page, legend) {
	return page.getByRole('group', { name: legend, exact: true });
}

async function readDate(page, legend) {
	const g = dateGroup(page, legend);
	return {
		d: await g.getByLabel('Day', { exact: true }).inputValue(),
		m: await g.getByLabel('Month', { exact: true }).inputValue(),
		y: await g.getByLabel('Year', { exact: true }).inputValue(),
	};
}

async function fillDate(page, legend, { d, m, y }) {
	const g = dateGroup(page, legend);
	await g.getByLabel('Day', { exact: true }).fill(String(d));
	await g.getByLabel('Month', { exact: true }).fill(String(m));
	await g.getByLabel('Year', { exact: true }).fill(String(y));
}

function journey(label, { javaScriptEnabled, pick }) {
	const shot = (page, step) => screenshot(page, `${label}-${step}`);

	describe(`journey with JavaScript ${javaScriptEnabled ? 'enabled' : 'disabled'}`, () => {
		let srv, browser, context, page, problems, visits;
		// what the steps learn and hand on
		const child = {};
		let failed = false;

		before(async () => {
			srv = await startServer();
			browser = await launchBrowser();
			context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 900 } });
			page = await context.newPage();
			page.setDefaultTimeout(10000);
			problems = watchPage(page);
			visits = trackVisits(page);
		});

		after(async () => {
			await context?.close();
			await browser?.close();
			await srv?.stop();
		});

		// Each step needs the ones before it; after a failure the rest are skipped
		// rather than reported as more failures of the same cause.
		const step = (name, opts, fn) => {
			if (typeof opts === 'function')
				[fn, opts] = [opts, {}];
			it(name, opts, async (t) => {
				if (failed && !opts.independent) {
					t.skip('an earlier step failed');
					return;
				}
				try {
					await fn(t);
					// every page the step went through, and the one it ends on, as people see it
					const layout = [...await checkVisited(context, visits), ...await checkLayout(page)];
					assert.deepEqual(layout, [], `the pages as people see them:\n  ${layout.join('\n  ')}`);
				} catch (e) {
					if (!opts.todo && !opts.independent)
						failed = true;
					throw e;
				}
			});
		};

		step('signs in as caseworker1 through the sign-in form', async () => {
			await page.goto(`${srv.base}/`);
			// not signed in: the home page sends you to sign in
			assert.equal(new URL(page.url()).pathname, '/sign-in');
			await page.getByLabel('Username').fill('caseworker1');
			await page.getByLabel('Password').fill('sendmis-demo');
			await shot(page, '01-sign-in');
			await Promise.all([
				page.waitForURL((u) => u.pathname === '/'),
				page.getByRole('button', { name: 'Sign in' }).click(),
			]);
			await page.getByRole('heading', { level: 1, name: 'My caseload' }).waitFor();
			assert.match(await page.locator('body').innerText(), /Signed in as Sam Robinson \(caseworker\)/);
			await shot(page, '02-caseload');
		});

		step('finds a child from the caseload through the search box and opens their page', async () => {
			// A child on my caseload with an active plan and a current placement.
			const rows = page.locator('main table tbody tr');
			const n = await rows.count();
			assert.ok(n > 0, 'caseload has rows');
			const candidates = [];
			for (let i = 0; i < n; i++) {
				const cells = await rows.nth(i).locator('td').allInnerTexts();
				if (/Active plan/.test(cells[2]) && !/No current placement/.test(cells[4])) {
					const a = rows.nth(i).locator('td').first().getByRole('link');
					candidates.push({ name: (await a.innerText()).trim(), href: await a.getAttribute('href') });
				}
			}
			assert.ok(candidates.length > pick, `caseload has at least ${pick + 1} children with an active plan and a placement`);
			Object.assign(child, candidates[pick]);
			child.surname = child.name.split(' ').pop();

			await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Children', exact: true }).click();   // the Children group opens the register
			await page.getByRole('heading', { level: 1, name: 'Children and young people' }).waitFor();
			await page.getByLabel('Search', { exact: true }).fill(child.surname);
			await shot(page, '03-search');
			await Promise.all([
				page.waitForURL((u) => u.pathname === '/people' && u.searchParams.get('q') === child.surname),
				page.getByRole('button', { name: 'Apply filters' }).click(),
			]);
			assert.equal(await page.getByLabel('Search', { exact: true }).inputValue(), child.surname, 'search box keeps the surname');
			const count = await page.locator('#result-count').innerText();
			assert.match(count, /^\d+ (child or young person|children and young people) match/);
			// every row found has that surname
			const names = await page.locator('main table tbody tr td:first-child').allInnerTexts();
			assert.ok(names.length >= 1, 'at least one match');
			for (const nm of names)
				assert.match(nm, new RegExp(child.surname, 'i'), `row "${nm}" matches the search`);
			await shot(page, '04-search-results');
			const link = page.locator(`main table a[href="${child.href}"]`);
			assert.equal((await link.innerText()).trim(), child.name);
			await Promise.all([page.waitForURL((u) => u.pathname === child.href), link.click()]);
			await page.getByRole('heading', { level: 1, name: child.name }).waitFor();
		});

		step('the "Where they are now" card shows the placement and "Next review due by"', async () => {
			const card = page.locator('.govuk-summary-card').filter({
				has: page.getByRole('heading', { name: 'Where they are now' }),
			});
			await card.waitFor();
			const placed = summaryValue(card, 'Placed at').first();
			const text = (await placed.innerText()).trim();
			const since = text.match(/Since (\d{1,2} \w+ \d{4})/);
			assert.ok(since, `placement has a start date: ${text}`);
			child.since = since[1];
			const estab = placed.getByRole('link');
			child.setting = (await estab.count()) ? (await estab.first().innerText()).trim() : text.split('\n')[0].replace(/ (Out of area|Residential)/g, '').trim();
			assert.ok(child.setting.length > 0, 'placement names a setting');
			const due = (await summaryValue(card, 'Next review due by').innerText()).trim();
			assert.match(due, /^\d{1,2} \w+ \d{4}/, `next review due is a date: ${due}`);
			assert.ok((await summaryValue(card, 'Caseworker').innerText()).includes('Sam Robinson'));
			await shot(page, '05-person');
		});

		step('"Change placement" with an end date before the start date shows the error summary and keeps what was typed', async () => {
			// the card for the current placement: its title is the setting and its start date matches
			const cards = page.locator('#placements ~ .govuk-summary-card').filter({
				has: page.getByRole('heading', { level: 3, name: child.setting, exact: true }),
			});
			let card;
			for (let i = 0; i < await cards.count(); i++) {
				if ((await summaryValue(cards.nth(i), 'Start date').innerText()).trim() === child.since) {
					card = cards.nth(i);
					break;
				}
			}
			assert.ok(card, `a placement card for ${child.setting} starting ${child.since}`);
			await Promise.all([
				page.waitForURL(/\/placements\/\d+\/edit$/),
				card.getByRole('link', { name: 'Change placement' }).click(),
			]);
			child.editUrl = page.url();
			await page.getByRole('heading', { level: 1, name: 'Change placement' }).waitFor();
			child.start = await readDate(page, 'Start date');
			assert.equal(longDate(child.start), child.since, 'the form shows the stored start date');
			const bad = { d: child.start.d, m: child.start.m, y: Number(child.start.y) - 1 };
			await fillDate(page, 'End date', bad);
			await shot(page, '06-placement-form');
			const [res] = await Promise.all([
				page.waitForResponse((r) => r.request().method() === 'POST'),
				page.getByRole('button', { name: 'Save changes' }).click(),
			]);
			assert.equal(res.status(), 422);
			await page.waitForLoadState();
			const summary = page.locator('.govuk-error-summary');
			await summary.waitFor();
			assert.match(await page.title(), /^Error: /, 'the title starts "Error:"');
			assert.equal((await summary.getByRole('heading').innerText()).trim(), 'There is a problem');
			const msg = summary.getByRole('link', { name: 'End date must be on or after the start date' });
			assert.equal(await msg.count(), 1, 'the summary links the end date error');
			// the message beside the field too
			const groupErr = page.locator('#end_date-error');
			assert.match(await groupErr.innerText(), /End date must be on or after the start date/);
			// what was typed is still there
			assert.deepEqual(await readDate(page, 'End date'), { d: String(bad.d), m: String(bad.m), y: String(bad.y) });
			assert.deepEqual(await readDate(page, 'Start date'), child.start);
			if (javaScriptEnabled) {
				// GOV.UK Frontend moves focus to the error summary
				await page.waitForFunction(() => document.activeElement?.classList.contains('govuk-error-summary'), null, { timeout: 5000 });
			}
			await shot(page, '07-placement-error');
		});

		if (javaScriptEnabled) {
			step('the link in the error summary moves focus to the end date field', {
				independent: true,
			}, async () => {
				await page.locator('.govuk-error-summary').getByRole('link', { name: 'End date must be on or after the start date' }).click();
				await page.waitForFunction(() => (document.activeElement?.id || '').startsWith('end_date'), null, { timeout: 2000 })
					.catch(() => {});
				const focused = await page.evaluate(() => {
					const a = document.activeElement;
					return a ? `${a.tagName.toLowerCase()}${a.id ? '#' + a.id : ''} "${(a.textContent || '').trim().slice(0, 60)}"` : 'nothing';
				});
				const href = await page.locator('.govuk-error-summary a').first().getAttribute('href');
				assert.match(focused, /^input#end_date-day /, `focus is on ${focused}; the summary link goes to ${href}`);
			});
		}

		step('fixing the end date saves: "Placement saved" and the new end date on the person page', async () => {
			// A date after the start, still ahead, so the placement stays current.
			const good = { d: 31, m: 8, y: new Date().getFullYear() + 1 };
			child.end = longDate(good);
			if (page.url().split('#')[0] !== child.editUrl)
				await page.goto(child.editUrl); // only if the summary link moved us; it should not
			await fillDate(page, 'End date', good);
			await Promise.all([
				page.waitForURL((u) => u.pathname === child.href && u.searchParams.get('saved') === 'placements'),
				page.getByRole('button', { name: 'Save changes' }).click(),
			]);
			const banner = page.locator('.govuk-notification-banner--success');
			await banner.waitFor();
			assert.equal(await banner.getAttribute('role'), 'alert');
			assert.equal((await banner.locator('.govuk-notification-banner__heading').innerText()).trim(), 'Placement saved');
			const card = page.locator('#placements ~ .govuk-summary-card').filter({
				has: page.getByRole('heading', { level: 3, name: child.setting, exact: true }),
			}).filter({ has: page.locator('dd', { hasText: child.since }) });
			assert.equal((await summaryValue(card.first(), 'End date').innerText()).trim(), child.end);
			// still where they are now: the end date is ahead
			const now = page.locator('.govuk-summary-card').filter({ has: page.getByRole('heading', { name: 'Where they are now' }) });
			assert.match(await summaryValue(now, 'Placed at').first().innerText(), new RegExp(child.setting.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
			// and the change is in the history
			await openTab(page, 'History');
			assert.match(await page.locator('#history ~ .moj-timeline').innerText(), /Placement changed[\s\S]*End date/);
			await shot(page, '08-placement-saved');
		});

		step('the Oversight list shows the counts, and a category link filters the list', async () => {
			await Promise.all([
				page.waitForURL((u) => u.pathname === '/oversight'),
				(async () => {   // the Children group, then its Oversight page
					await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Children', exact: true }).click();
					await page.getByRole('navigation', { name: 'Children' }).getByRole('link', { name: 'Oversight', exact: true }).click();
				})(),
			]);
			await page.getByRole('heading', { level: 1, name: 'Oversight list' }).waitFor();
			const counts = page.locator('.app-count');
			assert.equal(await counts.count(), 8, 'eight counts');
			const byKey = {};
			for (const el of await page.locator('.app-count__number[data-count]').all())
				byKey[await el.getAttribute('data-count')] = Number((await el.innerText()).trim());
			for (const [k, v] of Object.entries(byKey))
				assert.ok(Number.isInteger(v) && v >= 0, `count ${k} is a number`);
			assert.ok(byKey.active > 0, 'some active plans');
			assert.equal((await page.getByRole('heading', { level: 2 }).first().innerText()).trim(), `Active EHC plans: ${byKey.active}`);
			await shot(page, '09-oversight');

			// out of area if there is anyone, else the first non-empty category
			const label = byKey.ooa > 0 ? 'Placed out of area'
				: { residential: 'In residential settings', ehe: 'Electively home educated', visit_overdue: 'Monitoring visit overdue',
					review_overdue: 'Annual review overdue', awaiting: 'Awaiting specialist provision', missing: 'Missing education or NEET' }[
					Object.keys(byKey).find((k) => k !== 'active' && byKey[k] > 0)];
			assert.ok(label, 'some category is not empty');
			const link = page.locator('.app-count a').filter({ hasText: label });
			const n = Number((await link.locator('.app-count__number').innerText()).trim());
			assert.ok(n < byKey.active, 'the category is a subset');
			await Promise.all([
				page.waitForURL((u) => u.pathname === '/oversight' && !!u.searchParams.get('category')),
				link.click(),
			]);
			await page.getByRole('heading', { level: 2, name: `${label}: ${n}` }).waitFor();
			assert.equal(await page.locator('.app-count a[aria-current="true"]').filter({ hasText: label }).count(), 1, 'the chosen count is marked current');
			const rows = page.locator('main table tbody tr');
			assert.equal(await rows.count(), Math.min(n, 50), 'the list holds just that category');
			if (label === 'Placed out of area') {
				for (const cell of await page.locator('main table tbody tr td:nth-child(2)').allInnerTexts())
					assert.match(cell, /Out of area/);
			}
			await shot(page, '10-oversight-category');
		});

		step('the pages raised no console errors or failed loads on the way', {
			independent: true,
		}, async () => {
			const seen = [...new Set(problems.map((p) => p.replace(/'sha256-[^']+'/, "'sha256-…'")))];
			assert.deepEqual(seen, [], `browser reported:\n${seen.join('\n')}`);
		});
	});
}

journey('js', { javaScriptEnabled: true, pick: 0 });
journey('nojs', { javaScriptEnabled: false, pick: 1 });
