using System.Text.Json.Serialization;

namespace CodePilotLocal.Protocol;

public sealed record CompletionList(
    [property: JsonPropertyName("isIncomplete")] bool IsIncomplete,
    [property: JsonPropertyName("items")] IReadOnlyList<CompletionItem> Items);

public sealed record CompletionItem
{
    [JsonPropertyName("label")]
    public required string Label { get; init; }

    /// <summary>CompletionItemKind: 1 = Text. The insert is plain text, never a snippet.</summary>
    [JsonPropertyName("kind")]
    public int Kind { get; init; } = 1;

    [JsonPropertyName("detail")]
    public string? Detail { get; init; }

    [JsonPropertyName("insertTextFormat")]
    public int InsertTextFormat { get; init; } = 1;

    [JsonPropertyName("textEdit")]
    public TextEdit? TextEdit { get; init; }

    [JsonPropertyName("filterText")]
    public string? FilterText { get; init; }
}
