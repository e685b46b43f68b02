// The extension's decisions, free of the `vscode` module so that they are unit-tested with node:test.
import * as path from 'node:path';

/** How the server is started, or why it cannot be. */
export type ServerCommand = { command: string; args: string[] } | { problem: string };

export const installCommand = 'dotnet tool install --global CodePilotLocal';

/** What findServer may look at: the setting, the extension's own folder, PATH and the file system. */
export interface ServerLookup {
  /** The `codepilot.serverPath` setting. */
  serverPath: string;
  /** The extension's folder: a platform-specific VSIX carries its server in `server/`. */
  extensionPath: string;
  pathVariable: string;
  home: string;
  /** This machine as a .NET runtime identifier (runtimePlatform). */
  platform: string;
  windows: boolean;
  exists(file: string): boolean;
  executable(file: string): boolean;
  /** A file's text, or undefined when it cannot be read. */
  readText(file: string): string | undefined;
}

/** Node's platform and architecture as the .NET runtime identifier the bundles are named by (linux-x64, osx-arm64, win-x64). */
export function runtimePlatform(platform: string, arch: string): string {
  const os = ({ darwin: 'osx', win32: 'win' } as Record<string, string>)[platform] ?? platform;
  return `${os}-${arch}`;
}

/**
 * The server, first match wins: the `codepilot.serverPath` setting, the server inside this (platform-specific)
 * VSIX, `codepilot` on PATH, ~/.dotnet/tools (where `dotnet tool install --global` puts it). A server that
 * cannot run here — missing, another platform's build, not executable — is a problem that says which and why.
 */
export function findServer(lookup: ServerLookup): ServerCommand {
  const name = lookup.windows ? 'codepilot.exe' : 'codepilot';
  if (lookup.serverPath.trim() !== '') {
    if (!lookup.exists(lookup.serverPath)) {
      return { problem: `codepilot.serverPath points to ${lookup.serverPath}, which does not exist.` };
    }
    return runnable(lookup.serverPath, lookup);
  }
  const bundled = path.join(lookup.extensionPath, 'server', name);
  if (lookup.exists(bundled)) {
    return runnable(bundled, lookup);
  }
  const folders = lookup.pathVariable.split(lookup.windows ? ';' : ':').filter(f => f !== '');
  folders.push(path.join(lookup.home, '.dotnet', 'tools'));
  for (const folder of folders) {
    const candidate = path.join(folder, name);
    if (lookup.exists(candidate)) {
      return { command: candidate, args: ['serve'] };
    }
  }
  return {
    problem: `The CodePilot server (codepilot) was not found. Install the VSIX for this machine (codepilot-local-${lookup.platform}.vsix from the `
      + `offline bundle codepilot-VERSION-${lookup.platform}), set codepilot.serverPath, or install it with: ${installCommand}`,
  };
}

/** The server at `file`, unless its bundle's platform.json names another platform or it is not executable. */
function runnable(file: string, lookup: ServerLookup): ServerCommand {
  const manifest = lookup.readText(path.join(path.dirname(file), 'platform.json'));
  if (manifest !== undefined) {
    let built: { platform?: string; version?: string } = {};
    try {
      built = JSON.parse(manifest) as typeof built;
    } catch {
      // an unreadable manifest says nothing about the platform; the start itself will tell
    }
    if (built.platform && built.platform !== lookup.platform) {
      return {
        problem: `The CodePilot server at ${file} is built for ${built.platform}, but this machine is ${lookup.platform}. `
          + `Install codepilot-local-${lookup.platform}.vsix from the bundle codepilot-${built.version ?? 'VERSION'}-${lookup.platform}.`,
      };
    }
  }
  if (!lookup.windows && !lookup.executable(file)) {
    return { problem: `The CodePilot server at ${file} is not executable: run chmod +x ${file}` };
  }
  return { command: file, args: ['serve'] };
}

/** A warning when the server and the extension come from different releases, or undefined when they agree. */
export function versionMismatch(extensionVersion: string, serverVersion: string | undefined): string | undefined {
  if (serverVersion === undefined || serverVersion === extensionVersion) {
    return undefined;
  }
  return `The CodePilot server is version ${serverVersion} but the extension is ${extensionVersion}: some features may not work. `
    + `Install the extension and the server from the same bundle (or set codepilot.serverPath to the matching server).`;
}

/** The `codepilot.*` settings the server reads, by the names it reads them (initializationOptions and didChangeConfiguration). */
export interface Settings {
  enable: boolean;
  model: string;
  explainModel: string;
  gpuLayers: number;
  maxTokens: number;
  contextTokens: number;
  contextScope: string;
  semanticGuard: boolean;
  tokenHealing: boolean;
  warmPlacesMb: number;
  draftTokens: number;
  usageStats: boolean;
  nextEdit: boolean;
  nextEditModel: string;
  nextEditModelName: string;
  backend: string;
  endpoint: string;
  modelName: string;
  backendMode: string;
  apiKeyEnv: string;
}

export function serverSettings(settings: Settings): Record<string, unknown> {
  const result: Record<string, unknown> = {
    enable: settings.enable,
    gpuLayers: settings.gpuLayers,
    maxTokens: settings.maxTokens,
    contextTokens: settings.contextTokens,
    contextScope: settings.contextScope,
    semanticGuard: settings.semanticGuard,
    tokenHealing: settings.tokenHealing,
    warmPlacesMb: settings.warmPlacesMb,
    draftTokens: settings.draftTokens,
    usageStats: settings.usageStats,
    nextEdit: settings.nextEdit,
    nextEditInline: false, // next edits come through codepilot/nextEdit, shown by this extension; not as inline items too
  };
  if (settings.model.trim() !== '') {
    result.model = settings.model;
  }
  if (settings.nextEditModel.trim() !== '') {
    result.nextEditModel = settings.nextEditModel;
  }
  if (settings.explainModel.trim() !== '') {
    result.explainModel = settings.explainModel;
  }
  result.backend = settings.backend;
  if (settings.backend !== 'local') {
    for (const key of ['endpoint', 'modelName', 'backendMode', 'apiKeyEnv', 'nextEditModelName'] as const) {
      if (settings[key].trim() !== '') {
        result[key] = settings[key].trim();
      }
    }
  }
  return result;
}

/**
 * Whether the cursor landed somewhere worth pre-warming (codepilot/prewarm): another line than the one
 * last pre-warmed, with nothing selected.
 */
export function shouldPrewarm(lastLine: number | undefined, line: number, selectionEmpty: boolean): boolean {
  return selectionEmpty && line !== lastLine;
}

/** What the status bar shows. */
export type Status =
  | { kind: 'starting' }
  | { kind: 'ready'; model?: string; usage?: string }
  | { kind: 'indexing'; percentage?: number }
  | { kind: 'generating' }
  | { kind: 'disabled' }
  | { kind: 'error'; message: string };

export function statusText(status: Status): { text: string; tooltip: string } {
  switch (status.kind) {
    case 'starting':
      return { text: '$(loading~spin) CodePilot', tooltip: 'Starting the CodePilot server' };
    case 'ready':
      return {
        text: '$(sparkle) CodePilot',
        tooltip: (status.model ? `CodePilot: ${status.model}` : 'CodePilot is ready') + (status.usage ? `\n${status.usage}` : ''),
      };
    case 'indexing':
      return { text: `$(sync~spin) CodePilot ${status.percentage ?? 0}%`, tooltip: 'CodePilot is indexing the workspace' };
    case 'generating':
      return { text: '$(loading~spin) CodePilot', tooltip: 'CodePilot is writing' };
    case 'disabled':
      return { text: '$(circle-slash) CodePilot', tooltip: 'CodePilot suggestions are off (CodePilot: Toggle)' };
    case 'error':
      return { text: '$(error) CodePilot', tooltip: status.message };
  }
}

/** The model name in the server's "CodePilot model: NAME (...)" log line, if that is what the line says. */
export function modelFromLog(message: string): string | undefined {
  const match = /^CodePilot model: (.+?) \(/.exec(message);
  return match ? match[1] : undefined;
}

/** The Markdown document an explanation fills: a title, then the text written so far. */
export function explanationDocument(fileName: string, firstLine: number, lastLine: number, markdown: string): string {
  return `# CodePilot: ${fileName} lines ${firstLine}-${lastLine}\n\n${markdown}`;
}

/** A server progress report (indexing) as the status bar shows it: its percentage while it runs, ready when it ends. */
export function progressStatus(value: { kind: string; percentage?: number }, model?: string): Status {
  return value.kind === 'end' ? { kind: 'ready', model } : { kind: 'indexing', percentage: value.percentage };
}

/** What codepilot/usage answers (the server's local usage statistics). */
export interface Usage {
  enabled: boolean;
  shown: number;
  accepted: number;
  acceptanceRate: number | null;
}

/** Today's acceptance rate as the status bar tooltip shows it. */
export function usageLine(usage: Usage): string {
  if (!usage.enabled) {
    return 'Usage statistics are off (codepilot.usageStats)';
  }
  if (usage.shown === 0 || usage.acceptanceRate === null) {
    return 'Today: no suggestions shown yet';
  }
  return `Today: ${Math.round(usage.acceptanceRate * 100)} % accepted (${usage.accepted} of ${usage.shown} shown)`;
}

/** The id the server gave an inline suggestion: in its accept command's argument ({uri, position, text, id}). */
export function suggestionId(item: { command?: { arguments?: unknown[] } } | undefined): string | undefined {
  const argument = item?.command?.arguments?.[0] as { id?: unknown } | undefined;
  return typeof argument?.id === 'string' ? argument.id : undefined;
}

export interface SuggestionEvent {
  id: string;
  event: 'shown' | 'dismissed';
}

/**
 * What becomes of the suggestions VS Code shows, for codepilot/suggestionEvent. The stable API reports no
 * "shown" or "dismissed": a suggestion returned to VS Code counts as shown, and one replaced by the next
 * answer (or by none) without being accepted counts as dismissed. Accepts need no event: VS Code runs the
 * item's command, which the server counts. Partial accepts (word, line) are not reported by the stable API.
 */
export class SuggestionTracker {
  private last: { id: string; accepted: boolean } | undefined;

  /** An answer came back and VS Code will show its first item (id), or there was none (undefined). */
  answered(id: string | undefined): SuggestionEvent[] {
    const events: SuggestionEvent[] = [];
    if (this.last && !this.last.accepted && this.last.id !== id) {
      events.push({ id: this.last.id, event: 'dismissed' });
    }
    if (id && this.last?.id !== id) {
      events.push({ id, event: 'shown' });
    }
    this.last = id ? { id, accepted: this.last?.id === id && this.last.accepted } : undefined;
    return events;
  }

  /** VS Code ran the accept command of the suggestion with this id. */
  accepted(id: string | undefined): void {
    if (this.last && this.last.id === id) {
      this.last.accepted = true;
    }
  }
}

/** A next edit as codepilot/nextEdit answers it (LSP positions). */
export interface NextEdit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}

/**
 * How a next edit is shown: on the cursor's line, within that line, as an inline completion whose range runs
 * from the edit (or the cursor, whichever is first) to the edit's end (or the cursor), its text the new text with
 * what lies between kept; anywhere else, or over several lines, as a decoration the user jumps to.
 */
export type NextEditView =
  | { kind: 'inline'; line: number; startCharacter: number; endCharacter: number; insertText: string }
  | { kind: 'jump'; line: number; character: number };

export function nextEditView(edit: NextEdit, cursor: { line: number; character: number }, cursorLineText: string): NextEditView {
  const { start, end } = edit.range;
  if (start.line === cursor.line && end.line === cursor.line && !edit.newText.includes('\n')) {
    const from = Math.min(start.character, cursor.character);
    const to = Math.max(end.character, cursor.character);
    return {
      kind: 'inline', line: cursor.line, startCharacter: from, endCharacter: to,
      insertText: cursorLineText.slice(from, start.character) + edit.newText + cursorLineText.slice(end.character, to),
    };
  }
  return { kind: 'jump', line: start.line, character: start.character };
}

/** Tab on a pending next edit: the first press goes to it, the next (with the cursor there) applies it. */
export function jumpOrApply(edit: NextEdit, cursor: { line: number; character: number }): 'jump' | 'apply' {
  return cursor.line === edit.range.start.line && cursor.character === edit.range.start.character ? 'apply' : 'jump';
}

/** The first line of a next edit's text, as the decoration after the replaced text shows it. */
export function nextEditLabel(edit: NextEdit): string {
  const [first, ...rest] = edit.newText.split('\n');
  const more = rest.filter(line => line.trim() !== '').length;
  return first.trim() === '' && more === 0 ? ' → (delete)' : ` → ${first.trim()}${more > 0 ? ` (+${more} lines)` : ''}`;
}
