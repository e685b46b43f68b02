using System.Text.Json.Serialization;

namespace CodePilotLocal.Protocol;

public sealed record InitializeResult(
    [property: JsonPropertyName("capabilities")] ServerCapabilities Capabilities,
    [property: JsonPropertyName("serverInfo")] ServerInfo ServerInfo);

public sealed record ServerInfo([property: JsonPropertyName("name")] string Name, [property: JsonPropertyName("version")] string Version);
