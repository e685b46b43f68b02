using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodePilotLocal.Protocol;

public sealed record CodeActionParams
{
    [JsonPropertyName("textDocument")]
    public required TextDocumentIdentifier TextDocument { get; init; }

    [JsonPropertyName("range")]
    public required Range Range { get; init; }

    [JsonPropertyName("context")]
    public CodeActionContext? Context { get; init; }
}

public sealed record CodeActionContext([property: JsonPropertyName("diagnostics")] IReadOnlyList<Diagnostic>? Diagnostics = null);

/// <param name="Severity">1 = error.</param>
public sealed record Diagnostic(
    [property: JsonPropertyName("range")] Range Range,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("severity")] int? Severity = null,
    [property: JsonPropertyName("code")] string? Code = null,
    [property: JsonPropertyName("source")] string? Source = null);

/// <summary>A code action; its edit is computed on codeAction/resolve, from <see cref="Data"/>.</summary>
public sealed record CodeAction
{
    [JsonPropertyName("title")]
    public required string Title { get; init; }

    [JsonPropertyName("kind")]
    public string? Kind { get; init; }

    [JsonPropertyName("diagnostics"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Diagnostic>? Diagnostics { get; init; }

    [JsonPropertyName("edit"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public WorkspaceEdit? Edit { get; init; }

    [JsonPropertyName("disabled"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CodeActionDisabled? Disabled { get; init; }

    [JsonPropertyName("data"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Data { get; init; }
}

public sealed record CodeActionDisabled([property: JsonPropertyName("reason")] string Reason);

public sealed record WorkspaceEdit([property: JsonPropertyName("changes")] IReadOnlyDictionary<string, IReadOnlyList<TextEdit>> Changes);

public sealed record CodeActionOptions(
    [property: JsonPropertyName("codeActionKinds")] IReadOnlyList<string> CodeActionKinds,
    [property: JsonPropertyName("resolveProvider")] bool ResolveProvider = true);

/// <summary>What a "Fix with CodePilot" action carries until it is resolved: the document version it was offered for.</summary>
public sealed record FixActionData(
    [property: JsonPropertyName("uri")] Uri Uri,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("range")] Range Range);

/// <summary>codepilot/fix: fix the errors in a range, or rewrite it as the instruction says.</summary>
public sealed record FixParams
{
    [JsonPropertyName("textDocument")]
    public required TextDocumentIdentifier TextDocument { get; init; }

    [JsonPropertyName("range")]
    public required Range Range { get; init; }

    [JsonPropertyName("instruction")]
    public string? Instruction { get; init; }
}

/// <param name="Edit">Only a candidate that passed the compile check; null when none did.</param>
public sealed record FixResult(
    [property: JsonPropertyName("edit")] WorkspaceEdit? Edit,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("attempts")] IReadOnlyList<FixAttemptInfo> Attempts);

public sealed record FixAttemptInfo([property: JsonPropertyName("accepted")] bool Accepted, [property: JsonPropertyName("verdict")] string Verdict);
