using CodePilotLocal.Inference.Remote;

namespace CodePilotLocal.TestSupport;

/// <summary>
/// llama.cpp's real llama-server from ../shared/bin on loopback, serving the random-weight model with
/// StarCoder's real vocabulary (llama-server refuses to stream the invalid UTF-8 our byte-level tiny model makes).
/// </summary>
public static class SharedLlamaServer
{
    public const string ModelFile = "synthetic-random-fim-starcoder-vocab.gguf";

    public static string Binary { get; } = Path.Combine(TestPaths.RepositoryRoot, "..", "shared", "bin", "llama-server");

    public static string Model => TestPaths.SharedModel(ModelFile);

    /// <summary>Why these tests are skipped here; null where the binary and the model are present.</summary>
    public static string? Absent =>
        !File.Exists(Binary) ? "../shared/bin/llama-server is absent" : !TestPaths.HasSharedModel(ModelFile) ? "../shared/models is absent" : null;

    public static Task<LlamaServerProcess> StartAsync(int slots = 1) =>
        LlamaServerProcess.StartAsync(Binary, Model, threads: 1, contextSize: 2048, CancellationToken.None, slots: slots);
}
