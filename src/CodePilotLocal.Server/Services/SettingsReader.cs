using System.Text.Json;
using CodePilotLocal.Core.Context;
using CodePilotLocal.Core.Fim;
using CodePilotLocal.Inference;
using CodePilotLocal.Inference.Remote;

namespace CodePilotLocal.Server.Services;

/// <summary>
/// Reads settings from an LSP JSON object, flat or under a "codepilot" section. Keys mirror what users of
/// llama.vscode and Tabby know: model, enable, gpuLayers, threads, contextSize, cacheReuse, warmPlacesMb, draftTokens, kvCacheType, flashAttention, maxTokens,
/// singleLineMaxTokens, timeBudgetMs; contextTokens, contextScope (place, file), maxIndexedFileBytes for the repository index; explainModel, explainMaxTokens;
/// fimOrder (psm, spm); nextEditModel, nextEditModelName (on a team's server), nextEdit, nextEditInline, nextEditFormat (sweep, zeta); semanticGuard, tokenHealing (both default true); usageStats (default true, local only); backend, endpoint, modelName, backendMode, apiKeyEnv, remoteTimeoutMs, verifyTls, fimTemplate, slot for a remote server. A value of the wrong type is skipped and reported, never fatal.
/// </summary>
internal static class SettingsReader
{
    public static ServerSettings Apply(ServerSettings current, JsonElement? json, ICollection<string> problems)
    {
        if (json is not { ValueKind: JsonValueKind.Object } root)
        {
            return current;
        }

        if (root.TryGetProperty("codepilot", out var section) && section.ValueKind == JsonValueKind.Object)
        {
            root = section;
        }

        var settings = current;
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            settings = property.Name switch
            {
                "model" when value.ValueKind == JsonValueKind.String => settings with { ModelPath = NullIfEmpty(value.GetString()) },
                "model" when value.ValueKind == JsonValueKind.Null => settings with { ModelPath = null },
                "enable" when value.ValueKind is JsonValueKind.True or JsonValueKind.False => settings with { Enabled = value.GetBoolean() },
                "usageStats" when value.ValueKind is JsonValueKind.True or JsonValueKind.False => settings with { UsageStats = value.GetBoolean() },
                "gpuLayers" when TryInt(value, SettingLimits.GpuLayers, out var n) => settings with { Inference = settings.Inference with { GpuLayers = n } },
                "threads" when TryInt(value, SettingLimits.Threads, out var n) => settings with { Inference = settings.Inference with { Threads = n } },
                "contextSize" when TryInt(value, SettingLimits.ContextSize, out var n) => settings with { Inference = settings.Inference with { ContextSize = n } },
                "cacheReuse" when TryInt(value, SettingLimits.CacheReuse, out var n) => settings with { Inference = settings.Inference with { CacheReuseChunk = n } },
                "warmPlacesMb" when TryInt(value, SettingLimits.WarmPlacesMb, out var n) =>
                    settings with { Inference = settings.Inference with { WarmPlacesBytes = (long)n << 20 } },
                "draftTokens" when TryInt(value, SettingLimits.DraftTokens, out var n) =>
                    settings with { Inference = settings.Inference with { DraftTokens = n } },
                "kvCacheType" when value.ValueKind == JsonValueKind.String && InferenceOptions.KvCacheTypes.Contains(value.GetString()) =>
                    settings with { Inference = settings.Inference with { KvCacheType = value.GetString()! } },
                "flashAttention" when value.ValueKind is JsonValueKind.True or JsonValueKind.False =>
                    settings with { Inference = settings.Inference with { FlashAttention = value.GetBoolean() } },
                "maxTokens" when TryInt(value, SettingLimits.MaxTokens, out var n) => settings with { Completion = settings.Completion with { MultiLineMaxTokens = n } },
                "singleLineMaxTokens" when TryInt(value, SettingLimits.MaxTokens, out var n) => settings with { Completion = settings.Completion with { SingleLineMaxTokens = n } },
                "timeBudgetMs" when TryInt(value, SettingLimits.TimeBudgetMs, out var n) => settings with { Completion = settings.Completion with { TimeBudget = TimeSpan.FromMilliseconds(n) } },
                "explainModel" when value.ValueKind == JsonValueKind.String => settings with { ExplainModelPath = NullIfEmpty(value.GetString()) },
                "explainModel" when value.ValueKind == JsonValueKind.Null => settings with { ExplainModelPath = null },
                "nextEditModel" when value.ValueKind is JsonValueKind.String or JsonValueKind.Null => settings with { NextEditModelPath = NullIfEmpty(value.GetString()) },
                "nextEditModelName" when value.ValueKind is JsonValueKind.String or JsonValueKind.Null => settings with { NextEditModelName = NullIfEmpty(value.GetString()) },
                "nextEdit" when value.ValueKind is JsonValueKind.True or JsonValueKind.False => settings with { NextEdit = value.GetBoolean() },
                "nextEditInline" when value.ValueKind is JsonValueKind.True or JsonValueKind.False => settings with { NextEditInline = value.GetBoolean() },
                "nextEditFormat" when value.ValueKind is JsonValueKind.String or JsonValueKind.Null
                    && (NullIfEmpty(value.GetString()) is not { } format || Core.NextEdit.NextEditFormats.Named(format) is not null) =>
                    settings with { NextEditFormat = NullIfEmpty(value.GetString()) },
                "explainMaxTokens" when TryInt(value, SettingLimits.ExplainMaxTokens, out var n) => settings with { ExplainMaxTokens = n },
                "contextTokens" when TryInt(value, SettingLimits.ContextTokens, out var n) => settings with { Completion = settings.Completion with { ContextTokens = n } },
                "contextScope" when value.ValueKind == JsonValueKind.String && value.GetString() is "place" or "file" =>
                    settings with { Completion = settings.Completion with { ContextScope = value.GetString() == "file" ? ContextScope.File : ContextScope.Place } },
                "semanticGuard" when value.ValueKind is JsonValueKind.True or JsonValueKind.False =>
                    settings with { Completion = settings.Completion with { SemanticGuard = value.GetBoolean() } },
                "tokenHealing" when value.ValueKind is JsonValueKind.True or JsonValueKind.False =>
                    settings with { Completion = settings.Completion with { TokenHealing = value.GetBoolean() } },
                "maxIndexedFileBytes" when TryInt(value, SettingLimits.MaxIndexedFileBytes, out var n) => settings with { Indexing = settings.Indexing with { MaxFileBytes = n } },
                "fimOrder" when value.ValueKind == JsonValueKind.String && value.GetString() is "psm" or "spm" =>
                    settings with { Completion = settings.Completion with { FimOrder = value.GetString() == "spm" ? FimOrder.SuffixPrefixMiddle : FimOrder.PrefixSuffixMiddle } },
                "backend" when value.ValueKind == JsonValueKind.String && BackendNames.ParseKind(value.GetString()) is { } kind =>
                    settings with { Backend = settings.Backend with { Kind = kind } },
                "endpoint" when value.ValueKind == JsonValueKind.String && (NullIfEmpty(value.GetString()) is null || Uri.TryCreate(value.GetString(), UriKind.Absolute, out _)) =>
                    settings with { Backend = settings.Backend with { Endpoint = NullIfEmpty(value.GetString()) is { } url ? new Uri(url) : null } },
                "modelName" when value.ValueKind is JsonValueKind.String or JsonValueKind.Null =>
                    settings with { Backend = settings.Backend with { ModelName = NullIfEmpty(value.GetString()) } },
                "backendMode" when value.ValueKind == JsonValueKind.String && BackendNames.ParseMode(value.GetString()) is { } mode =>
                    settings with { Backend = settings.Backend with { Mode = mode } },
                "apiKeyEnv" when value.ValueKind == JsonValueKind.String && IsVariableName(value.GetString()) =>
                    settings with { Backend = settings.Backend with { ApiKeyVariable = value.GetString()! } },
                "remoteTimeoutMs" when TryInt(value, SettingLimits.RemoteTimeoutMs, out var n) =>
                    settings with { Backend = settings.Backend with { Timeout = TimeSpan.FromMilliseconds(n) } },
                "verifyTls" when value.ValueKind is JsonValueKind.True or JsonValueKind.False =>
                    settings with { Backend = settings.Backend with { VerifyTls = value.GetBoolean() } },
                "fimTemplate" when value.ValueKind is JsonValueKind.String or JsonValueKind.Null
                    && (NullIfEmpty(value.GetString()) is not { } name || FimTemplateCatalog.Named(name) is not null) =>
                    settings with { Backend = settings.Backend with { FimTemplate = NullIfEmpty(value.GetString()) } },
                "slot" when TryInt(value, SettingLimits.Slot, out var n) => settings with { Backend = settings.Backend with { Slot = n } },
                "apiKey" => Skip(settings, problems, "Setting 'apiKey' was ignored: an API key does not belong in settings files. Put it in an environment variable (CODEPILOT_API_KEY, or the one 'apiKeyEnv' names)."),
                "nextEditModel" or "nextEditModelName" or "nextEdit" or "nextEditInline" or "nextEditFormat" or "contextScope" or "usageStats" or "semanticGuard" or "tokenHealing" or "flashAttention" or "fimOrder" or "backend" or "endpoint" or "modelName" or "backendMode" or "apiKeyEnv" or "remoteTimeoutMs" or "verifyTls" or "fimTemplate" or "slot"
                    => Skip(settings, problems, $"Setting '{property.Name}' has an invalid value {value.GetRawText()}; it was ignored."),
                "warmPlacesMb" or "draftTokens" or "model" or "enable" or "explainModel" or "explainMaxTokens" or "contextTokens" or "maxIndexedFileBytes" or "gpuLayers" or "threads" or "contextSize" or "cacheReuse" or "kvCacheType" or "maxTokens" or "singleLineMaxTokens" or "timeBudgetMs"
                    => Skip(settings, problems, $"Setting '{property.Name}' has an invalid value {value.GetRawText()}; it was ignored."),
                _ => settings,
            };
        }

        return settings;
    }

    private static ServerSettings Skip(ServerSettings settings, ICollection<string> problems, string problem)
    {
        problems.Add(problem);
        return settings;
    }

    private static bool TryInt(JsonElement value, (int Min, int Max) limits, out int result)
    {
        result = 0;
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out result) && result >= limits.Min && result <= limits.Max;
    }

    private static bool IsVariableName(string? name) =>
        !string.IsNullOrEmpty(name) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(name[0]);

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
