using System.Text.Json.Serialization;

namespace CodePilotLocal.Protocol;

public sealed record DidChangeTextDocumentParams(
    [property: JsonPropertyName("textDocument")] VersionedTextDocumentIdentifier TextDocument,
    [property: JsonPropertyName("contentChanges")] IReadOnlyList<TextDocumentContentChangeEvent> ContentChanges);
