using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodePilotLocal.Protocol;

public sealed record WorkDoneProgressCreateParams([property: JsonPropertyName("token")] string Token);

/// <param name="Token">A ProgressToken: a string or an integer, as the client or the server chose it.</param>
public sealed record ProgressParams([property: JsonPropertyName("token")] JsonElement Token, [property: JsonPropertyName("value")] WorkDoneProgressValue Value);

/// <summary>One of begin (with a title), report, end; fields that do not apply are left out.</summary>
public sealed record WorkDoneProgressValue(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("title"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Title = null,
    [property: JsonPropertyName("message"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message = null,
    [property: JsonPropertyName("percentage"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Percentage = null);
