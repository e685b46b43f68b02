using System.CommandLine;
using System.Text.Json;
using CodePilotLocal.Cli.Hosting;
using CodePilotLocal.Core.Text;
using CodePilotLocal.Indexing.Workspace;
using CodePilotLocal.Server;

namespace CodePilotLocal.Cli.Commands;

/// <summary>
/// `codepilot context FILE --line L --column C`: the exact prompt a completion there would send, and
/// where each repository snippet in it came from (file, lines, reason) with its token count.
/// </summary>
internal static class ContextCommand
{
    public static Command Create()
    {
        var shared = new SharedOptions();
        var file = new Argument<FileInfo>("FILE") { Description = "Source file" };
        var cursor = new CursorOptions();
        var json = new Option<bool>("--json") { Description = "Print one JSON object: prompt, snippets, token counts" };
        var command = new Command("context", "Print the exact prompt a completion at a position would send, with each repository snippet's source and token count.")
        {
            file, json,
        };
        cursor.AddTo(command);
        shared.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var loggers = Logging.Create(parse.GetValue(shared.Verbose), toFile: false);
            var options = shared.ToServerOptions(parse, searchUserCache: false);
            var (modelPath, origin) = DefaultModel.Resolve(options);
            var path = parse.GetValue(file)!.FullName;
            if (!File.Exists(path))
            {
                await Console.Error.WriteLineAsync($"No such file: {path}").ConfigureAwait(false);
                return 2;
            }

            await using var services = new CodePilotServices(options with { CommandLineModel = modelPath }, loggers) { IndexProgress = new IndexProgressPrinter() };
            Server.Services.PromptPreview? preview;
            try
            {
                preview = await services.PreviewFileAsync(path, cursor.PositionOf(parse), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is PositionOutOfRangeException or PathOutsideWorkspaceException)
            {
                await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return 2;
            }

            if (preview is null)
            {
                var (_, problem) = await services.GetCompletionEngineAsync(cancellationToken).ConfigureAwait(false);
                await Console.Error.WriteLineAsync($"No prompt: {problem}").ConfigureAwait(false);
                return 2;
            }

            var result = preview.ToResult();
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { model = preview.ModelName, template = preview.TemplateName, promptTokens = preview.PromptTokens, result }));
                return 0;
            }

            Console.WriteLine($"Model: {preview.ModelName} ({origin}); template: {preview.TemplateName}; prompt: {preview.PromptTokens} tokens, of which repository context {result.ContextTokens}");
            Console.WriteLine($"Repository context: {result.Snippets.Count} of {result.Candidates} candidates in {result.ElapsedMs:0.0} ms");
            foreach (var s in result.Snippets)
            {
                Console.WriteLine($"  {s.Reason,-9} {s.Path}:{s.StartLine}-{s.EndLine}  {s.Tokens} tokens{(s.Label is null ? "" : "  " + s.Label)}");
            }

            Console.WriteLine("----- prompt -----");
            Console.WriteLine(preview.Prompt);
            Console.WriteLine("----- end of prompt -----");
            return 0;
        });
        return command;
    }
}
