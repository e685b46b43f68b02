using System.CommandLine;
using System.Text.Json;
using CodePilotLocal.Cli.Hosting;
using CodePilotLocal.Inference.Models;
using CodePilotLocal.Server;
using CodePilotLocal.Server.Evaluation;

namespace CodePilotLocal.Cli.Commands;

/// <summary>
/// `codepilot eval [DIR]`: holds out statements of the repository's C# files and compares completions with
/// the repository context against the current file alone: exact match, edit similarity, context recall,
/// prompt tokens, latency; and with the semantic guard on and off: identifier validity and compiles.
/// --at member-accesses holds out what follows member-access dots instead. --no-model measures context recall only.
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var shared = new SharedOptions();
        var directory = new Argument<DirectoryInfo?>("DIR") { Description = "A git repository (default: the current folder)", Arity = ArgumentArity.ZeroOrOne };
        var samples = new Option<int>("--n", "-n") { Description = "Statements (or member accesses) to hold out", DefaultValueFactory = _ => 50 }.Between((1L, 100_000L));
        var seed = new Option<int>("--seed") { Description = "Which statements (same seed, same repository: same statements)", DefaultValueFactory = _ => 1 };
        var at = new Option<string>("--at") { Description = "What is held out: statements (default) or member-accesses (the rest of the line after a member access's dot)", DefaultValueFactory = _ => "statements" }
            .OneOf("statements", "member-accesses");
        var noModel = new Option<bool>("--no-model") { Description = "Context recall only: build the prompts, run no model (token counts estimated)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (n, context_recall, exact_match, edit_similarity, baseline_* and per-sample rows)" };
        var command = new Command("eval", "Measure what the repository context adds: held-out C# statements completed with it and with the current file alone.")
        {
            directory, samples, seed, at, noModel, json,
        };
        shared.AddTo(command, completing: true);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var loggers = Logging.Create(parse.GetValue(shared.Verbose), toFile: false);
            var root = (parse.GetValue(directory)?.FullName ?? Environment.CurrentDirectory).TrimEnd(Path.DirectorySeparatorChar);
            if (!Directory.Exists(root))
            {
                await Console.Error.WriteLineAsync($"No such folder: {root}").ConfigureAwait(false);
                return 2;
            }

            var options = shared.ToServerOptions(parse, searchUserCache: false);
            var useModel = !parse.GetValue(noModel);
            if (useModel)
            {
                var (modelPath, origin) = DefaultModel.Resolve(options);
                options = options with { CommandLineModel = modelPath };
                await Console.Error.WriteLineAsync($"Model: {modelPath} ({origin})").ConfigureAwait(false);
            }

            await using var services = new CodePilotServices(options, loggers);
            if (useModel)
            {
                var (engine, problem) = await services.GetCompletionEngineAsync(cancellationToken).ConfigureAwait(false);
                if (engine is null || problem is not null)
                {
                    await Console.Error.WriteLineAsync(problem).ConfigureAwait(false);
                    return 2;
                }

                if (ModelLocator.IsRandomTestModel(engine.Model))
                {
                    await Console.Error.WriteLineAsync("Note: a random-weight model: exact match and edit similarity measure nothing; context recall is real.").ConfigureAwait(false);
                }
            }

            if (await services.IndexAsync(root, parse.GetValue(json) ? null : new IndexProgressPrinter(), cancellationToken).ConfigureAwait(false) is null)
            {
                await Console.Error.WriteLineAsync($"Cannot index {root}.").ConfigureAwait(false);
                return 2;
            }

            var n = parse.GetValue(samples);
            var progress = parse.GetValue(json) ? null : new Progress<int>(done =>
            {
                if (done % 10 == 0 || done == n)
                {
                    Console.Error.WriteLine($"Evaluated {done}/{n}");
                }
            });
            var report = await services.EvaluateAsync(new EvalOptions(n, parse.GetValue(seed), parse.GetValue(at) == "member-accesses" ? EvalSites.MemberAccesses : EvalSites.Statements), useModel, progress, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(report));
                return 0;
            }

            Console.WriteLine($"{report.N} held-out {(parse.GetValue(at) == "member-accesses" ? "member accesses" : "statements")} (seed {parse.GetValue(seed)}); {report.RecallSamples} use something declared in another file.");
            Console.WriteLine($"                      repository context   current file only");
            Console.WriteLine($"context recall        {report.ContextRecall,18:P1}   {report.BaselineContextRecall,17:P1}");
            if (report.ExactMatch is not null)
            {
                Console.WriteLine($"exact match           {report.ExactMatch,18:P1}   {report.BaselineExactMatch,17:P1}");
                Console.WriteLine($"edit similarity       {report.EditSimilarity,18:0.000}   {report.BaselineEditSimilarity,17:0.000}");
                Console.WriteLine($"latency p50 (ms)      {report.LatencyMsP50,18:0}   {report.BaselineLatencyMsP50,17:0}");
                if (report.UnguardedIdentifierValidity is not null || report.IdentifierValidity is not null)
                {
                    Console.WriteLine();
                    Console.WriteLine($"                      guard on             guard off");
                    Console.WriteLine($"identifier validity   {Percent(report.IdentifierValidity),18}   {Percent(report.UnguardedIdentifierValidity),17}");
                    Console.WriteLine($"compiles              {Percent(report.Compiles),18}   {Percent(report.UnguardedCompiles),17}");
                    Console.WriteLine($"latency p50 (ms)      {report.LatencyMsP50,18:0}   {report.UnguardedLatencyMsP50,17:0}");
                    Console.WriteLine($"guarded member accesses {report.GuardedSites}; guidance per token p50 {report.GuardMicrosecondsP50:0.0} µs, p95 {report.GuardMicrosecondsP95:0.0} µs");
                }
            }

            Console.WriteLine($"prompt tokens (mean)  {report.PromptTokensMean,18:0}   {report.BaselinePromptTokensMean,17:0}   ({report.TokenCounts})");
            Console.WriteLine($"context assembly p50  {report.ContextMsP50,15:0.0} ms");
            return 0;
        });
        return command;
    }

    private static string Percent(double? share) => share is { } value ? value.ToString("P1") : "-";
}
