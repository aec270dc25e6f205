// The journeys people take, in a real Chromium: an association applies on a
// phone and on a desktop, makes mistakes and corrects them, confirms from
// the e-mail; a moderator filters the queue, uses the keyboard, refuses one
// application with a canned reason and approves another; the status pages
// show each outcome. Every request any page makes goes to Passeur itself.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPasseur, browser, recordedPage, PHONE, DESKTOP, shot, signIn } from './harness.js';

let passeur;
let chrome;
// The contact addresses of the applications the moderator decided on.
const decided = {};

before(async () => {
  passeur = await startPasseur();
  chrome = await browser();
});

after(async () => {
  await chrome?.close();
  passeur?.stop();
});

function ownOrigin(requests) {
  const foreign = requests.filter((u) => !u.startsWith(passeur.base) && !u.startsWith('data:'));
  assert.deepEqual(foreign, [], 'every request goes to Passeur');
}

/** Fills the form as a volunteer would, with `email` as the contact. */
async function fillForm(page, { name, space, email }) {
  await page.fill('#organisation_name', name);
  await page.check('#structure_type-association_1901');
  await page.check('#sectors-culture');
  await page.check('#sectors-social');
  await page.fill('#creation_year', '2019');
  await page.fill('#employees', '0');
  await page.fill('#members', '25');
  await page.fill('#beneficiaries', '150');
  await page.fill('#annual_budget_eur', '3500');
  await page.fill('#description', 'Nous organisons des ateliers de couture et un repair café chaque mois dans le quartier.');
  await page.fill('#postal_code', '69003');
  await page.fill('#city', 'Lyon');
  await page.fill('#contact_name', 'Camille Martin');
  await page.fill('#contact_email', email);
  await page.fill('#space_name', space);
  await page.check('#accept_terms');
}

for (const [label, device] of [['phone', PHONE], ['desktop', DESKTOP]]) {
  test(`an association applies on a ${label}, corrects its mistakes and confirms from the e-mail`, async () => {
    const { page, requests, context } = await recordedPage(chrome, device);
    await page.goto(`${passeur.base}/apply`);
    await shot(page, `apply-${label}`);

    // Sent empty: the summary takes the focus and lists the fields.
    await page.click('button[type=submit]');
    await page.waitForSelector('.error-summary');
    const focused = await page.evaluate(() => document.activeElement?.classList.contains('error-summary'));
    assert.ok(focused, 'the error summary takes the focus');
    await shot(page, `apply-errors-${label}`);

    // A mistyped address: the error is next to the field and the rest is kept.
    const space = `couture-${label}`;
    const email = `camille.${label}@example.org`;
    await fillForm(page, { name: `Fil et Aiguille (${label})`, space, email: 'camille@' });
    await page.click('button[type=submit]');
    await page.waitForSelector('#contact_email-error');
    assert.equal(await page.inputValue('#organisation_name'), `Fil et Aiguille (${label})`, 'what was typed is kept');
    assert.equal(await page.isChecked('#sectors-social'), true);
    // The link of the summary leads to the field.
    await page.click('.error-summary a[href="#contact_email"]');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'contact_email');

    await page.fill('#contact_email', email);
    await page.check('#accept_terms');
    await Promise.all([page.waitForURL(/\/status\//), page.click('button[type=submit]')]);
    assert.match(await page.textContent('h1'), /Fil et Aiguille/);
    await shot(page, `status-unconfirmed-${label}`);

    const mail = await passeur.mailTo(email, /\/confirm\//);
    const link = mail.match(/https?:\/\/[^\s"<>]+\/confirm\/[A-Za-z0-9_-]+/)[0];
    await page.goto(link);
    await shot(page, `confirmed-${label}`);
    assert.match(await page.textContent('main'), /confirm/i);
    ownOrigin(requests);
    await context.close();
  });
}

test('the whole form can be completed with the keyboard alone', async () => {
  const { page, context } = await recordedPage(chrome, DESKTOP);
  await page.goto(`${passeur.base}/apply`);
  const values = {
    organisation_name: 'Les Claviers Solidaires', creation_year: '2020', employees: '0', members: '12',
    beneficiaries: '40', annual_budget_eur: '800', website: '',
    description: 'Nous apprenons l’informatique aux personnes âgées du village, chaque mardi.',
    postal_code: '35000', city: 'Rennes', contact_name: 'Jo Clavier', contact_email: 'jo@example.org',
    space_name: 'claviers-solidaires',
  };
  const ticked = new Set(['structure_type-collectif', 'sectors-education_formation', 'accept_terms']);
  let submitted = false;
  for (let i = 0; i < 200 && !submitted; i++) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => {
      const a = document.activeElement;
      return { tag: a.tagName, type: a.type, id: a.id, name: a.name, checked: a.checked, text: a.textContent };
    });
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    if (el.tag !== 'BODY') assert.notEqual(outline, 'none', `${el.id || el.tag} shows where the focus is`);
    if (el.tag === 'INPUT' && values[el.id] !== undefined && values[el.id] !== '') {
      await page.keyboard.type(values[el.id]);
    } else if (el.tag === 'TEXTAREA') {
      await page.keyboard.type(values[el.id] ?? '');
    } else if (el.type === 'radio') {
      // A radio group is one stop; arrows move within it.
      const wanted = [...ticked].find((t) => t.startsWith(`${el.name}-`));
      if (wanted) {
        for (let j = 0; j < 10 && (await page.evaluate(() => document.activeElement.id)) !== wanted; j++) {
          await page.keyboard.press('ArrowDown');
        }
      }
    } else if (el.type === 'checkbox' && ticked.has(el.id) && !el.checked) {
      await page.keyboard.press('Space');
    } else if (el.tag === 'BUTTON' && el.type === 'submit') {
      await Promise.all([page.waitForURL(/\/status\//), page.keyboard.press('Enter')]);
      submitted = true;
    }
  }
  assert.ok(submitted, 'the form was sent from the keyboard');
  assert.match(await page.textContent('h1'), /Les Claviers Solidaires/);
  await context.close();
});

test('a moderator filters, uses the keyboard, refuses with a canned reason and approves', async () => {
  const moderator = passeur.account('moderatrice@example.org', 'moderator');
  const { page, requests, context } = await recordedPage(chrome, DESKTOP);
  await signIn(page, passeur.base, moderator);
  await page.goto(`${passeur.base}/admin?status=submitted`);
  await shot(page, 'admin-queue');
  // Filter by structure type through the form, as a person would.
  await page.selectOption('#structure_type', 'collectif');
  await Promise.all([page.waitForURL(/structure_type=collectif/), page.click('form.filters button[type=submit]')]);
  const rows = await page.$$eval('a[href*="/admin/applications/"]', (links) => links.map((a) => a.getAttribute('href')));
  assert.ok(rows.length >= 2, 'collectives are listed');

  // j and k move through the filtered queue; ? shows the help.
  await page.goto(`${passeur.base}${rows[0]}`);
  const start = page.url();
  await Promise.all([page.waitForURL((u) => u.href !== start), page.keyboard.press('j')]);
  assert.match(page.url(), /structure_type=collectif/, 'the filter follows');
  await Promise.all([page.waitForURL((u) => u.href === start), page.keyboard.press('k')]);
  await page.keyboard.press('?');
  assert.ok(await page.$eval('details.shortcuts', (d) => d.open), 'the shortcuts help opens');
  await shot(page, 'admin-detail');
  await page.keyboard.press('Escape');
  const first = page.url();

  const contact = () => page.evaluate(() => {
    const dt = [...document.querySelectorAll('dt')].find((d) => /e-mail/i.test(d.textContent));
    return dt?.nextElementSibling?.textContent.trim();
  });
  decided.refused = await contact();
  // Refuse this one with a canned reason.
  await page.selectOption('select[name=reason]', 'out_of_scope');
  await Promise.all([page.waitForLoadState('load'), page.click('form[action*="/refuse"] button[type=submit]')]);
  assert.match(await page.textContent('main'), /Refusée|Refused/);

  // Approve the next one.
  await page.goto(`${passeur.base}${rows[1]}`);
  decided.approved = await contact();
  await Promise.all([page.waitForLoadState('load'), page.click('form[action*="/approve"] button[type=submit]')]);
  assert.match(await page.textContent('main'), /Acceptée|Approved/);
  assert.notEqual(page.url(), first);
  ownOrigin(requests);
  await context.close();
});

test('the applicant status page shows each outcome', async () => {
  // The decisions' e-mails leave through the job queue: wait for them.
  const refused = await passeur.mailTo(decided.refused, /ne pouvons pas y donner suite|cannot accept it/);
  const approved = await passeur.mailTo(decided.approved, /Bonne nouvelle|Good news/);
  const { page, context } = await recordedPage(chrome, PHONE);
  for (const [mail, word, name] of [[refused, /Refusée|Refused/, 'status-refused'], [approved, /Acceptée|Approved/, 'status-approved']]) {
    const link = mail.match(/https?:\/\/[^\s"<>]+\/status\/[A-Za-z0-9_-]+/)[0];
    await page.goto(link);
    assert.match(await page.textContent('.status-card'), word);
    await shot(page, name);
  }
  await context.close();
});

test('the pages work with JavaScript turned off', async () => {
  const { page, context } = await recordedPage(chrome, { ...DESKTOP, javaScriptEnabled: false });
  await page.goto(`${passeur.base}/apply`);
  await fillForm(page, { name: 'Sans Script', space: 'sans-script', email: 'sans.script@example.org' });
  await Promise.all([page.waitForURL(/\/status\//), page.click('button[type=submit]')]);
  const admin = passeur.account('sansscript@example.org', 'admin');
  await signIn(page, passeur.base, admin);
  await page.goto(`${passeur.base}/admin?status=all&q=sans+script`);
  assert.match(await page.textContent('main'), /Sans Script/);
  await context.close();
});
