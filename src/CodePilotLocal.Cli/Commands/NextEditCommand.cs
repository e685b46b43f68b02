using System.CommandLine;
using System.Text.Json;
using CodePilotLocal.Cli.Hosting;
using CodePilotLocal.Core.Text;
using CodePilotLocal.Server;

namespace CodePilotLocal.Cli.Commands;

/// <summary>
/// `codepilot next-edit FILE --line L --column C`: the next edit the server would suggest there, with the file's
/// uncommitted changes (git) as the recent edits; `--json`: {model, format, edits: [{range, newText}], reason, prompt}.
/// </summary>
internal static class NextEditCommand
{
    public static Command Create()
    {
        var shared = new SharedOptions();
        var file = new Argument<FileInfo>("FILE") { Description = "Source file" };
        var cursor = new CursorOptions();
        var json = new Option<bool>("--json") { Description = "Print one JSON object: edits (LSP ranges, 0-based), prompt, model" };
        var repeat = new Option<int>("--repeat") { Description = "Ask N times in a row and print what each cost (latency, prompt tokens, reused) and the peak memory; with --model the completion model is loaded beside it", DefaultValueFactory = _ => 1 }
            .Between((1L, 100L));
        var command = new Command("next-edit", "Show the next edit the server would suggest at a position, taking the file's uncommitted changes as the recent edits.")
        {
            file, json, repeat,
        };
        cursor.AddTo(command);
        shared.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var loggers = Logging.Create(parse.GetValue(shared.Verbose), toFile: false);
            var path = parse.GetValue(file)!.FullName;
            if (!File.Exists(path))
            {
                await Console.Error.WriteLineAsync($"No such file: {path}").ConfigureAwait(false);
                return 2;
            }

            await using var services = new CodePilotServices(shared.ToServerOptions(parse, searchUserCache: false), loggers) { IndexProgress = new IndexProgressPrinter() };
            Server.Services.NextEditSuggestion suggestion;
            try
            {
                if (parse.GetValue(shared.Model) is not null)
                {
                    await services.GetEngineAsync(cancellationToken).ConfigureAwait(false); // both models in memory, as in an editor
                }

                var position = cursor.PositionOf(parse);
                var times = parse.GetValue(repeat);
                suggestion = await services.NextEditFileAsync(path, position, cancellationToken).ConfigureAwait(false);
                for (var request = 1; times > 1; request++)
                {
                    PrintCost(request, suggestion);
                    if (request == times)
                    {
                        break;
                    }

                    suggestion = await services.NextEditFileAsync(path, position, cancellationToken).ConfigureAwait(false);
                }

                if (parse.GetValue(repeat) > 1)
                {
                    using var self = System.Diagnostics.Process.GetCurrentProcess();
                    await Console.Error.WriteLineAsync($"peak RSS {self.PeakWorkingSet64 / 1048576.0:0} MB").ConfigureAwait(false);
                }
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
                    model = suggestion.Model,
                    format = suggestion.Format,
                    edits = suggestion.Edits.Select(e => new
                    {
                        range = new { start = new { line = e.Start.Line, character = e.Start.Character }, end = new { line = e.End.Line, character = e.End.Character } },
                        newText = e.NewText,
                    }),
                    reason = suggestion.Dropped,
                    prompt = suggestion.Prompt,
                }));
                return 0;
            }

            Console.WriteLine($"Model: {suggestion.Model ?? "none"}; format: {suggestion.Format ?? "-"}");
            if (suggestion.Edits.Count == 0)
            {
                Console.WriteLine($"No next edit: {suggestion.Dropped}");
                return 0;
            }

            foreach (var edit in suggestion.Edits)
            {
                Console.WriteLine($"@ {edit.Start.Line + 1}:{edit.Start.Character + 1}-{edit.End.Line + 1}:{edit.End.Character + 1} ->");
                Console.WriteLine(edit.NewText.Length == 0 ? "(delete)" : edit.NewText);
            }

            return 0;
        });
        return command;
    }

    private static void PrintCost(int request, Server.Services.NextEditSuggestion suggestion)
    {
        var s = suggestion.Statistics;
        Console.Error.WriteLine(s is null
            ? $"request {request}: no model call ({suggestion.Dropped})"
            : $"request {request}: prompt {s.PromptTime.TotalMilliseconds:0} ms for {s.PromptTokens} tokens ({s.ReusedPromptTokens} reused), "
                + $"generation {s.GenerationTime.TotalMilliseconds:0} ms for {s.GeneratedTokens} tokens ({s.StopReason}); {suggestion.Edits.Count} edits{(suggestion.Dropped is null ? "" : ", " + suggestion.Dropped)}");
    }
}
