import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  explanationDocument, findServer, installCommand, modelFromLog, progressStatus, runtimePlatform, ServerLookup, serverSettings, shouldPrewarm, statusText,
  jumpOrApply, nextEditLabel, nextEditView, suggestionId, SuggestionTracker, usageLine, versionMismatch,
} from '../logic';

function lookup(files: string[], overrides: Partial<ServerLookup> = {}, notExecutable: string[] = [], texts: Record<string, string> = {}): ServerLookup {
  return {
    serverPath: '', extensionPath: '/ext', pathVariable: '/bin', home: '/home/me', platform: 'linux-x64', windows: false,
    exists: file => files.includes(file),
    executable: file => files.includes(file) && !notExecutable.includes(file),
    readText: file => texts[file],
    ...overrides,
  };
}

test('the server comes from the setting, else the VSIX, else PATH, else the dotnet tools folder', () => {
  const files = ['/opt/cp/codepilot', '/ext/server/codepilot', '/usr/bin/codepilot', '/home/me/.dotnet/tools/codepilot'];

  assert.deepEqual(findServer(lookup(files, { serverPath: '/opt/cp/codepilot' })), { command: '/opt/cp/codepilot', args: ['serve'] });
  assert.deepEqual(findServer(lookup(files)), { command: '/ext/server/codepilot', args: ['serve'] });
  assert.deepEqual(findServer(lookup(files.slice(2), { pathVariable: '/bin:/usr/bin' })), { command: '/usr/bin/codepilot', args: ['serve'] });
  assert.deepEqual(findServer(lookup(files.slice(2))), { command: '/home/me/.dotnet/tools/codepilot', args: ['serve'] });
  assert.deepEqual(findServer(lookup(['/ext/server/codepilot.exe'], { windows: true }, ['/ext/server/codepilot.exe'])), { command: '/ext/server/codepilot.exe', args: ['serve'] });
});

test('a missing server is explained with the bundle and the install command', () => {
  const missing = findServer(lookup([]));
  assert.ok('problem' in missing && missing.problem.includes(installCommand) && missing.problem.includes('codepilot-local-linux-x64.vsix'));
  const wrong = findServer(lookup([], { serverPath: '/nope/codepilot' }));
  assert.ok('problem' in wrong && wrong.problem.includes('/nope/codepilot') && wrong.problem.includes('does not exist'));
});

test('another platform\'s server or one without execute permission is refused with the reason', () => {
  const manifest = { '/ext/server/platform.json': '{ "version": "0.1.0", "platform": "linux-arm64" }' };
  const foreign = findServer(lookup(['/ext/server/codepilot'], {}, [], manifest));
  assert.ok('problem' in foreign && foreign.problem.includes('built for linux-arm64, but this machine is linux-x64')
    && foreign.problem.includes('codepilot-0.1.0-linux-x64'), JSON.stringify(foreign));
  const ours = findServer(lookup(['/ext/server/codepilot'], { platform: 'linux-arm64' }, [], manifest));
  assert.deepEqual(ours, { command: '/ext/server/codepilot', args: ['serve'] });
  const locked = findServer(lookup(['/ext/server/codepilot'], {}, ['/ext/server/codepilot']));
  assert.ok('problem' in locked && locked.problem.includes('chmod +x /ext/server/codepilot'));
  const lockedSetting = findServer(lookup(['/opt/codepilot'], { serverPath: '/opt/codepilot' }, ['/opt/codepilot']));
  assert.ok('problem' in lockedSetting && lockedSetting.problem.includes('not executable'));
});

test('node platforms map to the bundles\' runtime identifiers', () => {
  assert.equal(runtimePlatform('linux', 'x64'), 'linux-x64');
  assert.equal(runtimePlatform('linux', 'arm64'), 'linux-arm64');
  assert.equal(runtimePlatform('darwin', 'arm64'), 'osx-arm64');
  assert.equal(runtimePlatform('win32', 'x64'), 'win-x64');
});

test('a server of another version is reported, the same version is not', () => {
  assert.equal(versionMismatch('0.1.0', '0.1.0'), undefined);
  assert.equal(versionMismatch('0.1.0', undefined), undefined);
  assert.match(versionMismatch('0.2.0', '0.1.0') ?? '', /server is version 0\.1\.0 but the extension is 0\.2\.0/);
});

const guidance = { contextScope: 'place', semanticGuard: true, tokenHealing: true, warmPlacesMb: 128, draftTokens: 0, usageStats: true, nextEdit: true, nextEditModel: '', nextEditModelName: '' };
const local = { ...guidance, backend: 'local', endpoint: '', modelName: '', backendMode: 'remote-only', apiKeyEnv: 'CODEPILOT_API_KEY' };

test('settings reach the server under the names it reads, empty models left out', () => {
  assert.deepEqual(serverSettings({ enable: true, model: '', explainModel: ' ', gpuLayers: 0, maxTokens: 64, contextTokens: 512, ...local }),
    { enable: true, gpuLayers: 0, maxTokens: 64, contextTokens: 512, contextScope: 'place', semanticGuard: true, tokenHealing: true, warmPlacesMb: 128, draftTokens: 0, usageStats: true, nextEdit: true, nextEditInline: false, backend: 'local' });
  assert.equal(serverSettings({ enable: false, model: '/m.gguf', explainModel: '/i.gguf', gpuLayers: 99, maxTokens: 1, contextTokens: 0, ...local }).explainModel, '/i.gguf');
});

test('the semantic guard and token healing can be turned off', () => {
  const off = serverSettings({ enable: true, model: '', explainModel: '', gpuLayers: 0, maxTokens: 64, contextTokens: 512, ...local, semanticGuard: false, tokenHealing: false });
  assert.equal(off.semanticGuard, false);
  assert.equal(off.tokenHealing, false);
});

test('a remote backend passes its endpoint and mode, never a key', () => {
  const remote = serverSettings({ enable: true, model: '', explainModel: '', gpuLayers: 0, maxTokens: 64, contextTokens: 512, ...guidance,
    backend: 'llama-server', endpoint: ' http://gpu-box:8080 ', modelName: '', backendMode: 'remote-first', apiKeyEnv: 'TEAM_KEY', nextEditModelName: 'sweep-1.5b' });
  assert.equal(remote.backend, 'llama-server');
  assert.equal(remote.endpoint, 'http://gpu-box:8080');
  assert.equal(remote.backendMode, 'remote-first');
  assert.equal(remote.apiKeyEnv, 'TEAM_KEY');
  assert.equal(remote.nextEditModelName, 'sweep-1.5b');
  assert.ok(!('modelName' in remote) && !('apiKey' in remote));
});

test('pre-warm once per line the cursor settles on, never with a selection', () => {
  assert.ok(shouldPrewarm(undefined, 3, true));
  assert.ok(!shouldPrewarm(3, 3, true));
  assert.ok(shouldPrewarm(3, 4, true));
  assert.ok(!shouldPrewarm(3, 4, false));
});

test('the status bar says what the server is doing', () => {
  assert.match(statusText({ kind: 'indexing', percentage: 42 }).text, /42%/);
  assert.equal(statusText({ kind: 'ready', model: 'qwen' }).tooltip, 'CodePilot: qwen');
  assert.equal(statusText({ kind: 'error', message: 'no model' }).tooltip, 'no model');
  assert.match(statusText({ kind: 'disabled' }).text, /circle-slash/);
});

test('the model name is read from the server log line', () => {
  assert.equal(modelFromLog('CodePilot model: Qwen2.5 Coder 1.5B (qwen FIM template) from --model.'), 'Qwen2.5 Coder 1.5B');
  assert.equal(modelFromLog('Indexed 7 files'), undefined);
});

test('an explanation document has a title and the text so far', () => {
  assert.equal(explanationDocument('src/a.cs', 3, 9, 'It adds.'), '# CodePilot: src/a.cs lines 3-9\n\nIt adds.');
});

test('indexing progress shows its percentage, and ready with the model when it ends', () => {
  assert.deepEqual(progressStatus({ kind: 'report', percentage: 30 }), { kind: 'indexing', percentage: 30 });
  assert.deepEqual(progressStatus({ kind: 'end' }, 'qwen'), { kind: 'ready', model: 'qwen' });
});

test('a suggestion answered counts as shown, and as dismissed when the next answer replaces it unaccepted', () => {
  const tracker = new SuggestionTracker();
  assert.deepEqual(tracker.answered('a'), [{ id: 'a', event: 'shown' }]);
  assert.deepEqual(tracker.answered('a'), []); // the same suggestion again (VS Code asks while it is shown)
  assert.deepEqual(tracker.answered('b'), [{ id: 'a', event: 'dismissed' }, { id: 'b', event: 'shown' }]);
  tracker.accepted('b');
  assert.deepEqual(tracker.answered('c'), [{ id: 'c', event: 'shown' }]); // b was accepted: not dismissed
  assert.deepEqual(tracker.answered(undefined), [{ id: 'c', event: 'dismissed' }]);
  assert.deepEqual(tracker.answered(undefined), []);
});

test('the suggestion id is read from the accept command argument', () => {
  assert.equal(suggestionId({ command: { arguments: [{ uri: 'file:///a.cs', text: 'x', id: 'abc' }] } }), 'abc');
  assert.equal(suggestionId({ command: { arguments: [{ uri: 'file:///a.cs', text: 'x' }] } }), undefined);
  assert.equal(suggestionId(undefined), undefined);
});

test('the tooltip shows today\'s acceptance rate', () => {
  assert.equal(usageLine({ enabled: true, shown: 8, accepted: 3, acceptanceRate: 0.375 }), 'Today: 38 % accepted (3 of 8 shown)');
  assert.equal(usageLine({ enabled: true, shown: 0, accepted: 0, acceptanceRate: null }), 'Today: no suggestions shown yet');
  assert.match(usageLine({ enabled: false, shown: 0, accepted: 0, acceptanceRate: null }), /off/);
  assert.equal(statusText({ kind: 'ready', model: 'qwen', usage: 'Today: 50 % accepted (1 of 2 shown)' }).tooltip, 'CodePilot: qwen\nToday: 50 % accepted (1 of 2 shown)');
});

const rename = { range: { start: { line: 4, character: 16 }, end: { line: 4, character: 21 } }, newText: 'amount' };

test('a next edit on the cursor line is an inline completion over the edit and the cursor; elsewhere it is a place to jump to', () => {
  const line = '        Count = count;';
  assert.deepEqual(nextEditView(rename, { line: 4, character: 8 }, line),
    { kind: 'inline', line: 4, startCharacter: 8, endCharacter: 21, insertText: 'Count = amount' });
  assert.deepEqual(nextEditView(rename, { line: 4, character: 22 }, line),
    { kind: 'inline', line: 4, startCharacter: 16, endCharacter: 22, insertText: 'amount;' });
  assert.deepEqual(nextEditView(rename, { line: 2, character: 0 }, 'x'), { kind: 'jump', line: 4, character: 16 });
  assert.deepEqual(nextEditView({ ...rename, newText: 'a\nb' }, { line: 4, character: 8 }, line), { kind: 'jump', line: 4, character: 16 });
});

test('Tab jumps to a next edit, then applies it', () => {
  assert.equal(jumpOrApply(rename, { line: 1, character: 0 }), 'jump');
  assert.equal(jumpOrApply(rename, { line: 4, character: 16 }), 'apply');
});

test('the decoration shows the first new line and how many more', () => {
  assert.equal(nextEditLabel(rename), ' → amount');
  assert.equal(nextEditLabel({ ...rename, newText: '    int x;\n    int y;\n' }), ' → int x; (+1 lines)');
  assert.equal(nextEditLabel({ ...rename, newText: '' }), ' → (delete)');
});
