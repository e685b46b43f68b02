using System.Text.Json.Serialization;

namespace CodePilotLocal.Protocol;

/// <summary>The answer to codepilot/context: the prompt as the model would see it, and where each part of the repository context came from.</summary>
public sealed record ContextResult(
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("snippets")] IReadOnlyList<ContextSnippetInfo> Snippets,
    [property: JsonPropertyName("contextTokens")] int ContextTokens,
    [property: JsonPropertyName("candidates")] int Candidates,
    [property: JsonPropertyName("elapsedMs")] double ElapsedMs);

/// <param name="Reason">semantic, similar, co-change or diff.</param>
public sealed record ContextSnippetInfo(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("startLine")] int StartLine,
    [property: JsonPropertyName("endLine")] int EndLine,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("label")] string? Label,
    [property: JsonPropertyName("tokens")] int Tokens);
