// plan-journey.test.mjs — the EHC plan's "done when" (issue 16), as a
// caseworker does it in a browser: from a decision to issue and the advice
// received, write the draft a section at a time (vague provision flagged
// as it is typed, with JavaScript; after saving, without), send it, record
// the parent's comments, finalise it, and download the PDF, read back with
// pdftotext.  Run with JavaScript enabled and disabled.  Screenshots go to
// build/screens/.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, launchBrowser, signIn, screenshot, watchPage, checkLayout, trackVisits, checkVisited, openTab } from './lib.mjs';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
	'October', 'November', 'December'];

function dayFrom(base, n) {
	const d = new Date(base.getFullYear(), base.getMonth(), base.getDate() + n);
	return { d: d.getDate(), m: d.getMonth() + 1, y: d.getFullYear() };
}
const longDate = ({ d, m, y }) => `${d} ${MONTHS[m - 1]} ${y}`;

async function fillDate(page, legend, { d, m, y }) {
	const g = page.getByRole('group', { name: legend, exact: true });
	await g.getByLabel('Day', { exact: true }).fill(String(d));
	await g.getByLabel('Month', { exact: true }).fill(String(m));
	await g.getByLabel('Year', { exact: true }).fill(String(y));
}

function journey(label, { javaScriptEnabled }) {
	const shot = (page, step) => screenshot(page, `plan-${label}-${step}`);

	describe(`EHC plan journey with JavaScript ${javaScriptEnabled ? 'enabled' : 'disabled'}`, () => {
		let srv, browser, context, page, problems, visits, failed = false;
		const today = new Date(Date.now());
		const at = (n) => dayFrom(today, n - 120);   // the request came 120 days ago
		const child = { forename: 'Planned', surname: `Journey${javaScriptEnabled ? 'Js' : 'Nojs'}` };

		before(async () => {
			srv = await startServer();
			browser = await launchBrowser();
			context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 900 }, acceptDownloads: true });
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

		const step = (name, fn) => it(name, async (t) => {
			if (failed) {
				t.skip('an earlier step failed');
				return;
			}
			try {
				await fn();
				const layout = [...await checkVisited(context, visits), ...await checkLayout(page)];
				assert.deepEqual(layout, [], `the pages as people see them:\n  ${layout.join('\n  ')}`);
			} catch (e) {
				failed = true;
				throw e;
			}
		});

		const save = async (button, saved) => {
			await Promise.all([
				page.waitForURL((u) => u.searchParams.get('saved') === saved),
				page.getByRole('button', { name: button, exact: true }).click(),
			]);
			await page.locator('.govuk-notification-banner--success').waitFor();
		};
		const card = (ref) => page.locator(`.govuk-summary-card[data-ref="${ref}"]`);

		step('a caseworker records a request, the decision to issue and the advice received', async () => {
			await signIn(page, srv.base, 'caseworker1');
			await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Children', exact: true }).click();   // the Children group opens the register
			await page.getByRole('button', { name: 'Add a child or young person' }).click();
			await page.getByLabel('First name').fill(child.forename);
			await page.getByLabel('Last name').fill(child.surname);
			await fillDate(page, 'Date of birth', dayFrom(today, -8 * 365));
			await page.getByLabel('Sex').selectOption('M');
			await page.getByLabel('Reason there is no UPN or ULN').selectOption('UN2');
			await save('Save', 'people');
			await openTab(page, 'Timeline');
			await page.getByRole('link', { name: 'Add a request for assessment' }).click();
			await fillDate(page, 'Date the request was received', at(0));
			await page.getByLabel('Who made the request').selectOption('1');
			await page.getByLabel('Decision whether to assess').selectOption('Y');
			await fillDate(page, 'Date of the decision', at(30));
			await save('Save', 'requests');
			await page.getByRole('link', { name: /^Record the decision whether to issue/ }).first().click();
			await page.getByLabel('Decision whether to issue a plan').selectOption('Y');
			await fillDate(page, 'Date of the decision', at(90));
			await save('Save', 'assessments');
			await page.getByRole('link', { name: /^Ask for advice/ }).first().click();
			await page.getByRole('link', { name: 'Record an advice request made outside sendmis' }).click();
			await page.getByLabel('Service asked').selectOption('EP');
			await fillDate(page, 'Date the advice was requested', at(31));
			await fillDate(page, 'Date the advice was received', at(70));
			await save('Save', 'advice');
		});

		step('"Write the draft plan" starts the draft, with the advice received in section K', async () => {
			await Promise.all([
				page.waitForURL(/\/plan-versions\/\d+\?saved=started/),
				page.getByRole('button', { name: 'Write the draft plan' }).click(),
			]);
			await page.getByRole('heading', { level: 1, name: 'EHC plan: Draft (version 1)' }).waitFor();
			assert.match(await page.locator('#section-k ~ .govuk-summary-card').first().innerText(), /Advice from Educational psychology/);
			await shot(page, '01-draft');
		});

		step('section by section: a need, an outcome linked to it, and provision checked as it is typed', async () => {
			await page.getByRole('link', { name: 'Add a special educational need' }).click();
			await page.getByLabel('Area of need').selectOption('CI');
			await page.getByLabel('The need').fill('Finds it hard to follow spoken instructions of more than two steps.');
			await save('Save', 'section-b');
			assert.match(await card('B1').innerText(), /Communication and interaction/);
			await page.getByRole('link', { name: 'Add an outcome' }).click();
			await page.getByLabel('The outcome').fill('Will follow a three-step classroom instruction without prompting.');
			await page.getByLabel(/^B1 Communication and interaction/).check();
			await page.getByLabel('By when').fill('By the end of Year 4');
			await page.getByLabel('How progress will be measured').fill('Class teacher records 5 observations each half term');
			await save('Save', 'section-e');
			await page.getByRole('link', { name: 'Add a special educational provision' }).click();
			await page.getByLabel('What the provision is').fill('Access to regular speech therapy as required');
			if (javaScriptEnabled) {
				// flagged as it is typed, before anything is saved
				const live = page.locator('#provision-check-result');
				await live.getByText('Not quantified').waitFor();
				assert.match(await live.innerText(), /Not specified/);
				assert.match(await live.innerText(), /access to/i);
				await shot(page, '02-typed');
			}
			await page.getByLabel(/^E1: /).check();
			await save('Save', 'section-f');
			// without JavaScript too: the item's card shows the findings once saved
			const f1 = card('F1');
			assert.match(await f1.innerText(), /Not specified/);
			assert.match(await f1.innerText(), /Not quantified/);
			assert.match(await page.locator('#provision-check').innerText(), /^1 provision item: 1 not specified, 1 not quantified/);
			// put it right
			await f1.getByRole('link', { name: /^Change/ }).click();
			await page.getByLabel('What the provision is').fill('Speech and language therapy programme targeting following instructions');
			await page.getByLabel('Who delivers it').fill('speech and language therapist');
			await page.getByLabel('How often').fill('once a week');
			await page.getByLabel('For how long').fill('30 minutes');
			await page.getByLabel('Group size').fill('1 to 1');
			if (javaScriptEnabled)
				await page.locator('#provision-check-result').getByText('Specified and quantified').waitFor();
			await save('Save changes', 'section-f');
			assert.match(await card('F1').innerText(), /Specified and quantified/);
			await shot(page, '03-sections');
		});

		step('sends the draft: the timeline shows the family\'s 15 days (reg 13(1))', async () => {
			await page.getByRole('link', { name: 'Send the draft to the family' }).click();
			await fillDate(page, 'Date the draft was sent', at(100));
			await save('Record the draft as sent', 'sent');
			const back = page.url();
			await page.getByRole('link', { name: 'see the timeline' }).click();
			const item = page.locator('.moj-timeline__item[data-step="draft_comment_end"]').first();
			await item.waitFor();
			assert.match(await item.innerText(), /reg 13\(1\)/);
			assert.ok((await item.innerText()).includes(longDate(at(114))), `the 15 days beginning with the day it was sent end on ${longDate(at(114))}`);
			await page.goto(back);
		});

		step('records the parent\'s comments, then finalises the plan', async () => {
			await page.getByRole('link', { name: 'Record the family\'s comments' }).click();
			await fillDate(page, 'Date the comments were received', at(110));
			await page.getByLabel('Their comments').fill('Please say who will deliver the speech therapy.');
			await page.getByLabel('The school, college or other setting they asked to be named').fill('Brookside Primary');
			await Promise.all([page.waitForURL(/saved=plan-comments/), page.getByRole('button', { name: 'Save changes' }).click()]);
			assert.match(await page.locator('main').innerText(), /Setting asked for: Brookside Primary/);
			await page.getByRole('link', { name: 'Finalise the plan' }).click();
			await fillDate(page, 'Date the final plan was issued', at(118));
			await save('Issue the final plan', 'final');
			await page.getByRole('heading', { level: 1, name: 'EHC plan: Final (version 1)' }).waitFor();
			assert.equal(await page.getByRole('link', { name: /^Change/ }).count(), 0, 'a final version has no Change links');
			await shot(page, '04-final');
		});

		step('downloads the plan as a PDF: the child\'s name on every page, sections A–K', async () => {
			const [download] = await Promise.all([
				page.waitForEvent('download'),
				page.getByRole('link', { name: 'Download the plan (PDF)' }).click(),
			]);
			assert.match(download.suggestedFilename(), /^ehc-plan-SM-\d+-v1\.pdf$/);
			const file = await download.path();
			const pages = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f').filter((p) => p.trim());
			assert.ok(pages.length >= 1);
			for (const p of pages)
				assert.ok(p.includes(`${child.forename} ${child.surname}`), 'every page names the child');
			const all = pages.join(' ').replace(/\s+/g, ' ');
			for (const s of ['Section A:', 'Section B: Special educational needs', 'Section E: Outcomes', 'Section F: Special educational provision',
				'Section I: Placement', 'Section K: Advice and information', 'speech and language therapist', 'once a week'])
				assert.ok(all.includes(s), `the PDF has "${s}"`);
		});

		it('the pages raised no console errors or failed loads on the way', () => {
			const seen = [...new Set(problems.map((p) => p.replace(/'sha256-[^']+'/, "'sha256-…'")))];
			assert.deepEqual(seen, [], `browser reported:\n${seen.join('\n')}`);
		});
	});
}

journey('js', { javaScriptEnabled: true });
journey('nojs', { javaScriptEnabled: false });
