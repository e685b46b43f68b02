using System.Text.Json.Serialization;

namespace CodePilotLocal.Protocol;

/// <summary>codepilot/suggestionEvent: <paramref name="Event"/> is shown, accepted, acceptedLine, acceptedWord or dismissed.</summary>
/// <param name="Id">The id the suggestion came with (its accept command's argument).</param>
public sealed record SuggestionEventParams(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("event")] string? Event);
