// Drives real VS Code (code-server) in Chromium: the installed .vsix, a C# file of a real git
// workspace, the real `codepilot serve` and model. Screenshots go to ARTIFACTS. Exits non-zero on failure.
// Environment: CODE_SERVER, VSIX, WORKSPACE (a git folder with Calculator.cs), ARTIFACTS, PORT; optional
// SERVER (codepilot.serverPath; unset: the server inside a platform-specific VSIX) and MODEL (codepilot.model).
// SCENARIO=next-edit instead opens Shop.cs, renames a parameter and takes the next edit with Tab, Tab; its
// next-edit model is a team's server (ENDPOINT, NEXT_EDIT_MODEL_NAME: the test's stand-in).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';

const env = name => process.env[name] ?? (() => { throw new Error(`${name} is not set`); })();
const [codeServer, vsix, workspace, artifacts, port] = ['CODE_SERVER', 'VSIX', 'WORKSPACE', 'ARTIFACTS', 'PORT'].map(env);
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'codepilot-e2e-'));
const user = path.join(home, 'user');
const extensions = path.join(home, 'extensions');
fs.mkdirSync(path.join(user, 'User'), { recursive: true });
fs.writeFileSync(path.join(user, 'User', 'settings.json'), JSON.stringify({
  ...(process.env.SERVER ? { 'codepilot.serverPath': process.env.SERVER } : {}),
  ...(process.env.MODEL ? { 'codepilot.model': process.env.MODEL } : {}),
  // A random-weight model invents names, which the compile check would cut: this test is about the editor.
  'codepilot.semanticGuard': false,
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'editor.inlineSuggest.enabled': true,
  'telemetry.telemetryLevel': 'off',
  'chat.disableAIFeatures': true,
  ...(process.env.SCENARIO === 'next-edit' ? {
    'codepilot.backend': 'llama-server',
    'codepilot.endpoint': process.env.ENDPOINT,
    'codepilot.nextEditModelName': process.env.NEXT_EDIT_MODEL_NAME,
    'codepilot.nextEditDebounceMs': 300,
    'codepilot.enable': false, // no ghost text: Tab is the next edit's here
  } : {}),
}));

const install = spawnSync(codeServer, ['--user-data-dir', user, '--extensions-dir', extensions, '--install-extension', vsix], { encoding: 'utf8' });
if (install.status !== 0 || !/successfully installed/.test(install.stdout)) {
  throw new Error('installing the .vsix failed:\n' + install.stdout + install.stderr);
}

const editor = spawn(codeServer, ['--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
  '--bind-addr', `127.0.0.1:${port}`, '--user-data-dir', user, '--extensions-dir', extensions, workspace], { stdio: 'ignore' });
/**
 * Renames the constructor's parameter on line 3; the next edit changes its use on line 5. "Go to or Apply Next
 * Edit" (Tab's command, run from the palette until the next edit has come: before, Tab would indent) goes there,
 * then Tab applies it.
 */
async function nextEdit(page, text) {
  // The server runs: the status item no longer spins (suggestions off, or ready once it named the model).
  await page.waitForSelector('.statusbar-item .codicon-circle-slash, .statusbar-item .codicon-sparkle', { timeout: 120000 });
  await page.keyboard.press('Control+G');
  await page.keyboard.type('3:21');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Shift+End');
  await page.keyboard.type('amount)');
  const status = async () => page.$$eval('.statusbar-item', items => items.map(item => item.textContent ?? '').join(' | '));
  let position = '';
  const run = async command => {
    await page.keyboard.press('F1');
    await page.keyboard.type(command);
    await page.waitForTimeout(300);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
  };
  // Tab's command, from the palette (Tab itself would indent until the next edit is there); now and then ask again.
  for (let attempt = 0; attempt < 20 && !position.includes('Ln 5, Col 17'); attempt++) {
    await page.waitForTimeout(1000);
    if (attempt % 3 === 2) {
      await run('CodePilot: Suggest Next Edit');
      await page.waitForTimeout(1000);
    }
    await run('CodePilot: Go to or Apply');
    position = await status();
  }
  await page.screenshot({ path: path.join(artifacts, 'next-edit-jump.png') });
  check(position.includes('Ln 5, Col 17'), 'did not go to the next edit: ' + position);
  await page.keyboard.press('Tab');
  await page.waitForTimeout(1000);
  const after = (await text()).replace(/\u00a0/g, ' '); // the editor draws spaces as no-break spaces
  await page.screenshot({ path: path.join(artifacts, 'next-edit-applied.png') });
  check(after.includes('Count = amount;') && after.includes('public Shop(int amount)'), 'the next edit was not applied:\n' + after);
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const check = (condition, message) => { if (!condition) throw new Error(message); };
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  for (let attempt = 0; ; attempt++) {
    try {
      await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
      break;
    } catch (error) {
      if (attempt > 60) throw error;
      await page.waitForTimeout(500);
    }
  }
  await page.waitForSelector('.monaco-workbench', { timeout: 120000 });
  await page.click(process.env.SCENARIO === 'next-edit' ? 'text=Shop.cs' : 'text=Calculator.cs', { timeout: 60000 });
  const lines = '.editor-instance .monaco-editor .view-lines';
  await page.waitForSelector(lines, { timeout: 60000 });
  await page.click(lines);
  const text = async () => page.$eval(lines, element => {
    const copy = element.cloneNode(true);
    copy.querySelectorAll('.ghost-text-decoration, .ghost-text-decoration-preview, .ghost-text').forEach(ghost => ghost.remove());
    return [...copy.querySelectorAll('.view-line')].map(line => line.textContent).join('\n');
  });

  await (process.env.SCENARIO === 'next-edit' ? nextEdit(page, text) : ghostTextAndExplain(page, text));
  console.log('E2E PASSED');
} finally {
  await browser.close();
  editor.kill();
  fs.rmSync(home, { recursive: true, force: true });
}

/** Ghost text at the end of "var result = ", Tab accepts it; Explain Selection opens its Markdown document. */
async function ghostTextAndExplain(page, text) {
  // Type at the end of "var result = " and wait for the server's ghost text.
  let ghost = null;
  for (let attempt = 0; attempt < 6 && !ghost; attempt++) {
    await page.keyboard.press('Control+G');
    await page.keyboard.type('7:22');
    await page.keyboard.press('Enter');
    await page.keyboard.type(' ');
    ghost = await page.waitForSelector('.ghost-text-decoration, .ghost-text', { timeout: 15000 }).catch(() => null);
  }
  await page.screenshot({ path: path.join(artifacts, 'ghost-text.png') });
  check(ghost, 'no ghost text appeared');
  const before = await text();
  check(!before.includes('\u0000'), 'the ghost text was read as document text');

  await page.keyboard.press('Tab');
  await page.waitForTimeout(1000);
  const after = await text();
  await page.screenshot({ path: path.join(artifacts, 'accepted.png') });
  check(after !== before && after.length > before.length, 'Tab did not insert the suggestion');

  // Explain Selection: a Markdown document opens beside the editor.
  await page.keyboard.press('Control+A');
  await page.keyboard.press('F1');
  await page.keyboard.type('CodePilot: Explain Selection');
  await page.waitForTimeout(500);
  await page.keyboard.press('Enter');
  await page.waitForSelector('text=# CodePilot: Calculator.cs', { timeout: 120000 });
  await page.waitForTimeout(3000);
  await page.screenshot({ path: path.join(artifacts, 'explain.png') });
}
