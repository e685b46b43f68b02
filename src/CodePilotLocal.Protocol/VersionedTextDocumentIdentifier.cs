using System.Text.Json.Serialization;

namespace CodePilotLocal.Protocol;

public sealed record VersionedTextDocumentIdentifier : TextDocumentIdentifier
{
    [JsonPropertyName("version")]
    public int Version { get; init; }
}
