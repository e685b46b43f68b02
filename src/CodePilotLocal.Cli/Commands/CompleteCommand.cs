using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using CodePilotLocal.Cli.Hosting;
using CodePilotLocal.Core.Benchmarking;
using CodePilotLocal.Core.Text;
using CodePilotLocal.Server;

namespace CodePilotLocal.Cli.Commands;

/// <summary>`codepilot complete FILE --line L --column C`: the server's completion path, once, from the shell.</summary>
internal static class CompleteCommand
{
    public static Command Create()
    {
        var shared = new SharedOptions();
        var file = new Argument<FileInfo>("FILE") { Description = "Source file to complete in" };
        var cursor = new CursorOptions();
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the suggestion and its costs" };
        var command = new Command("complete", "Print the suggestion the server would show at a position of a file.") { file, json };
        cursor.AddTo(command);
        shared.AddTo(command, completing: true);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var loggers = Logging.Create(parse.GetValue(shared.Verbose), toFile: false);
            await using var services = new CodePilotServices(shared.ToServerOptions(parse), loggers);
            var path = parse.GetValue(file)!.FullName;
            if (!File.Exists(path))
            {
                await Console.Error.WriteLineAsync($"No such file: {path}").ConfigureAwait(false);
                return 2;
            }

            var (engine, problem) = await services.GetCompletionEngineAsync(cancellationToken).ConfigureAwait(false);
            if (engine is null || problem is not null)
            {
                await Console.Error.WriteLineAsync(problem).ConfigureAwait(false);
                return 2;
            }

            var clock = Stopwatch.StartNew();
            Server.Services.CompletionResult? result;
            try
            {
                var position = cursor.PositionOf(parse);
                result = await services.CompleteFileAsync(path, position, cancellationToken).ConfigureAwait(false);
            }
            catch (PositionOutOfRangeException e)
            {
                await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return 2;
            }

            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    text = result?.Text,
                    mode = result?.Mode.ToString(),
                    model = engine.Model.Name,
                    template = engine.Model.FimTemplate?.Name,
                    elapsedMs = clock.ElapsedMilliseconds,
                    promptTokens = result?.Statistics.PromptTokens,
                    reusedPromptTokens = result?.Statistics.ReusedPromptTokens,
                    generatedTokens = result?.Statistics.GeneratedTokens,
                    stopReason = result?.Statistics.StopReason,
                    guidance = services.LastGuidance is { } guidance ? new // also when the compile check left nothing to show
                    {
                        healed = guidance.Healed,
                        guarded = guidance.Sites.Select(s => new { receiver = s.Receiver, offset = s.Offset, members = s.Members, refusedAfterSampling = s.Vetoed }),
                        fallbacks = guidance.Fallbacks,
                        cut = guidance.Cut.Select(c => new { name = c.Name, code = c.Code }),
                        beforeCompileCheck = guidance.Unchecked,
                        microsecondsPerToken = guidance.MicrosecondsPerToken.Count == 0 ? null : new
                        {
                            p50 = LatencySummary.Of(guidance.MicrosecondsPerToken).P50,
                            p95 = LatencySummary.Of(guidance.MicrosecondsPerToken).P95,
                        },
                    } : null,
                }));
            }
            else if (result is not null)
            {
                Console.WriteLine(result.Text);
            }

            if (result is null)
            {
                await Console.Error.WriteLineAsync("No suggestion: the model's text was empty or cut away entirely by post-processing.").ConfigureAwait(false);
                return 1;
            }

            return 0;
        });
        return command;
    }
}
