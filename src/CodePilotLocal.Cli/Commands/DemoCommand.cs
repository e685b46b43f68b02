using System.CommandLine;
using System.Diagnostics;
using CodePilotLocal.Cli.Hosting;
using CodePilotLocal.Core.Text;
using CodePilotLocal.Inference.Models;
using CodePilotLocal.Server;

namespace CodePilotLocal.Cli.Commands;

/// <summary>
/// `codepilot demo`: the first thing a newcomer runs. Finds a model (--model, CODEPILOT_MODEL, the user
/// cache, ../shared/models beside the checkout), or generates a random-weight one and says so, then shows
/// one completion on a sample file through the server's own code path.
/// </summary>
internal static class DemoCommand
{
    private const char Cursor = '║';

    private const string Sample = """
        using System.Collections.Generic;

        public static class Statistics
        {
            /// <summary>Returns the arithmetic mean of the values, or 0 for an empty list.</summary>
            public static double Mean(IReadOnlyList<double> values)
            {
                if (values.Count == 0)
                {
                    return 0;
                }

                double sum = 0;
                foreach (var value in values)
                {
                    ║
                }

                return sum / values.Count;
            }
        }
        """;

    public static Command Create()
    {
        var shared = new SharedOptions();
        var command = new Command("demo", "Show one completion on a sample C# file, saying which model produced it.");
        shared.AddTo(command, completing: true);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var loggers = Logging.Create(parse.GetValue(shared.Verbose), toFile: false);
            var options = shared.ToServerOptions(parse, searchUserCache: false);
            var (modelPath, origin) = DefaultModel.Resolve(options);
            Console.WriteLine($"Model: {modelPath}");
            Console.WriteLine($"       ({origin})");

            await using var services = new CodePilotServices(options with { CommandLineModel = modelPath }, loggers);
            var load = Stopwatch.StartNew();
            var (engine, problem) = await services.GetCompletionEngineAsync(cancellationToken).ConfigureAwait(false);
            if (engine is not null)
            {
                Console.WriteLine($"Loaded {engine.Model.Name} ({engine.Model.Architecture}, {engine.Model.ParameterCount:N0} parameters) in {load.ElapsedMilliseconds} ms; FIM template: {engine.Model.FimTemplate?.Name ?? "none"}.");
            }

            if (engine is null || problem is not null)
            {
                Console.WriteLine(problem);
                return 2;
            }

            var folder = Directory.CreateTempSubdirectory("codepilot-demo-");
            var workspace = Directory.CreateDirectory(Path.Combine(folder.FullName, "workspace"));
            var file = Path.Combine(workspace.FullName, "Statistics.cs");
            var cursor = Sample.IndexOf(Cursor);
            await File.WriteAllTextAsync(file, Sample.Remove(cursor, 1), cancellationToken).ConfigureAwait(false);
            var position = new TextSnapshot(Sample).ToPosition(cursor);

            services.IndexPath = Path.Combine(folder.FullName, "index.db"); // a throw-away workspace leaves nothing in the user cache
            var indexing = Stopwatch.StartNew();
            await services.IndexAsync(workspace.FullName, null, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Indexed the sample's workspace in {indexing.ElapsedMilliseconds} ms (C# semantics included).");

            var clock = Stopwatch.StartNew();
            var result = await services.CompleteFileAsync(file, position, cancellationToken).ConfigureAwait(false);
            var elapsed = clock.ElapsedMilliseconds;
            await services.DisposeAsync().ConfigureAwait(false); // closes the index before its folder goes
            folder.Delete(recursive: true);

            Console.WriteLine();
            Console.WriteLine($"Sample file, cursor at line {position.Line + 1}, column {position.Character + 1}; the suggestion is between »« :");
            Console.WriteLine();
            Console.WriteLine(Sample.Replace(Cursor.ToString(), $"»{result?.Text}«"));
            Console.WriteLine();
            Console.WriteLine(result is null
                ? $"No suggestion after {elapsed} ms (the model's text was empty or cut away by post-processing)."
                : $"Suggested by {result.ModelName} in {elapsed} ms ({result.Mode}; prompt {result.Statistics.PromptTokens} tokens, {result.Statistics.GeneratedTokens} generated, stop: {result.Statistics.StopReason}).");
            if (ModelLocator.IsRandomTestModel(engine.Model))
            {
                Console.WriteLine();
                Console.WriteLine("NOTE: this model has RANDOM weights, so the suggestion is noise; it only shows that the pipeline works.");
                Console.WriteLine($"For real suggestions put a GGUF code model (e.g. qwen2.5-coder-1.5b-q8_0.gguf) in {ModelLocator.UserModelDirectory} or pass --model.");
            }

            return 0;
        });
        return command;
    }
}
