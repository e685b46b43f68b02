using System.Text.Json.Serialization;

namespace CodePilotLocal.Server.Evaluation;

/// <summary>One held-out statement, with the repository context and with the current file alone.</summary>
public sealed record EvalSample(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("line")] int Line,
    [property: JsonPropertyName("expected")] string Expected,
    [property: JsonPropertyName("suggestion")] string? Suggestion,
    [property: JsonPropertyName("baseline_suggestion")] string? BaselineSuggestion,
    [property: JsonPropertyName("context_recall")] double? ContextRecall,
    [property: JsonPropertyName("baseline_context_recall")] double? BaselineContextRecall,
    [property: JsonPropertyName("prompt_tokens")] int PromptTokens,
    [property: JsonPropertyName("baseline_prompt_tokens")] int BaselinePromptTokens,
    [property: JsonPropertyName("context_ms")] double ContextMs,
    [property: JsonPropertyName("latency_ms")] double? LatencyMs,
    [property: JsonPropertyName("baseline_latency_ms")] double? BaselineLatencyMs)
{
    /// <summary>The suggestion before the compile check cut it (what the guard let the model write).</summary>
    [JsonPropertyName("before_compile_check")]
    public string? BeforeCompileCheck { get; init; }

    /// <summary>With the guard off (repository context as for <see cref="Suggestion"/>); null when the guard is off anyway or no model ran.</summary>
    [JsonPropertyName("unguarded_suggestion")]
    public string? UnguardedSuggestion { get; init; }

    /// <summary>Whether every member access in the generated text (before the compile check) names an existing member; null: not judged (empty, no model).</summary>
    [JsonPropertyName("identifier_valid")]
    public bool? IdentifiersValid { get; init; }

    /// <summary>Whether the suggestion, inserted, adds no compiler error; null: not judged.</summary>
    [JsonPropertyName("compiles")]
    public bool? Compiles { get; init; }

    [JsonPropertyName("unguarded_identifier_valid")]
    public bool? UnguardedIdentifiersValid { get; init; }

    [JsonPropertyName("unguarded_compiles")]
    public bool? UnguardedCompiles { get; init; }

    [JsonPropertyName("guarded_sites")]
    public int GuardedSites { get; init; }

    [JsonIgnore]
    public IReadOnlyList<double> GuardMicrosecondsPerToken { get; init; } = [];

    [JsonPropertyName("unguarded_latency_ms")]
    public double? UnguardedLatencyMs { get; init; }
}

/// <summary>
/// What `codepilot eval` prints with --json. Recall is averaged over the samples whose statement uses
/// something declared in another file (<see cref="RecallSamples"/>); the model figures are null with --no-model.
/// </summary>
public sealed record EvalReport(
    [property: JsonPropertyName("n")] int N,
    [property: JsonPropertyName("recall_samples")] int RecallSamples,
    [property: JsonPropertyName("context_recall")] double ContextRecall,
    [property: JsonPropertyName("baseline_context_recall")] double BaselineContextRecall,
    [property: JsonPropertyName("exact_match")] double? ExactMatch,
    [property: JsonPropertyName("edit_similarity")] double? EditSimilarity,
    [property: JsonPropertyName("baseline_exact_match")] double? BaselineExactMatch,
    [property: JsonPropertyName("baseline_edit_similarity")] double? BaselineEditSimilarity,
    [property: JsonPropertyName("prompt_tokens_mean")] double PromptTokensMean,
    [property: JsonPropertyName("baseline_prompt_tokens_mean")] double BaselinePromptTokensMean,
    [property: JsonPropertyName("context_ms_p50")] double ContextMsP50,
    [property: JsonPropertyName("latency_ms_p50")] double? LatencyMsP50,
    [property: JsonPropertyName("baseline_latency_ms_p50")] double? BaselineLatencyMsP50,
    [property: JsonPropertyName("model")] string? Model,
    [property: JsonPropertyName("token_counts")] string TokenCounts,
    [property: JsonPropertyName("samples")] IReadOnlyList<EvalSample> Samples)
{
    /// <summary>Share of judged suggestions whose member accesses all name existing members (the guard's output, before the compile check).</summary>
    [JsonPropertyName("identifier_validity")]
    public double? IdentifierValidity { get; init; }

    /// <summary>Share of judged suggestions that, inserted as shown, add no compiler error.</summary>
    [JsonPropertyName("compiles")]
    public double? Compiles { get; init; }

    [JsonPropertyName("unguarded_identifier_validity")]
    public double? UnguardedIdentifierValidity { get; init; }

    [JsonPropertyName("unguarded_compiles")]
    public double? UnguardedCompiles { get; init; }

    /// <summary>Member accesses where the guard allowed only existing members, over all samples.</summary>
    [JsonPropertyName("guarded_sites")]
    public int GuardedSites { get; init; }

    [JsonPropertyName("guard_us_per_token_p50")]
    public double? GuardMicrosecondsP50 { get; init; }

    [JsonPropertyName("guard_us_per_token_p95")]
    public double? GuardMicrosecondsP95 { get; init; }

    [JsonPropertyName("unguarded_latency_ms_p50")]
    public double? UnguardedLatencyMsP50 { get; init; }
}
