// CodePilot for VS Code: a thin client of `codepilot serve`. Ghost text comes from the language
// client's own textDocument/inlineCompletion support (vscode-languageclient 11), fixes from its code
// actions; this file adds the server lookup (the platform-specific VSIX carries its own server in server/),
// settings, status bar and Explain Selection. It makes no network request of its own.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, State, WorkDoneProgress } from 'vscode-languageclient/node';
import {
  explanationDocument, findServer, jumpOrApply, modelFromLog, NextEdit, nextEditLabel, nextEditView, progressStatus, runtimePlatform, serverSettings,
  Settings, shouldPrewarm, Status, statusText, suggestionId, SuggestionTracker, Usage, usageLine, versionMismatch,
} from './logic';

const languages = ['csharp', 'python', 'typescript', 'javascript', 'lua', 'go', 'rust', 'java', 'c', 'cpp'];

let client: LanguageClient | undefined;
let statusItem: vscode.StatusBarItem;
let explainCount = 0;
let model: string | undefined;
let usage: string | undefined;
let usageAsked = 0;
const suggestions = new SuggestionTracker();

function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration('codepilot');
  return {
    enable: config.get<boolean>('enable', true),
    model: config.get<string>('model', ''),
    explainModel: config.get<string>('explainModel', ''),
    gpuLayers: config.get<number>('gpuLayers', 0),
    maxTokens: config.get<number>('maxTokens', 128),
    contextTokens: config.get<number>('contextTokens', 1024),
    contextScope: config.get<string>('contextScope', 'place'),
    semanticGuard: config.get<boolean>('semanticGuard', true),
    tokenHealing: config.get<boolean>('tokenHealing', true),
    warmPlacesMb: config.get<number>('warmPlacesMb', 128),
    draftTokens: config.get<number>('draftTokens', 0),
    usageStats: config.get<boolean>('usageStats', true),
    nextEdit: config.get<boolean>('nextEdit', true),
    nextEditModel: config.get<string>('nextEditModel', ''),
    nextEditModelName: config.get<string>('nextEditModelName', ''),
    backend: config.get<string>('backend', 'local'),
    endpoint: config.get<string>('endpoint', ''),
    modelName: config.get<string>('modelName', ''),
    backendMode: config.get<string>('backendMode', 'remote-only'),
    apiKeyEnv: config.get<string>('apiKeyEnv', 'CODEPILOT_API_KEY'),
  };
}

function show(status: Status): void {
  const { text, tooltip } = statusText(status.kind === 'ready' ? { ...status, usage } : status);
  statusItem.text = text;
  statusItem.tooltip = tooltip;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  statusItem = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  statusItem.command = 'codepilot.showLog';
  statusItem.show();
  context.subscriptions.push(statusItem);

  const server = findServer({
    serverPath: vscode.workspace.getConfiguration('codepilot').get<string>('serverPath', ''),
    extensionPath: context.extensionPath,
    pathVariable: process.env.PATH ?? '',
    home: os.homedir(),
    platform: runtimePlatform(process.platform, process.arch),
    windows: process.platform === 'win32',
    exists: fs.existsSync,
    executable: file => {
      try {
        fs.accessSync(file, fs.constants.X_OK);
        return true;
      } catch {
        return false;
      }
    },
    readText: file => {
      try {
        return fs.readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
  });
  if ('problem' in server) {
    show({ kind: 'error', message: server.problem });
    void vscode.window.showErrorMessage(server.problem);
    return;
  }

  const serverOptions: ServerOptions = { command: server.command, args: server.args };
  const clientOptions: LanguageClientOptions = {
    documentSelector: languages.map(language => ({ language })),
    initializationOptions: serverSettings(readSettings()),
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*') },
    middleware: {
      // VS Code asks on every keystroke; wait for a pause (cancelled by the next keystroke) and respect Toggle.
      provideInlineCompletionItems: async (document, position, inlineContext, token, next) => {
        const pendingInline = inlineNextEdit(document, position);
        if (pendingInline) {
          return [pendingInline]; // a next edit on this line: shown as VS Code shows any inline suggestion with a range
        }
        const settings = vscode.workspace.getConfiguration('codepilot');
        if (!settings.get<boolean>('enable', true) || !(await pause(settings.get<number>('debounceMs', 150), token))) {
          return null;
        }
        show({ kind: 'generating' });
        try {
          const result = await next(document, position, inlineContext, token);
          if (!token.isCancellationRequested) {
            const items = Array.isArray(result) ? result : result?.items;
            report(suggestions.answered(suggestionId(items?.[0])));
          }
          return result;
        } finally {
          show({ kind: 'ready', model });
        }
      },
      executeCommand: async (command, args, next) => {
        if (command === 'codepilot.acceptedSuggestion') {
          suggestions.accepted(suggestionId({ command: { arguments: args } }));
          setTimeout(() => void refreshUsage(), 500); // after the server counted it
        }
        return next(command, args);
      },
    },
  };
  const languageClient = new LanguageClient('codepilot', 'CodePilot', serverOptions, clientOptions);
  client = languageClient;
  show({ kind: 'starting' });
  context.subscriptions.push(client.onDidChangeState(change => {
    if (change.newState === State.Running) {
      show(readSettings().enable ? { kind: 'ready' } : { kind: 'disabled' });
    } else if (change.newState === State.Stopped) {
      show({ kind: 'error', message: 'The CodePilot server stopped: see CodePilot: Show Log' });
    }
  }));

  context.subscriptions.push(
    vscode.commands.registerCommand('codepilot.showLog', () => client?.outputChannel.show()),
    vscode.commands.registerCommand('codepilot.toggle', async () => {
      const config = vscode.workspace.getConfiguration('codepilot');
      await config.update('enable', !config.get<boolean>('enable', true), vscode.ConfigurationTarget.Global);
    }),
    vscode.commands.registerCommand('codepilot.explainSelection', () => explainSelection()),
    vscode.commands.registerCommand('codepilot.nextEdit', () => {
      const editor = vscode.window.activeTextEditor;
      if (editor) {
        void requestNextEdit(editor);
      }
    }),
    vscode.commands.registerCommand('codepilot.nextEditJumpOrApply', () => jumpOrApplyNextEdit()),
    vscode.commands.registerCommand('codepilot.nextEditDismiss', () => clearNextEdit()),
    nextEditDecoration,
    // After an edit pause, ask for the next edit; any edit drops the one shown and cancels one being computed.
    vscode.workspace.onDidChangeTextDocument(event => {
      const editor = vscode.window.activeTextEditor;
      if (editor && event.document === editor.document && event.contentChanges.length > 0) {
        scheduleNextEdit(editor);
      }
    }),
    // LSP has no cursor-moved event: tell the server where the cursor settled, so the first keystroke there is quick.
    vscode.window.onDidChangeTextEditorSelection(event => schedulePrewarm(event.textEditor)),
    vscode.workspace.onDidChangeConfiguration(async event => {
      if (event.affectsConfiguration('codepilot') && client?.isRunning()) {
        const settings = readSettings();
        await client.sendNotification('workspace/didChangeConfiguration', { settings: { codepilot: serverSettings(settings) } });
        show(settings.enable ? { kind: 'ready' } : { kind: 'disabled' });
      }
    }),
  );

  // The server's own progress (indexing the workspace) goes to the status bar.
  languageClient.onRequest('window/workDoneProgress/create', (params: { token: string | number }) => {
    context.subscriptions.push(languageClient.onProgress(WorkDoneProgress.type, params.token, value => show(progressStatus(value, model))));
    return null;
  });
  context.subscriptions.push(client.onNotification('window/logMessage', (message: { message: string }) => {
    model = modelFromLog(message.message) ?? model;
    if (model && modelFromLog(message.message)) {
      show({ kind: 'ready', model });
    }
  }));
  try {
    await client.start();
  } catch (error) {
    const message = `The CodePilot server ${server.command} could not start: ${error instanceof Error ? error.message : String(error)}`;
    show({ kind: 'error', message });
    void vscode.window.showErrorMessage(message);
    return;
  }
  const mismatch = versionMismatch(context.extension.packageJSON.version as string, client.initializeResult?.serverInfo?.version);
  if (mismatch) {
    client.outputChannel.appendLine(mismatch);
    void vscode.window.showWarningMessage(mismatch);
  }
}

/** Sends what became of suggestions to the server's local usage statistics. */
function report(events: { id: string; event: string }[]): void {
  for (const event of events) {
    void client?.sendNotification('codepilot/suggestionEvent', event);
  }
  if (events.length > 0 && Date.now() - usageAsked > 10_000) {
    void refreshUsage();
  }
}

/** Today's acceptance rate for the status bar tooltip (codepilot/usage). */
async function refreshUsage(): Promise<void> {
  usageAsked = Date.now();
  if (!client?.isRunning()) {
    return;
  }
  try {
    usage = usageLine(await client.sendRequest<Usage>('codepilot/usage', { days: 1 }));
    if (statusItem.text.includes('sparkle')) {
      show({ kind: 'ready', model });
    }
  } catch {
    usage = undefined; // an older server, or one that is stopping
  }
}

const nextEditDecoration = vscode.window.createTextEditorDecorationType({
  backgroundColor: new vscode.ThemeColor('diffEditor.removedTextBackground'),
  after: { color: new vscode.ThemeColor('editorGhostText.foreground') },
});
let pendingNextEdit: { document: vscode.TextDocument; version: number; edits: NextEdit[] } | undefined;
let nextEditRequest: vscode.CancellationTokenSource | undefined;
let nextEditTimer: NodeJS.Timeout | undefined;
let nextEditOff = false;

function clearNextEdit(): void {
  clearTimeout(nextEditTimer);
  nextEditRequest?.cancel();
  pendingNextEdit = undefined;
  vscode.window.activeTextEditor?.setDecorations(nextEditDecoration, []);
  void vscode.commands.executeCommand('setContext', 'codepilot.nextEditPending', false);
}

function scheduleNextEdit(editor: vscode.TextEditor): void {
  clearNextEdit();
  const config = vscode.workspace.getConfiguration('codepilot');
  if (nextEditOff || !config.get<boolean>('nextEdit', true)) {
    return;
  }
  nextEditTimer = setTimeout(() => void requestNextEdit(editor), config.get<number>('nextEditDebounceMs', 600));
}

async function requestNextEdit(editor: vscode.TextEditor): Promise<void> {
  if (!client?.isRunning()) {
    return;
  }
  clearNextEdit();
  const request = nextEditRequest = new vscode.CancellationTokenSource();
  const document = editor.document;
  const version = document.version;
  const position = editor.selection.active;
  try {
    const result = await client.sendRequest<{ edits: NextEdit[]; reason: string | null }>('codepilot/nextEdit', {
      textDocument: { uri: document.uri.toString() },
      position: { line: position.line, character: position.character },
    }, request.token);
    if (result.reason?.startsWith('next edits are off')) {
      nextEditOff = true; // no next-edit model on the server: stop asking after every edit (CodePilot: Next Edit still asks)
    }
    if (request.token.isCancellationRequested || document.version !== version || result.edits.length === 0) {
      return;
    }
    pendingNextEdit = { document, version, edits: result.edits };
    void vscode.commands.executeCommand('setContext', 'codepilot.nextEditPending', true);
    const view = nextEditView(result.edits[0], position, document.lineAt(position.line).text);
    if (view.kind === 'inline') {
      void vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    }
    editor.setDecorations(nextEditDecoration, result.edits.map(edit => ({
      range: rangeOf(edit),
      renderOptions: { after: { contentText: nextEditLabel(edit) } },
    })));
  } catch {
    // cancelled by the next keystroke, or the server is stopping
  }
}

function rangeOf(edit: NextEdit): vscode.Range {
  return new vscode.Range(edit.range.start.line, edit.range.start.character, edit.range.end.line, edit.range.end.character);
}

/** The pending next edit as an inline suggestion, when it lies on the cursor's line of this document version. */
function inlineNextEdit(document: vscode.TextDocument, position: vscode.Position): vscode.InlineCompletionItem | undefined {
  if (!pendingNextEdit || pendingNextEdit.document !== document || pendingNextEdit.version !== document.version) {
    return undefined;
  }
  const view = nextEditView(pendingNextEdit.edits[0], position, document.lineAt(position.line).text);
  return view.kind === 'inline'
    ? new vscode.InlineCompletionItem(view.insertText, new vscode.Range(view.line, view.startCharacter, view.line, view.endCharacter))
    : undefined;
}

/** Tab with a next edit pending: go to it, or, at it, apply it (all its edits). */
async function jumpOrApplyNextEdit(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !pendingNextEdit || pendingNextEdit.document !== editor.document || pendingNextEdit.version !== editor.document.version) {
    return; // nothing to go to (yet): one being computed goes on
  }
  const first = pendingNextEdit.edits[0];
  if (jumpOrApply(first, editor.selection.active) === 'jump') {
    const at = new vscode.Position(first.range.start.line, first.range.start.character);
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  for (const change of pendingNextEdit.edits) {
    edit.replace(editor.document.uri, rangeOf(change), change.newText);
  }
  clearNextEdit();
  await vscode.workspace.applyEdit(edit);
}

const prewarmedLine = new Map<string, number>();
let prewarmTimer: NodeJS.Timeout | undefined;

function schedulePrewarm(editor: vscode.TextEditor): void {
  const uri = editor.document.uri.toString();
  const position = editor.selection.active;
  if (!client?.isRunning() || !shouldPrewarm(prewarmedLine.get(uri), position.line, editor.selection.isEmpty)
    || !vscode.workspace.getConfiguration('codepilot').get<boolean>('enable', true)) {
    return;
  }
  clearTimeout(prewarmTimer);
  prewarmTimer = setTimeout(() => {
    if (vscode.window.activeTextEditor !== editor || !editor.selection.active.isEqual(position)) {
      return; // moved on again
    }
    prewarmedLine.set(uri, position.line);
    void client?.sendNotification('codepilot/prewarm', { textDocument: { uri }, position: { line: position.line, character: position.character } });
  }, 300);
}

/** Opens a Markdown document beside the editor and fills it as the server streams the explanation. */
async function explainSelection(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !client) {
    return;
  }
  const selection = editor.selection.isEmpty ? editor.document.lineAt(editor.selection.active.line).range : editor.selection;
  const fileName = vscode.workspace.asRelativePath(editor.document.uri);
  const first = selection.start.line + 1;
  const last = selection.end.line + 1;
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: explanationDocument(fileName, first, last, '…') });
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
  const replaceWith = async (markdown: string) => {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), explanationDocument(fileName, first, last, markdown));
    await vscode.workspace.applyEdit(edit);
  };
  const token = `codepilot-explain-${++explainCount}`;
  const progress = client.onProgress(WorkDoneProgress.type, token, value => {
    if (value.kind === 'report' && value.message) {
      void replaceWith(value.message);
    }
  });
  show({ kind: 'generating' });
  try {
    const result = await client.sendRequest<{ markdown: string; model: string }>('codepilot/explain', {
      textDocument: { uri: editor.document.uri.toString() },
      range: client.code2ProtocolConverter.asRange(selection),
      workDoneToken: token,
    });
    await replaceWith(result.markdown);
    show({ kind: 'ready', model: result.model });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await replaceWith(`**${message}**`);
    show({ kind: 'error', message });
  } finally {
    progress.dispose();
  }
}

/** Waits, and says whether the wait ended without the request being cancelled. */
function pause(milliseconds: number, token: vscode.CancellationToken): Promise<boolean> {
  return new Promise(resolve => {
    const timer = setTimeout(() => resolve(!token.isCancellationRequested), Math.max(0, milliseconds));
    token.onCancellationRequested(() => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
