using System.CommandLine;
using System.Text.Json;
using CodePilotLocal.Cli.Hosting;
using CodePilotLocal.Core.Benchmarking;
using CodePilotLocal.Indexing.Workspace;
using CodePilotLocal.Inference;
using CodePilotLocal.Inference.Remote;
using CodePilotLocal.Server;
using CodePilotLocal.Server.Benchmarking;

namespace CodePilotLocal.Cli.Commands;

/// <summary>
/// `codepilot bench`: replays an editing session over a real source file through the server's
/// completion path and prints time to first suggestion, KV reuse, tokens/s and peak memory; with
/// --against or --llama-server, replays the same session against llama-server's /infill in the same run.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var shared = new SharedOptions();
        var file = new Argument<FileInfo?>("FILE") { Description = "Source file to edit (default: a C# file of this project)", Arity = ArgumentArity.ZeroOrOne };
        var sites = new Option<int>("--sites") { Description = "Lines the cursor visits", DefaultValueFactory = _ => 6 }.Between((1L, 10_000L));
        var charsPerSite = new Option<int>("--chars-per-site") { Description = "Characters written at each line at most", DefaultValueFactory = _ => 24 }.Between((1L, 10_000L));
        var cps = new Option<double>("--cps") { Description = "Typing speed in characters per second (0: no pauses)", DefaultValueFactory = _ => 10 }.Between((0.0, 1000.0));
        var seed = new Option<int>("--seed") { Description = "Seed of the session", DefaultValueFactory = _ => 1 };
        var against = new Option<string?>("--against") { Description = "A running llama-server (e.g. http://127.0.0.1:8080/) to replay the same session against" }.HttpUrl();
        var llamaServer = new Option<FileInfo?>("--llama-server") { Description = "Start this llama-server binary on loopback with the same model and threads, and compare" }.Existing();
        var goBack = new Option<bool>("--go-back") { Description = "After each line, go back to the line before and write a little more there (places to return to)" };
        var dwell = new Option<int>("--dwell-ms") { Description = "Where the cursor lands, the person reads this long before typing (our side prewarms meanwhile; 0: none)", DefaultValueFactory = _ => 400 }
            .Between((0L, 60_000L));
        var compareGuard = new Option<bool>("--compare-guard") { Description = "Replay the session first with the semantic guard and token healing off, then on, and compare (same model, same run)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object" };
        var command = new Command("bench", "Replay an editing session and measure time to first suggestion (optionally side by side with llama-server).")
        {
            file, sites, charsPerSite, cps, seed, goBack, dwell, against, llamaServer, compareGuard, json,
        };
        shared.AddTo(command, completing: true);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var loggers = Logging.Create(parse.GetValue(shared.Verbose), toFile: false);
            var options = shared.ToServerOptions(parse);
            await using var services = new CodePilotServices(options, loggers);
            var (engine, problem) = await services.GetCompletionEngineAsync(cancellationToken).ConfigureAwait(false);
            if (engine is null || problem is not null)
            {
                await Console.Error.WriteLineAsync(problem).ConfigureAwait(false);
                return 2;
            }

            var text = parse.GetValue(file) is { } path ? await File.ReadAllTextAsync(path.FullName, cancellationToken).ConfigureAwait(false) : ReadSample();
            var steps = EditingSession.Create(text.Replace("\r\n", "\n"), parse.GetValue(seed), parse.GetValue(sites), parse.GetValue(charsPerSite), parse.GetValue(goBack));
            var interval = parse.GetValue(cps) is > 0 and var speed ? TimeSpan.FromSeconds(1 / speed) : TimeSpan.Zero;
            var dwellTime = TimeSpan.FromMilliseconds(parse.GetValue(dwell));
            var threads = options.Settings.Inference.ThreadsFor(engine.Model);
            var contextSize = options.Settings.Inference.ContextSizeFor(engine.Model);

            // A file of a repository is edited in place of itself, with that repository's context; the built-in sample has none.
            var edited = parse.GetValue(file)?.FullName ?? Path.Combine(Path.GetTempPath(), "codepilot-bench", "Session.cs");
            if (parse.GetValue(file) is not null)
            {
                await services.IndexAsync(GitRepositories.WorkspaceRootFor(edited), null, cancellationToken).ConfigureAwait(false);
            }

            BenchSide? unguarded = null;
            if (parse.GetValue(compareGuard))
            {
                // Off first: the guarded run then pays for its own warm-up (Roslyn, the vocabulary's spellings), not the other way round.
                var configured = options.Settings.Completion;
                services.ChangeCompletionOptions(o => o with { SemanticGuard = false, TokenHealing = false });
                unguarded = await BenchRunner.RunAsync(services, edited, steps, interval, dwellTime, cancellationToken).ConfigureAwait(false);
                services.ChangeCompletionOptions(o => o with { SemanticGuard = configured.SemanticGuard, TokenHealing = configured.TokenHealing });
            }

            var ours = await BenchRunner.RunAsync(services, edited, steps, interval, dwellTime, cancellationToken).ConfigureAwait(false);
            BenchSide? theirs = null;
            var completion = options.Settings.Completion;
            var logicalBatch = LlamaServerProcess.LogicalBatchFor(contextSize, completion.ContextTokens, completion.MultiLineMaxTokens);
            if (parse.GetValue(llamaServer) is { } binary)
            {
                await services.DisposeAsync().ConfigureAwait(false); // one model in memory at a time, as on a laptop
                await using var server = await LlamaServerProcess.StartAsync(binary.FullName, engine.Model.Path, threads, contextSize, cancellationToken,
                    suffixPrefixMiddle: completion.FimOrder == Core.Fim.FimOrder.SuffixPrefixMiddle, logicalBatch: logicalBatch).ConfigureAwait(false);
                using var client = LlamaServerClient.For(server.Endpoint);
                theirs = await BenchRunner.RunAgainstAsync(client, steps, ours, completion, interval, dwellTime, server.PeakRssMegabytes, cancellationToken).ConfigureAwait(false);
            }
            else if (parse.Url(against) is { } endpoint)
            {
                using var client = LlamaServerClient.For(endpoint);
                theirs = await BenchRunner.RunAgainstAsync(client, steps, ours, completion, interval, dwellTime, () => null, cancellationToken).ConfigureAwait(false);
            }

            if (theirs is not null && theirs.PromptTokensPerCall < ShorterPromptWarning * ours.PromptTokensPerCall)
            {
                await Console.Error.WriteLineAsync(
                    $"Warning: llama-server's prompts were {theirs.PromptTokensPerCall:F0} tokens a call, ours {ours.PromptTokensPerCall:F0}: it cut what we sent "
                    + $"(/infill keeps other files' chunks only within n_ctx - n_batch - 2·n_predict); start it with -b {logicalBatch} "
                    + "to compare the same prompts.").ConfigureAwait(false);
            }

            var model = $"{engine.Model.Name} ({engine.Model.Architecture}, {engine.Model.ParameterCount:N0} parameters), {threads} threads, context {contextSize}";
            if (parse.GetValue(json))
            {
                var result = ToJson(ours, theirs, model, steps.Count);
                if (unguarded is not null)
                {
                    result["unguarded"] = Side(unguarded);
                    result["guard_ratio_p50"] = Ratio(ours.Summary.P50, unguarded.Summary.P50);
                    result["guard_ratio_p95"] = Ratio(ours.Summary.P95, unguarded.Summary.P95);
                }

                Console.WriteLine(JsonSerializer.Serialize(result));
            }
            else
            {
                PrintTable(ours, theirs, model, steps.Count);
                if (unguarded is not null)
                {
                    PrintGuardComparison(ours, unguarded);
                }
            }

            return 0;
        });
        return command;
    }

    /// <summary>
    /// Below this share of our prompt tokens per call, the peer did not see the same prompts. Ours are some 5–20 %
    /// longer for the same text: our repository snippets are comments ("// " on every line), llama-server's are not.
    /// </summary>
    private const double ShorterPromptWarning = 0.75;

    private static string ReadSample()
    {
        using var stream = typeof(BenchCommand).Assembly.GetManifestResourceStream("bench-sample.cs")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static Dictionary<string, object?> ToJson(BenchSide ours, BenchSide? theirs, string model, int steps)
    {
        var result = Side(ours);
        result["model"] = model;
        result["requests"] = steps;
        if (theirs is not null)
        {
            result["against"] = Side(theirs);
            // Ratios over the requests both sides answered in full: a llama-server error before it finished
            // would flatter its latency (a refusal after streaming the whole answer counts as answered).
            var (oursPaired, theirsPaired) = (ours.PairedSummary(theirs), theirs.PairedSummary(ours));
            result["paired_requests"] = oursPaired.Count;
            result["ratio_p50"] = Ratio(oursPaired.P50, theirsPaired.P50);
            result["ratio_p95"] = Ratio(oursPaired.P95, theirsPaired.P95);
            result["ratio_tokens_per_s"] = Ratio(ours.TokensPerSecond, theirs.TokensPerSecond);
            result["ratio_peak_rss"] = ours.PeakRssMegabytes is { } mine && theirs.PeakRssMegabytes is { } peer ? Ratio(mine, peer) : null; // unknown for a server we did not start
        }

        return result;
    }

    private static Dictionary<string, object?> Side(BenchSide side) => new()
    {
        ["p50_ms"] = Math.Round(side.Summary.P50, 1),
        ["p95_ms"] = Math.Round(side.Summary.P95, 1),
        ["max_ms"] = Math.Round(side.Summary.Max, 1),
        ["mean_ms"] = Math.Round(side.Summary.Mean, 1),
        ["kv_reuse"] = Math.Round(side.KvReuse, 3),
        ["kv_reuse_typing"] = Math.Round(side.KvReuseWhileTyping, 3),
        ["tokens_per_s"] = Math.Round(side.TokensPerSecond, 1),
        ["peak_rss_mb"] = side.PeakRssMegabytes is { } rss ? Math.Round(rss, 0) : null,
        ["managed_heap_mb"] = side.ManagedHeapMegabytes is { } heap ? Math.Round(heap, 0) : null,
        ["model_calls"] = side.ModelCalls,
        ["cache_hits"] = side.CacheHits,
        ["warm_place_hits"] = side.WarmPlaceHits,
        ["landing"] = side.Landing is { } landing ? new Dictionary<string, object?>
        {
            ["requests"] = landing.Requests,
            ["total_ms"] = Math.Round(landing.TotalMs, 1),
            ["context_ms"] = Math.Round(landing.ContextMs, 1),
            ["tokenize_ms"] = Math.Round(landing.TokenizeMs, 1),
            ["prompt_ms"] = Math.Round(landing.PromptMs, 1),
            ["generation_ms"] = Math.Round(landing.GenerationMs, 1),
            ["other_ms"] = Math.Round(landing.OtherMs, 1),
            ["prompt_tokens_evaluated"] = Math.Round(landing.PromptTokensEvaluated, 0),
        } : null,
        ["suggestions"] = side.Suggestions,
        ["errors"] = side.Errors,
        ["first_error"] = side.FirstError,
        ["prompt_tokens"] = side.PromptTokens,
        ["prompt_tokens_reused"] = side.ReusedPromptTokens,
        ["prompt_tokens_per_call"] = Math.Round(side.PromptTokensPerCall, 0),
        ["guarded_sites"] = side.GuardedSites,
        ["guidance_us_per_token_p50"] = side.GuidanceMicroseconds.Count > 0 ? Math.Round(side.GuidanceSummary.P50, 1) : null,
        ["guidance_us_per_token_p95"] = side.GuidanceMicroseconds.Count > 0 ? Math.Round(side.GuidanceSummary.P95, 1) : null,
    };

    private static double? Ratio(double ours, double theirs) => theirs > 0 ? Math.Round(ours / theirs, 3) : null;

    private static void PrintGuardComparison(BenchSide guarded, BenchSide unguarded)
    {
        Console.WriteLine();
        Console.WriteLine($"{"",-28}{"guard on",14}{"guard off",14}{"ratio",10}");
        Console.WriteLine($"{"p50 first suggestion (ms)",-28}{guarded.Summary.P50,14:F1}{unguarded.Summary.P50,14:F1}{Ratio(guarded.Summary.P50, unguarded.Summary.P50),10:F3}");
        Console.WriteLine($"{"p95 first suggestion (ms)",-28}{guarded.Summary.P95,14:F1}{unguarded.Summary.P95,14:F1}{Ratio(guarded.Summary.P95, unguarded.Summary.P95),10:F3}");
        var perToken = guarded.GuidanceSummary;
        Console.WriteLine($"guidance per token: p50 {perToken.P50:F1} µs, p95 {perToken.P95:F1} µs over {perToken.Count} tokens; {guarded.GuardedSites} guarded member accesses");
    }

    private static void PrintTable(BenchSide ours, BenchSide? theirs, string model, int steps)
    {
        Console.WriteLine($"Model: {model}");
        Console.WriteLine($"Session: {steps} requests (cursor moves, keystrokes, accepts)");
        Console.WriteLine();
        Console.WriteLine($"{"",-28}{"codepilot",14}{(theirs is null ? "" : $"{"llama-server",14}{"ratio",10}")}");
        void Row(string name, double value, double? other, string format = "F1")
        {
            var line = $"{name,-28}{value.ToString(format),14}";
            if (theirs is not null)
            {
                line += $"{(other?.ToString(format) ?? "-"),14}{(other is > 0 ? (value / other.Value).ToString("F2") : "-"),10}";
            }

            Console.WriteLine(line);
        }

        var (oursSummary, theirsSummary) = theirs is null ? (ours.Summary, null) : (ours.PairedSummary(theirs), theirs.PairedSummary(ours));
        if (theirs is { Errors: > 0 })
        {
            Console.WriteLine($"(latencies over the {oursSummary.Count} requests both answered in full; llama-server answered {theirs.Errors} with an error, token figures only from the rest)");
        }

        Row("p50 first suggestion (ms)", oursSummary.P50, theirsSummary?.P50);
        Row("p95 first suggestion (ms)", oursSummary.P95, theirsSummary?.P95);
        Row("max first suggestion (ms)", oursSummary.Max, theirsSummary?.Max);
        Row("model calls", ours.ModelCalls, theirs?.ModelCalls, "F0");
        Row("suggestion-cache hits", ours.CacheHits, theirs?.CacheHits, "F0");
        Row("warm place hits", ours.WarmPlaceHits, theirs?.WarmPlaceHits, "F0");
        Row("error answers", ours.Errors, theirs?.Errors, "F0");
        Row("prompt tokens reused (%)", ours.KvReuse * 100, theirs is null ? null : theirs.KvReuse * 100);
        Row("reused while typing (%)", ours.KvReuseWhileTyping * 100, theirs is null ? null : theirs.KvReuseWhileTyping * 100);
        Row("prompt tokens per call", ours.PromptTokensPerCall, theirs?.PromptTokensPerCall, "F0");
        Row("prompt tokens evaluated", ours.PromptTokens - ours.ReusedPromptTokens, theirs is null ? null : theirs.PromptTokens - theirs.ReusedPromptTokens, "F0");
        Row("generation tokens/s", ours.TokensPerSecond, theirs?.TokensPerSecond);
        Row("peak RSS (MB)", ours.PeakRssMegabytes ?? 0, theirs?.PeakRssMegabytes, "F0");
        Row("of which .NET heap (MB)", ours.ManagedHeapMegabytes ?? 0, null, "F0");
        if (ours.Landing is { } landing)
        {
            Console.WriteLine();
            Console.WriteLine($"Where the cursor landed ({landing.Requests} requests, mean {landing.TotalMs:F1} ms): context {landing.ContextMs:F1} ms, "
                + $"tokenize {landing.TokenizeMs:F1} ms, prompt {landing.PromptMs:F1} ms ({landing.PromptTokensEvaluated:F0} tokens evaluated), "
                + $"generation {landing.GenerationMs:F1} ms, the rest {landing.OtherMs:F1} ms");
        }
    }
}
