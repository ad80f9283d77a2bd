// records.test.mjs — the main navigation fits one row at 1,280 px for every
// role (the list is no taller than one of its items), the current group is
// marked, and the header's search finds a child with JavaScript on and off.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, signIn, checkLayout } from './lib.mjs';

let srv, browser;
before(async () => {
	srv = await startServer();
	browser = await launchBrowser();
});
after(async () => {
	await browser?.close();
	await srv?.stop();
});

const HOMES = { caseworker1: '/', manager: '/team', admin: '/team', readonly: '/people', board: '/dashboard' };

describe('the main navigation at 1,280 px', () => {
	for (const [user, home] of Object.entries(HOMES)) {
		it(`as ${user}: one row`, async () => {
			const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
			try {
				const page = await context.newPage();
				await signIn(page, srv.base, user);
				for (const path of [home, '/people', '/reviews', '/dashboard']) {
					const res = await page.goto(`${srv.base}${path}`);
					if (res.status() === 403)
						continue;
					const m = await page.evaluate(() => {
						const list = document.querySelector('.govuk-service-navigation__list');
						const items = [...list.querySelectorAll('.govuk-service-navigation__item')];
						const tops = new Set(items.map((li) => Math.round(li.getBoundingClientRect().top)));
						return { list: list.getBoundingClientRect().height, item: Math.max(...items.map((li) => li.getBoundingClientRect().height)),
							tops: tops.size, n: items.length };
					});
					assert.ok(m.n >= 2 && m.n <= 7, `${path}: ${m.n} items`);
					assert.equal(m.tops, 1, `${path}: the items are on ${m.tops} rows`);
					assert.ok(m.list < 2 * m.item, `${path}: the list is ${m.list} px high, an item ${m.item} px`);
				}
				assert.deepEqual(await checkLayout(page), []);
			} finally {
				await context.close();
			}
		});
	}
});

for (const javaScriptEnabled of [true, false]) {
	it(`the header search finds a child, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, async () => {
		const context = await browser.newContext({ javaScriptEnabled });
		try {
			const page = await context.newPage();
			await signIn(page, srv.base, 'caseworker1');
			// a child of the demo area, by name written surname first with a comma
			await page.goto(`${srv.base}/people`);
			const name = (await page.locator('table a[href^="/people/"]').first().innerText()).trim();
			const [fore, ...rest] = name.split(' ');
			const box = page.getByRole('searchbox', { name: /Find a child or young person/ });
			await box.fill(`${rest.join(' ')}, ${fore}`);
			await Promise.all([page.waitForURL(/\/search\?q=/), box.press('Enter')]);
			assert.equal((await page.locator('h1').innerText()).trim(), 'Find a child or young person');
			assert.ok(await page.getByRole('link', { name }).first().isVisible(), `${name} is found`);
			// the record opened from the results is then offered as recently viewed
			await Promise.all([page.waitForURL(/\/people\/\d+$/), page.getByRole('link', { name }).first().click()]);
			await page.goto(`${srv.base}/search`);
			assert.ok(await page.locator('#recent-list').getByRole('link', { name }).first().isVisible());
			assert.deepEqual(await checkLayout(page), []);
		} finally {
			await context.close();
		}
	});
}
