using System.Text.Json.Serialization;

namespace CodePilotLocal.Protocol;

public sealed record DidOpenTextDocumentParams([property: JsonPropertyName("textDocument")] TextDocumentItem TextDocument);
