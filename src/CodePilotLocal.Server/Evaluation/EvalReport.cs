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
    [property: JsonPropertyName("baseline_latency_ms")] double? BaselineLatencyMs);

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
    [property: JsonPropertyName("samples")] IReadOnlyList<EvalSample> Samples);
