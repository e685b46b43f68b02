namespace CodePilotLocal.Inference.Gguf;

/// <summary>The header of a GGUF file: metadata and tensor directory, no tensor data.</summary>
public sealed class GgufFile
{
    public required string Path { get; init; }

    public required uint Version { get; init; }

    public required long FileLength { get; init; }

    public required IReadOnlyDictionary<string, object> Metadata { get; init; }

    public required IReadOnlyList<GgufTensorInfo> Tensors { get; init; }

    /// <summary>Absolute file offset where tensor data starts.</summary>
    public required long DataOffset { get; init; }

    public string? GetString(string key) => Metadata.TryGetValue(key, out var v) ? v as string : null;

    public long? GetInteger(string key) => Metadata.TryGetValue(key, out var v) ? v switch
    {
        byte b => b,
        sbyte sb => sb,
        ushort us => us,
        short s => s,
        uint ui => ui,
        int i => i,
        ulong ul => (long)ul,
        long l => l,
        _ => null,
    } : null;

    public bool? GetBool(string key) => Metadata.TryGetValue(key, out var v) && v is bool b ? b : null;

    public string[]? GetStringArray(string key) =>
        Metadata.TryGetValue(key, out var v) && v is GgufArray { Values: string[] values } ? values : null;

    public int[]? GetInt32Array(string key) =>
        Metadata.TryGetValue(key, out var v) && v is GgufArray { Values: int[] values } ? values : null;

    public string? Architecture => GetString("general.architecture");

    /// <summary>Reads an architecture-scoped key such as "{arch}.context_length".</summary>
    public long? GetArchInteger(string suffix) => Architecture is { } arch ? GetInteger($"{arch}.{suffix}") : null;
}
