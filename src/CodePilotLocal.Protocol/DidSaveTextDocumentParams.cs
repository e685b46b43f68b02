using System.Text.Json.Serialization;

namespace CodePilotLocal.Protocol;

public sealed record DidSaveTextDocumentParams(
    [property: JsonPropertyName("textDocument")] TextDocumentIdentifier TextDocument,
    [property: JsonPropertyName("text")] string? Text = null);
