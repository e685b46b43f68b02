import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { explanationDocument, findServer, installCommand, modelFromLog, progressStatus, serverSettings, shouldPrewarm, statusText } from '../logic';

test('the server comes from the setting, else PATH, else the dotnet tools folder', () => {
  const files = new Set(['/opt/cp/codepilot', '/usr/bin/codepilot', '/home/me/.dotnet/tools/codepilot']);
  const exists = (file: string) => files.has(file);

  assert.deepEqual(findServer('/opt/cp/codepilot', '/usr/bin', '/home/me', exists), { command: '/opt/cp/codepilot', args: ['serve'] });
  assert.deepEqual(findServer('', '/bin:/usr/bin', '/home/me', exists), { command: '/usr/bin/codepilot', args: ['serve'] });
  assert.deepEqual(findServer('', '/bin', '/home/me', exists), { command: '/home/me/.dotnet/tools/codepilot', args: ['serve'] });
});

test('a missing server is explained with the install command', () => {
  const missing = findServer('', '/bin', '/home/me', () => false);
  assert.ok('problem' in missing && missing.problem.includes(installCommand));
  const wrong = findServer('/nope/codepilot', '/bin', '/home/me', () => false);
  assert.ok('problem' in wrong && wrong.problem.includes('/nope/codepilot'));
});

const local = { backend: 'local', endpoint: '', modelName: '', backendMode: 'remote-only', apiKeyEnv: 'CODEPILOT_API_KEY' };

test('settings reach the server under the names it reads, empty models left out', () => {
  assert.deepEqual(serverSettings({ enable: true, model: '', explainModel: ' ', gpuLayers: 0, maxTokens: 64, contextTokens: 512, ...local }),
    { enable: true, gpuLayers: 0, maxTokens: 64, contextTokens: 512, backend: 'local' });
  assert.equal(serverSettings({ enable: false, model: '/m.gguf', explainModel: '/i.gguf', gpuLayers: 99, maxTokens: 1, contextTokens: 0, ...local }).explainModel, '/i.gguf');
});

test('a remote backend passes its endpoint and mode, never a key', () => {
  const remote = serverSettings({ enable: true, model: '', explainModel: '', gpuLayers: 0, maxTokens: 64, contextTokens: 512,
    backend: 'llama-server', endpoint: ' http://gpu-box:8080 ', modelName: '', backendMode: 'remote-first', apiKeyEnv: 'TEAM_KEY' });
  assert.equal(remote.backend, 'llama-server');
  assert.equal(remote.endpoint, 'http://gpu-box:8080');
  assert.equal(remote.backendMode, 'remote-first');
  assert.equal(remote.apiKeyEnv, 'TEAM_KEY');
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
