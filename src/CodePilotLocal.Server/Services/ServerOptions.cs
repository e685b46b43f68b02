using CodePilotLocal.Inference.Remote;

namespace CodePilotLocal.Server.Services;

/// <summary>What the process was started with (command line and environment), before any editor settings.</summary>
public sealed record ServerOptions
{
    /// <summary>--model: wins over every other source.</summary>
    public string? CommandLineModel { get; init; }

    /// <summary>--explain-model: the instruct model for explain and fix (else the editor's 'explainModel', else the completion model).</summary>
    public string? CommandLineExplainModel { get; init; }

    /// <summary>--next-edit-model: the next-edit model (else the editor's 'nextEditModel').</summary>
    public string? CommandLineNextEditModel { get; init; }

    /// <summary>CODEPILOT_MODEL: used when neither --model nor the editor names a model.</summary>
    public string? EnvironmentModel { get; init; }

    /// <summary>--backend and its options: when given, wins over the editor's backend settings.</summary>
    public RemoteBackendOptions? CommandLineBackend { get; init; }

    /// <summary>Look in the user model cache when no model is named.</summary>
    public bool SearchUserCache { get; init; } = true;

    /// <summary>How long after an accept the server checks how much of the inserted text is still there.</summary>
    public TimeSpan RetentionDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Defaults that initializationOptions and workspace settings refine.</summary>
    public ServerSettings Settings { get; init; } = new();
}
