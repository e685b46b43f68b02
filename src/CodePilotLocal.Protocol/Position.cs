using System.Text.Json.Serialization;

namespace CodePilotLocal.Protocol;

/// <summary>Zero-based line and UTF-16 character offset (LSP "Position").</summary>
public sealed record Position([property: JsonPropertyName("line")] int Line, [property: JsonPropertyName("character")] int Character);
