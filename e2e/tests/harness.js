// What every browser test needs: a real `passeur serve` on a fresh SQLite
// database, the command line to make accounts, the e-mails it writes, a
// headless Chromium that records every request, axe-core, and screenshots.

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
export const root = join(here, '..', '..');
export const screenshots = join(here, '..', 'screenshots');
// Resolved now: the server and the commands run in a folder of their own.
const binary = process.env.PASSEUR_BIN ? resolve(process.env.PASSEUR_BIN) : join(root, 'target', 'debug', 'passeur');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The WCAG 2.1 AA rules axe checks. */
export const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** A running Passeur with its own database and mail folder. */
export async function startPasseur() {
  const dir = mkdtempSync(join(tmpdir(), 'passeur-e2e-'));
  const port = await freePort();
  const env = {
    ...process.env,
    PASSEUR_DATABASE_URL: `sqlite://${join(dir, 'passeur.db')}`,
    PASSEUR_MAIL_DIR: join(dir, 'mail'),
    PASSEUR_BIND: `127.0.0.1:${port}`,
    PASSEUR_SUBMISSIONS_PER_HOUR: '100000',
    PASSEUR_LOGIN_ATTEMPTS_PER_MINUTE: '1000',
    PASSEUR_JOB_POLL_MS: '500',
    PASSEUR_LOG: 'warn',
  };
  const cli = (args, input) =>
    execFileSync(binary, args, { env, input, cwd: dir, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  cli(['migrate']);
  cli(['fixtures', 'load']);
  const server = spawn(binary, ['serve'], { env, cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  server.stderr.on('data', (d) => { log += d; });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    dir,
    cli,
    log: () => log,
    /** Every e-mail written so far, decoded enough to read links. */
    mails() {
      let files = [];
      try { files = readdirSync(env.PASSEUR_MAIL_DIR).filter((f) => f.endsWith('.eml')).sort(); } catch { /* none yet */ }
      return files.map((f) => decodeMail(readFileSync(join(env.PASSEUR_MAIL_DIR, f), 'utf8')));
    },
    /** Waits for an e-mail to `to` whose text matches `pattern`. */
    async mailTo(to, pattern) {
      for (let i = 0; i < 200; i++) {
        const found = this.mails().find((m) => m.includes(to) && pattern.test(m));
        if (found) return found;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no e-mail to ${to} matching ${pattern}`);
    },
    account(email, role) {
      const password = 'un mot de passe assez long';
      cli(['moderator', 'add', email, '--name', role === 'admin' ? 'Alice Admin' : 'Mo Dératrice', '--role', role, '--password-stdin'], `${password}\n`);
      return { email, password };
    },
    stop() {
      server.kill('SIGTERM');
      if (log.includes('panicked')) throw new Error(`the server panicked:\n${log}`);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Quoted-printable soft breaks and escapes undone. */
function decodeMail(raw) {
  return raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
}

/** Headless Chromium as this machine runs it. */
export async function browser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
export const DESKTOP = { viewport: { width: 1280, height: 900 } };

/**
 * A page whose every request is recorded, so that a test can say that all
 * went to Passeur's own origin.
 */
export async function recordedPage(b, options = {}) {
  const context = await b.newContext({ locale: 'fr-FR', ...options });
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  return { context, page, requests, consoleErrors };
}

/** Runs axe-core on the page (WCAG 2.1 A and AA) and returns the violations. */
export async function axe(page) {
  // Evaluated through the DevTools protocol: the page's CSP, which forbids
  // inline scripts, stays in force for the page itself.
  await page.evaluate(axeSource);
  const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), WCAG);
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

/** Saves a full-page screenshot under e2e/screenshots/. */
export async function shot(page, name) {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

/** Signs in on `page`. */
export async function signIn(page, base, account) {
  await page.goto(`${base}/admin/login`);
  await page.fill('#email', account.email);
  await page.fill('#password', account.password);
  await Promise.all([page.waitForURL((u) => !u.pathname.endsWith('/login')), page.click('button[type=submit]')]);
}
