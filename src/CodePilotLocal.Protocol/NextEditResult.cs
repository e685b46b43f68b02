using System.Text.Json.Serialization;

namespace CodePilotLocal.Protocol;

/// <summary>
/// codepilot/nextEdit's answer (params as textDocument/completion): the edits the user is likely to make next,
/// possibly away from the cursor, in LSP ranges of the document as it was asked about; none, with the reason, where
/// there is no suggestion (next edits off, a malformed or rejected answer, the document changed meanwhile).
/// </summary>
public sealed record NextEditResult(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("model")] string? Model,
    [property: JsonPropertyName("format")] string? Format,
    [property: JsonPropertyName("edits")] IReadOnlyList<TextEdit> Edits,
    [property: JsonPropertyName("reason")] string? Reason);
