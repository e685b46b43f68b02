using CodePilotLocal.Core.Completion;
using CodePilotLocal.Indexing;
using CodePilotLocal.Inference;
using CodePilotLocal.Inference.Remote;

namespace CodePilotLocal.Server.Services;

/// <summary>What the user configured, from the command line, initializationOptions and didChangeConfiguration.</summary>
public sealed record ServerSettings
{
    /// <summary>Model from initializationOptions / workspace settings ("model").</summary>
    public string? ModelPath { get; init; }

    /// <summary>Instruct model for explain and fix ("explainModel"); null: the completion model, when it has a chat template.</summary>
    public string? ExplainModelPath { get; init; }

    /// <summary>The next-edit model ("nextEditModel"): a GGUF of Sweep's or Zeta's; next edits are off without one.</summary>
    public string? NextEditModelPath { get; init; }

    /// <summary>The next-edit model on the team's server ("nextEditModelName"), when the backend is remote: next edits go there too.</summary>
    public string? NextEditModelName { get; init; }

    /// <summary>Next edit suggestions on or off ("nextEdit"); on by default once a next-edit model is set.</summary>
    public bool NextEdit { get; init; } = true;

    /// <summary>The next-edit prompt format ("nextEditFormat": sweep or zeta); null: from the model's name and vocabulary.</summary>
    public string? NextEditFormat { get; init; }

    /// <summary>
    /// A next edit on the cursor's line also answers textDocument/inlineCompletion when the completion model has nothing there
    /// ("nextEditInline"): for clients that know only the standard. Our own editors ask codepilot/nextEdit and turn it off.
    /// </summary>
    public bool NextEditInline { get; init; } = true;

    /// <summary>Most tokens of one explanation or fix ("explainMaxTokens").</summary>
    public int ExplainMaxTokens { get; init; } = 512;

    public bool Enabled { get; init; } = true;

    /// <summary>Keep local usage statistics ("usageStats"): what became of each suggestion, never its text; nothing leaves the machine.</summary>
    public bool UsageStats { get; init; } = true;

    public InferenceOptions Inference { get; init; } = new();

    /// <summary>Where completions are computed: local by default; a remote server only when configured.</summary>
    public RemoteBackendOptions Backend { get; init; } = new();

    public CompletionOptions Completion { get; init; } = new();

    public IndexingOptions Indexing { get; init; } = new();
}
