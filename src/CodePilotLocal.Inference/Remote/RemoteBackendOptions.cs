namespace CodePilotLocal.Inference.Remote;

/// <summary>
/// Where completions are computed. Off (local) unless configured; a remote backend sends the prompt — your
/// code and its repository context — to <see cref="Endpoint"/>.
/// </summary>
public sealed record RemoteBackendOptions
{
    public const string DefaultApiKeyVariable = "CODEPILOT_API_KEY";

    public BackendKind Kind { get; init; } = BackendKind.Local;

    /// <summary>The server's base URL, e.g. http://gpu-box:8080 (llama-server) or http://gpu-box:8000 (vLLM; "/v1" is added).</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>The model the server should use (OpenAI's "model"); default: what the server reports.</summary>
    public string? ModelName { get; init; }

    /// <summary>
    /// The environment variable that holds the API key, sent as a bearer token. The key itself is never a
    /// setting: settings files end up in repositories and logs.
    /// </summary>
    public string ApiKeyVariable { get; init; } = DefaultApiKeyVariable;

    /// <summary>The longest wait for a server's first answer, and on top of the time budget for its whole answer.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Check the server's TLS certificate (on by default; off only for a team's self-signed test box).</summary>
    public bool VerifyTls { get; init; } = true;

    /// <summary>The FIM template by name (qwen, starcoder, deepseek-coder, codellama, codegemma); default: asked from the server's vocabulary.</summary>
    public string? FimTemplate { get; init; }

    /// <summary>llama-server slot to pin this client's prompt cache to; default: one picked from the user and workspace, stable across restarts.</summary>
    public int? Slot { get; init; }

    public BackendMode Mode { get; init; } = BackendMode.RemoteOnly;

    public bool IsRemote => Kind != BackendKind.Local;

    /// <summary>Why this configuration cannot work, or null.</summary>
    public string? Problem => IsRemote switch
    {
        false => null,
        true when Endpoint is null => $"The {BackendNames.Name(Kind)} backend needs an endpoint URL (setting 'endpoint', --endpoint or CODEPILOT_ENDPOINT).",
        true when Endpoint is { IsAbsoluteUri: false } || (Endpoint.Scheme != Uri.UriSchemeHttp && Endpoint.Scheme != Uri.UriSchemeHttps) =>
            $"The endpoint '{Endpoint}' is not an http:// or https:// URL.",
        true when FimTemplate is { } name && Core.Fim.FimTemplateCatalog.Named(name) is null =>
            $"Unknown FIM template '{name}'; use one of {string.Join(", ", Core.Fim.FimTemplateCatalog.Known.Select(t => t.Name))}.",
        _ => null,
    };

    /// <summary>One line for logs and `codepilot doctor`: where code goes.</summary>
    public string Describe() => IsRemote
        ? $"{BackendNames.Name(Kind)} at {Endpoint} ({BackendNames.Name(Mode)}{(ModelName is null ? "" : ", model " + ModelName)})"
        : "local (in this process; nothing leaves the machine)";
}
