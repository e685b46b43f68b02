#!/usr/bin/env node
// eng/startup-bench.mjs SERVER [SERVER…] [--model GGUF] [--runs N]
//
// Cold start of `codepilot serve` as an editor sees it: process start to the `initialize` answer, and to
// the first inline suggestion in a one-file workspace. Several servers (e.g. two unpacked bundles, with and
// without ReadyToRun) are measured in turns within one run, so that a noisy machine affects them alike.
// Prints the median and each run's figures (ms), and the ratio of each server's medians to the first's.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const usage = 'usage: eng/startup-bench.mjs SERVER [SERVER…] [--model GGUF] [--runs N]';
const servers = [];
let model;
let runs = 5;
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--model') {
    model = args[++i];
  } else if (args[i] === '--runs') {
    runs = Number(args[++i]);
    if (!Number.isInteger(runs) || runs < 1) fail(`--runs '${args[i]}' is not a positive whole number`);
  } else if (args[i].startsWith('-')) {
    fail(`unknown option '${args[i]}'`);
  } else {
    servers.push(args[i]);
  }
}
if (servers.length === 0) fail(usage);
for (const server of servers) if (!fs.existsSync(server)) fail(`SERVER '${server}' does not exist`);
if (model !== undefined && !fs.existsSync(model)) fail(`--model '${model}' does not exist`);

function fail(message) {
  console.error(`startup-bench: ${message}`);
  process.exit(2);
}

/** One cold start: {initialize, suggestion} in ms from spawning the process. */
async function measure(server) {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'codepilot-startup-'));
  const file = path.join(workspace, 'Program.cs');
  const text = 'public static class Program\n{\n    public static int Add(int a, int b)\n    {\n        return \n    }\n}\n';
  fs.writeFileSync(file, text);
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
  const child = spawn(server, ['serve', ...(model ? ['--model', model] : [])], {
    stdio: ['pipe', 'pipe', 'ignore'],
    env: { ...process.env, XDG_CACHE_HOME: path.join(workspace, '.cache') },
  });
  const waiting = new Map();
  let buffer = Buffer.alloc(0);
  child.stdout.on('data', chunk => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())[1]);
      if (buffer.length < end + 4 + length) return;
      const message = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString());
      buffer = buffer.subarray(end + 4 + length);
      if (message.id !== undefined && message.method !== undefined) {
        send({ jsonrpc: '2.0', id: message.id, result: null }); // the server's own requests (progress tokens)
      } else if (waiting.has(message.id)) {
        waiting.get(message.id)(message);
      }
    }
  });
  const send = message => {
    const body = Buffer.from(JSON.stringify(message));
    child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    child.stdin.write(body);
  };
  let nextId = 0;
  const request = (method, params) => new Promise((resolve, reject) => {
    const id = ++nextId;
    const timer = setTimeout(() => reject(new Error(`${method}: no answer within 120 s`)), 120000);
    waiting.set(id, message => { clearTimeout(timer); message.error ? reject(new Error(`${method}: ${message.error.message}`)) : resolve(message.result); });
    send({ jsonrpc: '2.0', id, method, params });
  });
  try {
    const uri = pathToFileURL(file).href;
    await request('initialize', { processId: process.pid, rootUri: pathToFileURL(workspace).href, capabilities: {} });
    const initialize = elapsed();
    send({ jsonrpc: '2.0', method: 'initialized', params: {} });
    send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'csharp', version: 1, text } } });
    const result = await request('textDocument/inlineCompletion', {
      textDocument: { uri }, position: { line: 4, character: 15 }, context: { triggerKind: 2 },
    });
    const suggestion = elapsed();
    if (!result || !Array.isArray(result.items)) throw new Error('the inline completion answer has no items');
    await request('shutdown', null);
    send({ jsonrpc: '2.0', method: 'exit' });
    return { initialize, suggestion };
  } finally {
    child.kill();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

const figures = servers.map(() => []);
for (let run = 0; run < runs; run++) {
  for (let s = 0; s < servers.length; s++) {
    figures[s].push(await measure(servers[s]));
  }
}
const median = values => { const sorted = [...values].sort((a, b) => a - b); return sorted[Math.floor(sorted.length / 2)]; };
const medians = figures.map(f => ({ initialize: median(f.map(x => x.initialize)), suggestion: median(f.map(x => x.suggestion)) }));
servers.forEach((server, s) => {
  const ratio = s === 0 ? '' : `  ratio to the first: initialize ${(medians[s].initialize / medians[0].initialize).toFixed(2)}, suggestion ${(medians[s].suggestion / medians[0].suggestion).toFixed(2)}`;
  console.log(`${server}: median initialize ${medians[s].initialize.toFixed(0)} ms, first suggestion ${medians[s].suggestion.toFixed(0)} ms (${runs} runs)${ratio}`);
  console.log(`  runs (initialize/suggestion ms): ${figures[s].map(x => `${x.initialize.toFixed(0)}/${x.suggestion.toFixed(0)}`).join(' ')}`);
});
