using CodePilotLocal.Core.Benchmarking;
using CodePilotLocal.Core.Context;

namespace CodePilotLocal.Server.Benchmarking;

/// <summary>What one side of a bench run measured.</summary>
public sealed record BenchSide
{
    public required string Name { get; init; }

    /// <summary>Time from each request to its answer (the time to first suggestion for that keystroke), in ms.</summary>
    public required IReadOnlyList<double> Latencies { get; init; }

    /// <summary>Per request: the server failed before doing the whole work (its latency is then not a full answer's).</summary>
    public IReadOnlyList<bool> Unfinished { get; init; } = [];

    /// <summary>The first error answer, verbatim, to tell a model's fault from a setup's.</summary>
    public string? FirstError { get; init; }

    public int ModelCalls { get; init; }

    public int CacheHits { get; init; }

    /// <summary>Where the time of the requests made where the cursor landed went (our side only).</summary>
    public ColdRequestBreakdown? Landing { get; init; }

    /// <summary>Per request, the repository context our prompt carried (that of the last model call where the suggestion cache answered); the peer gets the same.</summary>
    public IReadOnlyList<IReadOnlyList<ContextSnippet>> RepositoryContexts { get; init; } = [];

    /// <summary>Requests that went back to a warm place other than the last one used.</summary>
    public int WarmPlaceHits { get; init; }

    public int Suggestions { get; init; }

    /// <summary>Requests answered with an error; their token figures are missing.</summary>
    public int Errors { get; init; }

    public long PromptTokens { get; init; }

    public long ReusedPromptTokens { get; init; }

    public long GeneratedTokens { get; init; }

    public double GenerationSeconds { get; init; }

    public double? PeakRssMegabytes { get; init; }

    /// <summary>The .NET heap (Roslyn's compilation, the index's caches) after the run, to tell it from llama.cpp's memory (our side only).</summary>
    public double? ManagedHeapMegabytes { get; init; }

    /// <summary>What the guard and healing added to each generated token, in microseconds (our side only).</summary>
    public IReadOnlyList<double> GuidanceMicroseconds { get; init; } = [];

    public LatencySummary GuidanceSummary => LatencySummary.Of([.. GuidanceMicroseconds]);

    /// <summary>Member accesses where the guard allowed only existing members.</summary>
    public int GuardedSites { get; init; }

    public LatencySummary Summary => LatencySummary.Of([.. Latencies]);

    /// <summary>Latencies of the requests that both sides answered in full.</summary>
    public LatencySummary PairedSummary(BenchSide other) =>
        LatencySummary.Of([.. Latencies.Where((_, i) => !IsUnfinished(i) && !other.IsUnfinished(i))]);

    private bool IsUnfinished(int request) => request < Unfinished.Count && Unfinished[request];

    /// <summary>The prompt's length per model call: both sides should show the same, or they did not compare the same prompts.</summary>
    public double PromptTokensPerCall => ModelCalls - Errors <= 0 ? 0 : (double)PromptTokens / (ModelCalls - Errors);

    public double KvReuse => PromptTokens == 0 ? 0 : (double)ReusedPromptTokens / PromptTokens;

    /// <summary>Prompt tokens and reused ones over keystrokes and accepts only, without the jumps to a new line.</summary>
    public (long Prompt, long Reused) TypingTokens { get; init; }

    public double KvReuseWhileTyping => TypingTokens.Prompt == 0 ? 0 : (double)TypingTokens.Reused / TypingTokens.Prompt;

    public double TokensPerSecond => GenerationSeconds == 0 ? 0 : GeneratedTokens / GenerationSeconds;
}
