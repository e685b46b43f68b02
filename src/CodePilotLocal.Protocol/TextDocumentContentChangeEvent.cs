using System.Text.Json.Serialization;

namespace CodePilotLocal.Protocol;

/// <summary>An incremental change when <see cref="Range"/> is set, otherwise the whole new text.</summary>
public sealed record TextDocumentContentChangeEvent
{
    [JsonPropertyName("range")]
    public Range? Range { get; init; }

    [JsonPropertyName("text")]
    public required string Text { get; init; }
}
