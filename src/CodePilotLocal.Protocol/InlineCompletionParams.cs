using System.Text.Json.Serialization;

namespace CodePilotLocal.Protocol;

/// <summary>LSP 3.18 "InlineCompletionParams".</summary>
public sealed record InlineCompletionParams
{
    [JsonPropertyName("textDocument")]
    public required TextDocumentIdentifier TextDocument { get; init; }

    [JsonPropertyName("position")]
    public required Position Position { get; init; }

    [JsonPropertyName("context")]
    public InlineCompletionContext? Context { get; init; }
}

public sealed record InlineCompletionContext
{
    /// <summary>1 = Invoked (explicitly), 2 = Automatic (while typing).</summary>
    [JsonPropertyName("triggerKind")]
    public int TriggerKind { get; init; } = 2;
}
