// The extension's decisions, free of the `vscode` module so that they are unit-tested with node:test.
import * as path from 'node:path';

/** How the server is started, or why it cannot be. */
export type ServerCommand = { command: string; args: string[] } | { problem: string };

export const installCommand = 'dotnet tool install --global CodePilotLocal';

/**
 * The server: the `codepilot.serverPath` setting, else `codepilot` on PATH (where `dotnet tool install
 * --global` puts it, also under ~/.dotnet/tools), else a problem that says how to install it.
 */
export function findServer(serverPath: string, pathVariable: string, home: string, exists: (file: string) => boolean, windows = false): ServerCommand {
  const name = windows ? 'codepilot.exe' : 'codepilot';
  if (serverPath.trim() !== '') {
    return exists(serverPath) ? { command: serverPath, args: ['serve'] } : { problem: `codepilot.serverPath points to ${serverPath}, which does not exist.` };
  }
  const folders = pathVariable.split(windows ? ';' : ':').filter(f => f !== '');
  folders.push(path.join(home, '.dotnet', 'tools'));
  for (const folder of folders) {
    const candidate = path.join(folder, name);
    if (exists(candidate)) {
      return { command: candidate, args: ['serve'] };
    }
  }
  return { problem: `The CodePilot server (codepilot) is not installed. Install it with: ${installCommand}` };
}

/** The `codepilot.*` settings the server reads, by the names it reads them (initializationOptions and didChangeConfiguration). */
export interface Settings {
  enable: boolean;
  model: string;
  explainModel: string;
  gpuLayers: number;
  maxTokens: number;
  contextTokens: number;
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
  };
  if (settings.model.trim() !== '') {
    result.model = settings.model;
  }
  if (settings.explainModel.trim() !== '') {
    result.explainModel = settings.explainModel;
  }
  result.backend = settings.backend;
  if (settings.backend !== 'local') {
    for (const key of ['endpoint', 'modelName', 'backendMode', 'apiKeyEnv'] as const) {
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
  | { kind: 'ready'; model?: string }
  | { kind: 'indexing'; percentage?: number }
  | { kind: 'generating' }
  | { kind: 'disabled' }
  | { kind: 'error'; message: string };

export function statusText(status: Status): { text: string; tooltip: string } {
  switch (status.kind) {
    case 'starting':
      return { text: '$(loading~spin) CodePilot', tooltip: 'Starting the CodePilot server' };
    case 'ready':
      return { text: '$(sparkle) CodePilot', tooltip: status.model ? `CodePilot: ${status.model}` : 'CodePilot is ready' };
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
