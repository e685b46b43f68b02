using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodePilotLocal.Protocol;

/// <summary>LSP "Command": run by the client, here through workspace/executeCommand.</summary>
public sealed record Command(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("command")] string Name,
    [property: JsonPropertyName("arguments")] IReadOnlyList<object>? Arguments = null);

public sealed record ExecuteCommandParams(
    [property: JsonPropertyName("command")] string Command,
    [property: JsonPropertyName("arguments")] IReadOnlyList<JsonElement>? Arguments = null,
    [property: JsonPropertyName("workDoneToken")] JsonElement? WorkDoneToken = null);

public sealed record ExecuteCommandOptions([property: JsonPropertyName("commands")] IReadOnlyList<string> Commands);

/// <summary>The argument of <see cref="Commands.AcceptedSuggestion"/>: what was inserted where, and of which suggestion (its id; absent from older clients).</summary>
public sealed record AcceptedSuggestion(
    [property: JsonPropertyName("uri")] Uri Uri,
    [property: JsonPropertyName("position")] Position Position,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("id")] string? Id = null);

/// <summary>Commands the server implements.</summary>
public static class Commands
{
    /// <summary>Attached to every inline suggestion: the client runs it on accept, and the server prefetches the next one.</summary>
    public const string AcceptedSuggestion = "codepilot.acceptedSuggestion";

    /// <summary>Explains a range: one argument {textDocument: {uri}, range}; answers an <see cref="ExplainResult"/>, streamed with the request's workDoneToken.</summary>
    public const string Explain = "codepilot.explain";
}
