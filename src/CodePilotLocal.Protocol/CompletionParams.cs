using System.Text.Json.Serialization;

namespace CodePilotLocal.Protocol;

public sealed record CompletionParams
{
    [JsonPropertyName("textDocument")]
    public required TextDocumentIdentifier TextDocument { get; init; }

    [JsonPropertyName("position")]
    public required Position Position { get; init; }
}
