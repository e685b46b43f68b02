using System.Text.Json.Serialization;

namespace CodePilotLocal.Protocol;

/// <summary>codepilot/usage's parameters: the figures over the last <paramref name="Days"/> days, 1 (today) when absent.</summary>
public sealed record UsageParams([property: JsonPropertyName("days")] int? Days = null);

/// <summary>What codepilot/usage answers; the rates are null when nothing was shown (or nothing checked).</summary>
public sealed record UsageResult(
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("days")] int Days,
    [property: JsonPropertyName("shown")] int Shown,
    [property: JsonPropertyName("accepted")] int Accepted,
    [property: JsonPropertyName("acceptanceRate")] double? AcceptanceRate,
    [property: JsonPropertyName("retainedRatio")] double? RetainedRatio);
