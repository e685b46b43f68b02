using System.Text.Json.Serialization;

namespace CodePilotLocal.Protocol;

public sealed record TextDocumentItem
{
    [JsonPropertyName("uri")]
    public required Uri Uri { get; init; }

    [JsonPropertyName("languageId")]
    public string LanguageId { get; init; } = "plaintext";

    [JsonPropertyName("version")]
    public int Version { get; init; }

    [JsonPropertyName("text")]
    public required string Text { get; init; }
}
