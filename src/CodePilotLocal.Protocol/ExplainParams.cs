using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodePilotLocal.Protocol;

/// <summary>codepilot/explain, and the argument of the codepilot.explain command.</summary>
public sealed record ExplainParams
{
    [JsonPropertyName("textDocument")]
    public required TextDocumentIdentifier TextDocument { get; init; }

    [JsonPropertyName("range")]
    public required Range Range { get; init; }

    /// <summary>Where the explanation streams: $/progress reports carry the Markdown written so far.</summary>
    [JsonPropertyName("workDoneToken")]
    public JsonElement? WorkDoneToken { get; init; }
}

/// <param name="StopReason">end-of-text, max-tokens or time-budget.</param>
public sealed record ExplainResult(
    [property: JsonPropertyName("markdown")] string Markdown,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("stopReason")] string? StopReason);
