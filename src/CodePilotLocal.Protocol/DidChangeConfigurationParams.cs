using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodePilotLocal.Protocol;

public sealed record DidChangeConfigurationParams([property: JsonPropertyName("settings")] JsonElement Settings);
