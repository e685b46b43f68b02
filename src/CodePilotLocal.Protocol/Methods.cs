namespace CodePilotLocal.Protocol;

/// <summary>LSP method names the server implements (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/).</summary>
public static class Methods
{
    public const string Initialize = "initialize";
    public const string Initialized = "initialized";
    public const string Shutdown = "shutdown";
    public const string Exit = "exit";
    public const string CancelRequest = "$/cancelRequest";
    public const string TextDocumentDidOpen = "textDocument/didOpen";
    public const string TextDocumentDidChange = "textDocument/didChange";
    public const string TextDocumentDidClose = "textDocument/didClose";
    public const string TextDocumentDidSave = "textDocument/didSave";
    public const string TextDocumentInlineCompletion = "textDocument/inlineCompletion";
    public const string TextDocumentCompletion = "textDocument/completion";
    public const string TextDocumentCodeAction = "textDocument/codeAction";
    public const string CodeActionResolve = "codeAction/resolve";
    /// <summary>Ours: fix a range's compiler errors, or rewrite it by an instruction ({textDocument, range, instruction?}); answers a checked edit or why there is none.</summary>
    public const string CodePilotFix = "codepilot/fix";
    public const string WorkspaceDidChangeConfiguration = "workspace/didChangeConfiguration";
    public const string WorkspaceExecuteCommand = "workspace/executeCommand";
    /// <summary>Ours: the cursor moved to a new place; evaluate its prompt before the user types (params as textDocument/completion).</summary>
    public const string CodePilotPrewarm = "codepilot/prewarm";
    public const string WorkspaceDidChangeWatchedFiles = "workspace/didChangeWatchedFiles";
    /// <summary>Ours: the exact prompt a completion at a position would get, with each repository snippet's source (params as textDocument/completion).</summary>
    public const string CodePilotContext = "codepilot/context";
    /// <summary>Ours: explain a range ({textDocument, range, workDoneToken}); the Markdown streams as $/progress reports on the client's token.</summary>
    public const string CodePilotExplain = "codepilot/explain";
    /// <summary>Ours: the next edit at a position ({textDocument, position}; answers a <see cref="NextEditResult"/>).</summary>
    public const string CodePilotNextEdit = "codepilot/nextEdit";
    /// <summary>Ours, a notification: what became of a suggestion ({id, event}: shown, accepted, acceptedLine, acceptedWord, dismissed).</summary>
    public const string CodePilotSuggestionEvent = "codepilot/suggestionEvent";
    /// <summary>Ours: the local usage statistics ({days?}; answers a <see cref="UsageResult"/>), for status bars.</summary>
    public const string CodePilotUsage = "codepilot/usage";
    public const string WindowWorkDoneProgressCreate = "window/workDoneProgress/create";
    public const string Progress = "$/progress";
    public const string WindowShowMessage = "window/showMessage";
    public const string WindowLogMessage = "window/logMessage";
}
