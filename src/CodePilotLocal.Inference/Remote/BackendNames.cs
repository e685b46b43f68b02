namespace CodePilotLocal.Inference.Remote;

/// <summary>The spellings of backend kinds and modes in settings, on the command line and in the environment.</summary>
public static class BackendNames
{
    public static IReadOnlyList<string> Kinds { get; } = ["local", "llama-server", "openai"];

    public static IReadOnlyList<string> Modes { get; } = ["remote-only", "remote-first", "local-first"];

    public static BackendKind? ParseKind(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "local" => BackendKind.Local,
        "llama-server" or "llamacpp" or "llama.cpp" => BackendKind.LlamaServer,
        "openai" => BackendKind.OpenAi,
        _ => null,
    };

    public static BackendMode? ParseMode(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "remote-only" => BackendMode.RemoteOnly,
        "remote-first" => BackendMode.RemoteFirst,
        "local-first" => BackendMode.LocalFirst,
        _ => null,
    };

    public static string Name(BackendKind kind) => kind switch
    {
        BackendKind.LlamaServer => "llama-server",
        BackendKind.OpenAi => "openai",
        _ => "local",
    };

    public static string Name(BackendMode mode) => mode switch
    {
        BackendMode.RemoteFirst => "remote-first",
        BackendMode.LocalFirst => "local-first",
        _ => "remote-only",
    };
}
