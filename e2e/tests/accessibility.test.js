// axe-core (WCAG 2.1 A and AA) on every public and back-office page, in
// French and in English, in the error states too; each page is also
// screenshotted, and every request it makes must go to Passeur itself.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPasseur, browser, recordedPage, DESKTOP, PHONE, axe, shot, signIn } from './harness.js';

let passeur;
let chrome;
let checked = 0;

before(async () => {
  passeur = await startPasseur();
  chrome = await browser();
});

after(async () => {
  await chrome?.close();
  passeur?.stop();
  console.log(`# accessibility: ${checked} page states checked, 0 violations`);
});

/** Checks the page as it is now, under `name`. */
async function check(session, name) {
  const violations = await axe(session.page);
  await shot(session.page, `a11y-${name}`);
  assert.deepEqual(violations, [], `${name}: ${violations.join('\n')}`);
  const foreign = session.requests.filter((u) => !u.startsWith(passeur.base) && !u.startsWith('data:'));
  assert.deepEqual(foreign, [], `${name} asked another site`);
  checked += 1;
}

for (const lang of ['fr', 'en']) {
  test(`every public page passes axe in ${lang}`, async () => {
    const s = await recordedPage(chrome, { ...PHONE, locale: lang === 'fr' ? 'fr-FR' : 'en-GB' });
    const { page } = s;
    for (const path of ['/', '/apply', '/transparency', '/une-page-qui-nexiste-pas', '/status/lien-invalide']) {
      await page.goto(`${passeur.base}${path}`);
      await check(s, `${lang}${path.replaceAll('/', '-') || '-home'}`);
    }
    // The form in its error state.
    await page.goto(`${passeur.base}/apply`);
    await page.click('button[type=submit]');
    await page.waitForSelector('.error-summary');
    await check(s, `${lang}-apply-errors`);
    // A real application: its status page, and the confirmation page.
    await page.goto(`${passeur.base}/apply`);
    const email = `a11y.${lang}@example.org`;
    await page.fill('#organisation_name', `Accès pour tous ${lang}`);
    await page.check('#structure_type-collectif');
    await page.check('#sectors-social');
    for (const [id, v] of [['creation_year', '2015'], ['employees', '0'], ['members', '30'], ['beneficiaries', '100'],
      ['annual_budget_eur', '1000'], ['postal_code', '75011'], ['city', 'Paris'], ['contact_name', 'Alex'],
      ['contact_email', email], ['space_name', `acces-${lang}`],
      ['description', 'Nous accompagnons les personnes en situation de handicap dans leurs démarches.']]) {
      await page.fill(`#${id}`, v);
    }
    await page.check('#accept_terms');
    await Promise.all([page.waitForURL(/\/status\//), page.click('button[type=submit]')]);
    await check(s, `${lang}-status`);
    const mail = await passeur.mailTo(email, /\/confirm\//);
    await page.goto(mail.match(/https?:\/\/[^\s"<>]+\/confirm\/[A-Za-z0-9_-]+/)[0]);
    await check(s, `${lang}-confirmed`);
    await s.context.close();
  });

  test(`every back-office page passes axe in ${lang}`, async () => {
    const admin = passeur.account(`admin.${lang}@example.org`, 'admin');
    const s = await recordedPage(chrome, { ...DESKTOP, locale: lang === 'fr' ? 'fr-FR' : 'en-GB' });
    const { page } = s;
    await page.goto(`${passeur.base}/admin/login`);
    await check(s, `${lang}-admin-login`);
    await page.fill('#email', admin.email);
    await page.fill('#password', 'pas le bon mot de passe');
    await page.click('button[type=submit]');
    await page.waitForLoadState('load');
    await check(s, `${lang}-admin-login-error`);
    await signIn(page, passeur.base, admin);
    await page.goto(`${passeur.base}/admin`);
    await check(s, `${lang}-admin-queue`);
    const detail = await page.$eval('a[href*="/admin/applications/"]', (a) => a.getAttribute('href'));
    for (const path of [detail, '/admin/stats', '/admin/settings', '/admin/moderators', '/admin/webhooks', '/admin/account']) {
      await page.goto(`${passeur.base}${path}`);
      await check(s, `${lang}${path.split('?')[0].replaceAll('/', '-')}`);
    }
    // The settings form refused.
    await page.goto(`${passeur.base}/admin/settings`);
    await page.fill('#capacity', 'beaucoup');
    await page.click('form.settings button[type=submit]');
    await page.waitForSelector('.error-summary');
    await check(s, `${lang}-admin-settings-errors`);
    await s.context.close();
  });
}
