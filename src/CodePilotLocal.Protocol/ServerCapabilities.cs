using System.Text.Json.Serialization;

namespace CodePilotLocal.Protocol;

/// <summary>Only what the server implements is advertised.</summary>
public sealed record ServerCapabilities
{
    [JsonPropertyName("positionEncoding")]
    public string PositionEncoding { get; init; } = "utf-16";

    [JsonPropertyName("textDocumentSync")]
    public TextDocumentSyncOptions TextDocumentSync { get; init; } = new();

    /// <summary>LSP 3.18 "inlineCompletionProvider".</summary>
    [JsonPropertyName("inlineCompletionProvider")]
    public InlineCompletionOptions InlineCompletionProvider { get; init; } = new();

    [JsonPropertyName("completionProvider")]
    public CompletionOptions CompletionProvider { get; init; } = new();

    /// <summary>"Fix with CodePilot" for Roslyn errors; the edit is computed on resolve.</summary>
    [JsonPropertyName("codeActionProvider")]
    public CodeActionOptions CodeActionProvider { get; init; } = new(["quickfix"]);

    [JsonPropertyName("executeCommandProvider")]
    public ExecuteCommandOptions ExecuteCommandProvider { get; init; } = new([Commands.AcceptedSuggestion, Commands.Explain]);
}

public sealed record TextDocumentSyncOptions
{
    [JsonPropertyName("openClose")]
    public bool OpenClose { get; init; } = true;

    /// <summary>2 = Incremental.</summary>
    [JsonPropertyName("change")]
    public int Change { get; init; } = 2;

    [JsonPropertyName("save")]
    public SaveOptions Save { get; init; } = new();
}

public sealed record SaveOptions([property: JsonPropertyName("includeText")] bool IncludeText = false);

public sealed record InlineCompletionOptions([property: JsonPropertyName("workDoneProgress")] bool WorkDoneProgress = false);

public sealed record CompletionOptions
{
    [JsonPropertyName("resolveProvider")]
    public bool ResolveProvider { get; init; }

    [JsonPropertyName("triggerCharacters")]
    public IReadOnlyList<string> TriggerCharacters { get; init; } = [];
}
