import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { explanationDocument, findServer, installCommand, modelFromLog, progressStatus, serverSettings, statusText } from '../logic';

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

test('settings reach the server under the names it reads, empty models left out', () => {
  assert.deepEqual(serverSettings({ enable: true, model: '', explainModel: ' ', gpuLayers: 0, maxTokens: 64, contextTokens: 512 }),
    { enable: true, gpuLayers: 0, maxTokens: 64, contextTokens: 512 });
  assert.equal(serverSettings({ enable: false, model: '/m.gguf', explainModel: '/i.gguf', gpuLayers: 99, maxTokens: 1, contextTokens: 0 }).explainModel, '/i.gguf');
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
