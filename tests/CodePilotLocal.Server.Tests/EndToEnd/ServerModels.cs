using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Server.Tests.EndToEnd;

internal static class ServerModels
{
    /// <summary>
    /// A random-weight FIM model: the shared one with StarCoder's real vocabulary where ../shared/models has
    /// it, else our generated tiny one. Mechanics only: never assert its text.
    /// </summary>
    public static string Fim => TestPaths.HasSharedModel("synthetic-random-fim-starcoder-vocab.gguf")
        ? TestPaths.SharedModel("synthetic-random-fim-starcoder-vocab.gguf")
        : TinyModels.Qwen;
}
