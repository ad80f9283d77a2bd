// print.test.mjs — the board pack on paper: printed (print media) it leaves out
// the header with who is signed in and "Sign out", the navigation and the
// footer, and prints the figures by month open; with JavaScript on and off.
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

for (const javaScriptEnabled of [true, false]) {
	describe(`the board pack printed, JavaScript ${javaScriptEnabled ? 'enabled' : 'disabled'}`, () => {
		for (const user of ['manager', 'board']) {
			it(`as ${user}: no sign-out bar or navigation, and every month's figures open`, async () => {
				const context = await browser.newContext({ javaScriptEnabled });
				try {
					const page = await context.newPage();
					await signIn(page, srv.base, user);
					await page.goto(`${srv.base}/dashboard/board-pack`);
					// on the screen: the header says who is signed in, and the figures by month are there
					assert.ok(await page.getByRole('button', { name: 'Sign out' }).isVisible(), 'Sign out on the screen');
					assert.deepEqual(await checkLayout(page), []);
					await page.emulateMedia({ media: 'print' });
					for (const [what, sel] of [['the header (who is signed in, Sign out)', 'header.govuk-header'],
						['Sign out', 'button:has-text("Sign out")'], ['the navigation', '.govuk-service-navigation'],
						['the footer', 'footer'], ['the back link', '.govuk-back-link']])
						assert.equal(await page.locator(sel).first().isVisible(), false, `${what} is not printed`);
					const details = page.locator('main details');
					const n = await details.count();
					assert.ok(n >= 4, `the pack has its figures by month (${n} sections)`);
					for (let i = 0; i < n; i++) {
						assert.equal(await details.nth(i).getAttribute('open'), '', `section ${i + 1} is open`);
						const table = details.nth(i).locator('table');
						assert.ok(await table.isVisible(), `section ${i + 1}'s table prints`);
						assert.ok(await table.locator('tbody tr').count() >= 1, `section ${i + 1} has its months`);
					}
					// the page as printed is the pack and nothing else
					const printed = await page.locator('body').innerText();
					assert.match(printed, /SEND performance: board pack/);
					assert.doesNotMatch(printed, /Signed in as|Sign out/);
				} finally {
					await context.close();
				}
			});
		}
	});
}
