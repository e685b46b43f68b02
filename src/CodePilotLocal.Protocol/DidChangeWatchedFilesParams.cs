using System.Text.Json.Serialization;

namespace CodePilotLocal.Protocol;

public sealed record DidChangeWatchedFilesParams([property: JsonPropertyName("changes")] IReadOnlyList<FileEvent> Changes);

/// <param name="Type">1 = created, 2 = changed, 3 = deleted.</param>
public sealed record FileEvent([property: JsonPropertyName("uri")] Uri Uri, [property: JsonPropertyName("type")] int Type);
