using System.Text.Json.Serialization;

namespace CodePilotLocal.Protocol;

public sealed record TextEdit([property: JsonPropertyName("range")] Range Range, [property: JsonPropertyName("newText")] string NewText);
