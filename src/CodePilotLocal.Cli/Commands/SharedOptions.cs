using System.CommandLine;
using CodePilotLocal.Inference;
using CodePilotLocal.Server.Services;

namespace CodePilotLocal.Cli.Commands;

/// <summary>Options every model-using command takes, and how they become <see cref="ServerOptions"/>.</summary>
internal sealed class SharedOptions
{
    public const string ModelEnvironmentVariable = "CODEPILOT_MODEL";

    public Option<string?> Model { get; } = new("--model", "-m") { Description = $"GGUF model file (else the editor setting 'model', else ${ModelEnvironmentVariable}, else the best model in the user cache)" };

    public Option<int> GpuLayers { get; } = new("--gpu-layers") { Description = "Layers to offload to the GPU (needs a build with -p:CodePilotGpu=Cuda12)", DefaultValueFactory = _ => 0 };

    public Option<int?> Threads { get; } = new("--threads", "-t") { Description = "CPU threads (default: one per physical core; 1 for tiny models)" };

    public Option<int?> ContextSize { get; } = new("--context-size", "-c") { Description = "Context length in tokens (default: the model's, at most 4096)" };

    public Option<int?> CacheReuse { get; } = new("--cache-reuse") { Description = "Move cached runs of at least N tokens instead of evaluating them again (0: exact prefix reuse only)" };

    public Option<string?> KvType { get; } = new Option<string?>("--kv-type") { Description = "KV cache type: f16 (default), q8_0 or q4_0" }
        .AcceptOnlyFromAmong([.. InferenceOptions.KvCacheTypes]);

    public Option<int?> MaxTokens { get; } = new("--max-tokens") { Description = "Most tokens for a multi-line suggestion (default 128; single-line 48)" };

    public Option<int?> TimeBudgetMs { get; } = new("--time-budget-ms") { Description = "Longest time to spend generating one suggestion (default 3000)" };

    public Option<string?> ExplainModel { get; } = new("--explain-model") { Description = "Instruct GGUF model for explain and fix (default: the completion model, if it has a chat template)" };

    public Option<int?> ContextTokens { get; } = new("--context-tokens") { Description = "Tokens of repository context in each prompt (default 1024; 0: the current file only)" };

    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Debug logging on stderr" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Model, ExplainModel, GpuLayers, Threads, ContextSize, CacheReuse, KvType, MaxTokens, TimeBudgetMs, ContextTokens, Verbose })
        {
            command.Options.Add(option);
        }
    }

    public ServerOptions ToServerOptions(ParseResult parse, bool searchUserCache = true)
    {
        var settings = new ServerSettings();
        settings = settings with
        {
            Inference = new InferenceOptions
            {
                GpuLayers = parse.GetValue(GpuLayers),
                Threads = parse.GetValue(Threads),
                ContextSize = parse.GetValue(ContextSize),
                CacheReuseChunk = parse.GetValue(CacheReuse) ?? settings.Inference.CacheReuseChunk,
                KvCacheType = parse.GetValue(KvType) ?? settings.Inference.KvCacheType,
            },
            Completion = settings.Completion with
            {
                MultiLineMaxTokens = parse.GetValue(MaxTokens) ?? settings.Completion.MultiLineMaxTokens,
                TimeBudget = parse.GetValue(TimeBudgetMs) is { } ms ? TimeSpan.FromMilliseconds(ms) : settings.Completion.TimeBudget,
                ContextTokens = parse.GetValue(ContextTokens) ?? settings.Completion.ContextTokens,
            },
        };
        return new ServerOptions
        {
            CommandLineModel = parse.GetValue(Model),
            CommandLineExplainModel = parse.GetValue(ExplainModel),
            EnvironmentModel = Environment.GetEnvironmentVariable(ModelEnvironmentVariable) is { Length: > 0 } env ? env : null,
            SearchUserCache = searchUserCache,
            Settings = settings,
        };
    }
}
