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
        var line = new Option<int>("--line", "-l") { Description = "1-based line, as editors show it", Required = true }.Between((1L, int.MaxValue));
        var column = new Option<int>("--column", "-C") { Description = "1-based column (UTF-16 characters), as editors show it", Required = true }.Between((1L, int.MaxValue));
        var json = new Option<bool>("--json") { Description = "Print one JSON object: edits (LSP ranges, 0-based), prompt, model" };
        var command = new Command("next-edit", "Show the next edit the server would suggest at a position, taking the file's uncommitted changes as the recent edits.")
        {
            file, line, column, json,
        };
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
                suggestion = await services.NextEditFileAsync(path, new LinePosition(parse.GetValue(line) - 1, parse.GetValue(column) - 1), cancellationToken).ConfigureAwait(false);
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
}
