using System.Text.Json.Serialization;

namespace CodePilotLocal.Protocol;

public sealed record DidCloseTextDocumentParams([property: JsonPropertyName("textDocument")] TextDocumentIdentifier TextDocument);
