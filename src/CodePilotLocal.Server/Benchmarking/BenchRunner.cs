using System.Diagnostics;
using CodePilotLocal.Core.Benchmarking;
using CodePilotLocal.Core.Completion;
using CodePilotLocal.Core.Text;
using CodePilotLocal.Inference.Remote;

namespace CodePilotLocal.Server.Benchmarking;

/// <summary>
/// Replays an editing session: after each step, ask for a suggestion and time the answer, then wait
/// out the rest of the typing interval as a person would. Requests never overlap, so each latency is
/// the time to first suggestion for that keystroke.
/// </summary>
public static class BenchRunner
{
    /// <summary>Through the server's own completion path (window, prompt, KV reuse, suggestion cache, post-processing).</summary>
    public static async Task<BenchSide> RunAsync(
        CodePilotServices services, IReadOnlyList<EditStep> steps, TimeSpan typingInterval, CancellationToken cancellationToken)
    {
        var uri = new Uri(Path.Combine(Path.GetTempPath(), "codepilot-bench", "Session.cs"));
        var latencies = new List<double>();
        int calls = 0, hits = 0, suggestions = 0;
        long prompt = 0, reused = 0, generated = 0;
        double generationSeconds = 0;
        foreach (var step in steps)
        {
            var text = new TextSnapshot(step.Text);
            var clock = Stopwatch.StartNew();
            var result = await services.CompleteTextAsync(uri, step.Text, text.ToPosition(step.CursorOffset), cancellationToken).ConfigureAwait(false);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            suggestions += result is null ? 0 : 1;
            if (services.LastStatistics is not { } statistics)
            {
                hits++;
            }
            else
            {
                calls++;
                prompt += statistics.PromptTokens;
                reused += statistics.ReusedPromptTokens;
                generated += statistics.GeneratedTokens;
                generationSeconds += statistics.GenerationTime.TotalSeconds;
            }

            await WaitRestOfIntervalAsync(typingInterval, clock, cancellationToken).ConfigureAwait(false);
        }

        return new BenchSide
        {
            Name = "codepilot",
            Latencies = latencies,
            ModelCalls = calls,
            CacheHits = hits,
            Suggestions = suggestions,
            PromptTokens = prompt,
            ReusedPromptTokens = reused,
            GeneratedTokens = generated,
            GenerationSeconds = generationSeconds,
            PeakRssMegabytes = Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0,
        };
    }

    /// <summary>
    /// The same steps against llama-server's /infill, with the same prefix/suffix window, token limit and
    /// time budget the server would use; every keystroke is a request, as llama-server has no
    /// suggestion cache of its own.
    /// </summary>
    public static async Task<BenchSide> RunAgainstAsync(
        LlamaServerClient client, IReadOnlyList<EditStep> steps, CompletionOptions options, TimeSpan typingInterval,
        Func<double?> peakRss, CancellationToken cancellationToken)
    {
        var latencies = new List<double>();
        var failed = new List<bool>();
        string? firstError = null;
        int suggestions = 0;
        long prompt = 0, reused = 0, generated = 0;
        double generationSeconds = 0;
        foreach (var step in steps)
        {
            var clock = Stopwatch.StartNew();
            var result = await InfillAsync(client, step, options, cancellationToken).ConfigureAwait(false);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            failed.Add(result.Error is not null);
            firstError ??= result.Error;
            suggestions += result.Content.Trim().Length > 0 ? 1 : 0;
            prompt += result.PromptTokensEvaluated + result.PromptTokensCached;
            reused += result.PromptTokensCached;
            generated += result.PredictedTokens;
            generationSeconds += result.PredictedMilliseconds / 1000;
            await WaitRestOfIntervalAsync(typingInterval, clock, cancellationToken).ConfigureAwait(false);
        }

        return new BenchSide
        {
            Name = "llama-server",
            Latencies = latencies,
            ModelCalls = steps.Count,
            Failed = failed,
            FirstError = firstError,
            Suggestions = suggestions,
            PromptTokens = prompt,
            ReusedPromptTokens = reused,
            GeneratedTokens = generated,
            GenerationSeconds = generationSeconds,
            PeakRssMegabytes = peakRss(),
        };
    }

    /// <summary>Shrinks the window as our server does when a prompt does not fit, so both sides see the same prompt.</summary>
    private static async Task<InfillResult> InfillAsync(LlamaServerClient client, EditStep step, CompletionOptions options, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var context = CompletionContextFactory.Create(step.Text, step.CursorOffset, options);
            var result = await client.InfillAsync(context.Prefix, context.Suffix, options.MaxTokensFor(context.Mode), options.TimeBudget, cancellationToken)
                .ConfigureAwait(false);
            if (result.Error?.Contains("exceed_context_size", StringComparison.Ordinal) != true || attempt == Services.CompletionService.MaxWindowShrinks)
            {
                return result;
            }

            options = options.WithHalfTheWindow();
        }
    }

    private static async Task WaitRestOfIntervalAsync(TimeSpan interval, Stopwatch clock, CancellationToken cancellationToken)
    {
        var rest = interval - clock.Elapsed;
        if (rest > TimeSpan.Zero)
        {
            await Task.Delay(rest, cancellationToken).ConfigureAwait(false);
        }
    }
}
