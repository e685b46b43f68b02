using System.CommandLine;
using CodePilotLocal.Inference;
using CodePilotLocal.Inference.Remote;
using CodePilotLocal.Server.Services;

namespace CodePilotLocal.Cli.Commands;

/// <summary>Options every model-using command takes, and how they become <see cref="ServerOptions"/>.</summary>
internal sealed class SharedOptions
{
    public const string ModelEnvironmentVariable = "CODEPILOT_MODEL";

    public Option<string?> Model { get; } = new("--model", "-m") { Description = $"GGUF model file (else the editor setting 'model', else ${ModelEnvironmentVariable}, else the best model in the user cache)" };

    public Option<int> GpuLayers { get; } = new Option<int>("--gpu-layers") { Description = "Layers to offload to the GPU (needs a build with -p:CodePilotGpu=Cuda12)", DefaultValueFactory = _ => 0 }.Between(SettingLimits.GpuLayers);

    public Option<int?> Threads { get; } = new Option<int?>("--threads", "-t") { Description = "CPU threads (default: one per physical core; 1 for tiny models)" }.Between(SettingLimits.Threads);

    public Option<int?> ContextSize { get; } = new Option<int?>("--context-size", "-c") { Description = "Context length in tokens (default: the model's, at most 4096)" }.Between(SettingLimits.ContextSize);

    public Option<int?> CacheReuse { get; } = new Option<int?>("--cache-reuse") { Description = "Move cached runs of at least N tokens instead of evaluating them again (0: exact prefix reuse only)" }.Between(SettingLimits.CacheReuse);

    public Option<int?> WarmPlacesMb { get; } = new Option<int?>("--warm-places-mb") { Description = $"Host memory that keeps the model's cache of places recently left, for going back (default {InferenceOptions.DefaultWarmPlacesMegabytes}; 0: none)" }
        .Between(SettingLimits.WarmPlacesMb);

    public Option<int?> DraftTokens { get; } = new Option<int?>("--draft-tokens") { Description = $"Tokens guessed from what was written before and checked in one pass with the next (speculative decoding, same text; default {InferenceOptions.DefaultDraftTokens}; 0: none)" }
        .Between(SettingLimits.DraftTokens);

    public Option<string?> KvType { get; } = new Option<string?>("--kv-type") { Description = "KV cache type: f16 (default), q8_0 or q4_0" }
        .OneOf([.. InferenceOptions.KvCacheTypes]);

    public Option<string?> FlashAttention { get; } = OptionRules.TrueOrFalse("--flash-attention", "llama.cpp's flash attention kernel: true (default) or false");

    public Option<int?> MaxTokens { get; } = new Option<int?>("--max-tokens") { Description = "Most tokens for a multi-line suggestion (default 128; single-line 48)" }.Between(SettingLimits.MaxTokens);

    public Option<int?> TimeBudgetMs { get; } = new Option<int?>("--time-budget-ms") { Description = "Longest time to spend generating one suggestion (default 3000)" }.Between(SettingLimits.TimeBudgetMs);

    public Option<string?> ExplainModel { get; } = new("--explain-model") { Description = "Instruct GGUF model for explain and fix (default: the completion model, if it has a chat template)" };

    public Option<string?> NextEditModel { get; } = new("--next-edit-model") { Description = "Next-edit GGUF model (Sweep's or Zeta's) for next edit suggestions (default: the editor's nextEditModel; none: off)" };

    public Option<string?> NextEditFormat { get; } = new Option<string?>("--next-edit-format") { Description = "The next-edit prompt format: sweep or zeta (default: from the model's name and vocabulary)" }
        .OneOf([.. Core.NextEdit.NextEditFormats.All.Select(f => f.Name)]);

    public Option<int?> ContextTokens { get; } = new Option<int?>("--context-tokens") { Description = "Tokens of repository context in each prompt (default 1024; 0: the current file only)" }.Between(SettingLimits.ContextTokens);

    public Option<string?> ContextScope { get; } = new Option<string?>("--context-scope") { Description = "place (repository context chosen anew at each place, default) or file (three quarters chosen once per file: faster jumps)" }
        .OneOf("place", "file");

    public Option<string?> FimOrder { get; } = new Option<string?>("--fim-order") { Description = "psm (prefix-suffix-middle, default) or spm (suffix-prefix-middle, for models trained on it)" }
        .OneOf("psm", "spm");

    public Option<string?> Backend { get; } = new Option<string?>("--backend") { Description = "Where completions are computed: local (default; this process), llama-server or openai (a server your team runs; your code is sent there)" }
        .OneOf([.. BackendNames.Kinds]);

    public Option<string?> Endpoint { get; } = new Option<string?>("--endpoint") { Description = "The remote server's URL, e.g. http://gpu-box:8080 (with --backend; else $CODEPILOT_ENDPOINT)" }.HttpUrl();

    public Option<string?> ModelName { get; } = new("--model-name") { Description = "The model the remote server should use (default: the one it reports)" };

    public Option<string?> BackendMode { get; } = new Option<string?>("--backend-mode") { Description = "remote-only (default), remote-first (the local model answers while the server fails), local-first (the server answers only where no local model can)" }
        .OneOf([.. BackendNames.Modes]);

    public Option<string?> FimTemplate { get; } = new("--fim-template") { Description = "The remote model's FIM format (qwen, starcoder, deepseek-coder, codellama, codegemma); default: asked from the server" };

    public Option<string?> SemanticGuard { get; } = OptionRules.TrueOrFalse("--semantic-guard", "C#: only members that exist may follow a dot, and suggestions are cut before names that do not exist: true (default) or false");

    public Option<string?> TokenHealing { get; } = OptionRules.TrueOrFalse("--token-healing", "The word at the cursor is written again by the model, from a token boundary it knows: true (default) or false");

    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Debug logging on stderr" };

    /// <param name="completing">The command completes code: it takes --semantic-guard and --token-healing too.</param>
    public void AddTo(Command command, bool completing = false)
    {
        foreach (var option in new Option[] { Model, ExplainModel, NextEditModel, NextEditFormat, GpuLayers, Threads, ContextSize, CacheReuse, WarmPlacesMb, DraftTokens, KvType, FlashAttention, MaxTokens, TimeBudgetMs, ContextTokens, ContextScope, FimOrder, Backend, Endpoint, ModelName, BackendMode, FimTemplate, Verbose })
        {
            command.Options.Add(option);
        }

        if (completing)
        {
            command.Options.Add(SemanticGuard);
            command.Options.Add(TokenHealing);
        }
    }

    public ServerOptions ToServerOptions(ParseResult parse, bool searchUserCache = true)
    {
        var settings = new ServerSettings();
        var environmentBackend = BackendFromEnvironment(settings.Backend);
        settings = settings with
        {
            Backend = environmentBackend,
            NextEditFormat = parse.GetValue(NextEditFormat),
            Inference = new InferenceOptions
            {
                GpuLayers = parse.GetValue(GpuLayers),
                Threads = parse.GetValue(Threads),
                ContextSize = parse.GetValue(ContextSize),
                CacheReuseChunk = parse.GetValue(CacheReuse) ?? settings.Inference.CacheReuseChunk,
                WarmPlacesBytes = parse.GetValue(WarmPlacesMb) is { } mb ? (long)mb << 20 : settings.Inference.WarmPlacesBytes,
                DraftTokens = parse.GetValue(DraftTokens) ?? settings.Inference.DraftTokens,
                KvCacheType = parse.GetValue(KvType) ?? settings.Inference.KvCacheType,
                FlashAttention = parse.Flag(FlashAttention) ?? settings.Inference.FlashAttention,
            },
            Completion = settings.Completion with
            {
                MultiLineMaxTokens = parse.GetValue(MaxTokens) ?? settings.Completion.MultiLineMaxTokens,
                TimeBudget = parse.GetValue(TimeBudgetMs) is { } ms ? TimeSpan.FromMilliseconds(ms) : settings.Completion.TimeBudget,
                ContextTokens = parse.GetValue(ContextTokens) ?? settings.Completion.ContextTokens,
                ContextScope = parse.GetValue(ContextScope) == "file" ? Core.Context.ContextScope.File : Core.Context.ContextScope.Place,
                FimOrder = parse.GetValue(FimOrder) == "spm" ? Core.Fim.FimOrder.SuffixPrefixMiddle : Core.Fim.FimOrder.PrefixSuffixMiddle,
                SemanticGuard = parse.Flag(SemanticGuard) ?? settings.Completion.SemanticGuard,
                TokenHealing = parse.Flag(TokenHealing) ?? settings.Completion.TokenHealing,
            },
        };
        return new ServerOptions
        {
            CommandLineModel = parse.GetValue(Model),
            CommandLineExplainModel = parse.GetValue(ExplainModel),
            CommandLineNextEditModel = parse.GetValue(NextEditModel),
            EnvironmentModel = Environment.GetEnvironmentVariable(ModelEnvironmentVariable) is { Length: > 0 } env ? env : null,
            SearchUserCache = searchUserCache,
            Settings = settings,
            CommandLineBackend = BackendFromCommandLine(parse, environmentBackend),
        };
    }

    /// <summary>CODEPILOT_BACKEND, CODEPILOT_ENDPOINT, CODEPILOT_MODEL_NAME, CODEPILOT_BACKEND_MODE: defaults the editor's settings refine.</summary>
    private static RemoteBackendOptions BackendFromEnvironment(RemoteBackendOptions defaults)
    {
        static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
        return defaults with
        {
            Kind = BackendNames.ParseKind(Variable("CODEPILOT_BACKEND")) ?? defaults.Kind,
            Endpoint = Variable("CODEPILOT_ENDPOINT") is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : defaults.Endpoint,
            ModelName = Variable("CODEPILOT_MODEL_NAME") ?? defaults.ModelName,
            Mode = BackendNames.ParseMode(Variable("CODEPILOT_BACKEND_MODE")) ?? defaults.Mode,
        };
    }

    /// <summary>The backend named on the command line (it then wins over the editor's settings); null when --backend is not given.</summary>
    private RemoteBackendOptions? BackendFromCommandLine(ParseResult parse, RemoteBackendOptions environment)
    {
        if (BackendNames.ParseKind(parse.GetValue(Backend)) is not { } kind)
        {
            return null;
        }

        var endpoint = parse.Url(Endpoint) ?? environment.Endpoint;
        return environment with
        {
            Kind = kind,
            Endpoint = endpoint,
            ModelName = parse.GetValue(ModelName) ?? environment.ModelName,
            Mode = BackendNames.ParseMode(parse.GetValue(BackendMode)) ?? environment.Mode,
            FimTemplate = parse.GetValue(FimTemplate) ?? environment.FimTemplate,
        };
    }
}
