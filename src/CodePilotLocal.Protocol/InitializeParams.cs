using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodePilotLocal.Protocol;

public sealed record InitializeParams
{
    [JsonPropertyName("processId")]
    public int? ProcessId { get; init; }

    [JsonPropertyName("clientInfo")]
    public ClientInfo? ClientInfo { get; init; }

    [JsonPropertyName("rootUri")]
    public Uri? RootUri { get; init; }

    [JsonPropertyName("workspaceFolders")]
    public IReadOnlyList<WorkspaceFolder>? WorkspaceFolders { get; init; }

    [JsonPropertyName("initializationOptions")]
    public JsonElement? InitializationOptions { get; init; }

    [JsonPropertyName("capabilities")]
    public JsonElement? Capabilities { get; init; }
}

public sealed record ClientInfo([property: JsonPropertyName("name")] string Name, [property: JsonPropertyName("version")] string? Version = null);

public sealed record WorkspaceFolder([property: JsonPropertyName("uri")] Uri Uri, [property: JsonPropertyName("name")] string Name);
