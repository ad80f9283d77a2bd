// surveys.test.mjs — a parent answers a survey on a 390 px phone: the link
// from the email (sent by a caseworker through the page, read back from the
// outbox), one short form of GOV.UK radios, errors named and the answer kept,
// then "Thank you"; the link used again gets its own page.  With JavaScript on
// and off; axe-core and checkLayout on every state.  With JavaScript off the
// page runs no timers, so axe.run (which waits on setTimeout) never returns:
// that was the hang.  That run gives axe a JavaScript-enabled copy of the
// page as it stands (its HTML, the same address for its styles).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, launchBrowser, signIn, runAxe, formatViolations, checkLayout } from './lib.mjs';

let srv, browser;
const sql = (q) => execFileSync('sqlite3', ['-cmd', '.timeout 5000', srv.db, q], { encoding: 'utf8' }).trim();

before(async () => {
	srv = await startServer();
	browser = await launchBrowser();
});
after(async () => {
	await browser?.close();
	await srv?.stop();
});

// A child of the demo whose family has a contact who consented and has an email
// address, sent the parents' questionnaire by a caseworker: the link's token.
async function sendLink(i) {
	const pid = sql(`SELECT k.person_id FROM person_contacts k WHERE k.email IS NOT NULL AND EXISTS (SELECT 1 FROM
		person_consents g WHERE g.person_id=k.person_id AND g.given_by_contact_id=k.id AND g.withdrawn_date IS NULL)
		ORDER BY k.person_id LIMIT 1 OFFSET ${i}`);
	const context = await browser.newContext();
	try {
		const page = await context.newPage();
		await signIn(page, srv.base, 'caseworker1');
		await page.goto(`${srv.base}/surveys/1/send`);
		await page.getByLabel("Child's case reference").fill(pid);
		await page.getByRole('button', { name: 'Send' }).click();
		await page.waitForLoadState('load');
		assert.match(page.url(), /\/surveys\/1\?saved=sent$/);
	} finally {
		await context.close();
	}
	const body = sql(`SELECT body FROM outbox WHERE template='survey_invitation' AND person_id=${pid} ORDER BY id DESC LIMIT 1`);
	return /\/s\/([A-Za-z0-9_-]{43})/.exec(body)[1];
}

async function audit(page, what, javaScriptEnabled = true) {
	let target = page, copy = null;
	if (!javaScriptEnabled) {
		copy = await browser.newContext({ viewport: { width: 390, height: 844 } });
		target = await copy.newPage();
		const html = (await page.content()).replace(/<head>/i, `<head><base href="${srv.base}/">`);
		await target.setContent(html, { waitUntil: 'load' });
	}
	try {
		const v = await runAxe(target);
		assert.deepEqual(v.map((x) => x.id), [], `${what}:\n${formatViolations(v)}`);
	} finally {
		await copy?.close();
	}
	assert.deepEqual(await checkLayout(page), [], what);
}

let n = 0;
for (const javaScriptEnabled of [true, false]) {
	describe(`a parent answers on a phone, JavaScript ${javaScriptEnabled ? 'enabled' : 'disabled'}`, () => {
		it('the link opens the questions; errors name the question; answered once; the link then says so', async () => {
			const token = await sendLink(n++);
			const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 390, height: 844 } });
			try {
				const page = await context.newPage();
				let res = await page.goto(`${srv.base}/s/${token}`);
				assert.equal(res.status(), 200);
				assert.equal((await page.locator('h1').innerText()).trim(), "Parents' and carers' feedback on the EHC plan (five statements)");
				await audit(page, 'the questions', javaScriptEnabled);
				// the first statement only: the others missing
				await page.getByRole('group', { name: /1\. I felt fully involved in the process/ }).getByLabel('Agree', { exact: true }).check();
				[res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'),
					page.getByRole('button', { name: 'Send my answers' }).click()]);
				await page.waitForLoadState('load');
				assert.equal(res.status(), 422);
				assert.match(await page.title(), /^Error: /);
				const summary = await page.locator('.govuk-error-summary').innerText();
				assert.match(summary, /Select how much you agree/);
				assert.ok(await page.getByRole('group', { name: /1\. I felt fully involved/ }).getByLabel('Agree', { exact: true }).isChecked(),
					'the answer given is kept');
				await audit(page, 'the questions with errors', javaScriptEnabled);
				for (let q = 2; q <= 5; q++)
					await page.locator(`input[name="q${q}"][value="${q % 2 ? '1' : '2'}"]`).check();
				await page.getByLabel(/6\. Is there anything else/).fill('The caseworker was kind.');
				[res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'),
					page.getByRole('button', { name: 'Send my answers' }).click()]);
				await page.waitForLoadState('load');
				assert.equal(res.status(), 200);
				assert.equal((await page.locator('h1').innerText()).trim(), 'Thank you');
				await audit(page, 'thank you', javaScriptEnabled);
				res = await page.goto(`${srv.base}/s/${token}`);
				assert.equal(res.status(), 410);
				assert.equal((await page.locator('h1').innerText()).trim(), 'This survey has already been answered');
				await audit(page, 'the link used again', javaScriptEnabled);
				res = await page.goto(`${srv.base}/s/${'A'.repeat(43)}`);
				assert.equal(res.status(), 404);
				await audit(page, 'a link not recognised', javaScriptEnabled);
			} finally {
				await context.close();
			}
		});
	});
}
