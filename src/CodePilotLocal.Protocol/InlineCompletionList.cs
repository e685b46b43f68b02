using System.Text.Json.Serialization;

namespace CodePilotLocal.Protocol;

public sealed record InlineCompletionList([property: JsonPropertyName("items")] IReadOnlyList<InlineCompletionItem> Items);

public sealed record InlineCompletionItem
{
    [JsonPropertyName("insertText")]
    public required string InsertText { get; init; }

    [JsonPropertyName("filterText")]
    public string? FilterText { get; init; }

    [JsonPropertyName("range")]
    public Range? Range { get; init; }

    /// <summary>Run by the client after the item is accepted.</summary>
    [JsonPropertyName("command")]
    public Command? Command { get; init; }
}
