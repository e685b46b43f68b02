using System.Text.Json.Serialization;

namespace CodePilotLocal.Protocol;

public record TextDocumentIdentifier
{
    [JsonPropertyName("uri")]
    public required Uri Uri { get; init; }
}
