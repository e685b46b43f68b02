using System.CommandLine;
using CodePilotLocal.Cli.Hosting;
using CodePilotLocal.Core.Text;
using CodePilotLocal.Server;

namespace CodePilotLocal.Cli.Commands;

/// <summary>`codepilot explain FILE --lines A-B`: the server's explanation, streamed to the terminal as it is written.</summary>
internal static class ExplainCommand
{
    public static Command Create()
    {
        var shared = new SharedOptions();
        var file = new Argument<FileInfo>("FILE") { Description = "Any text file" };
        var lines = new Option<string>("--lines", "-L") { Description = "Lines to explain, 1-based: A-B or A", Required = true };
        var command = new Command("explain", "Explain lines of a file with the chat model (Markdown, streamed): the code, the declarations it uses, the commits that wrote it.") { file, lines };
        shared.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var loggers = Logging.Create(parse.GetValue(shared.Verbose), toFile: false);
            if (await LineRange.OfArgumentsAsync(parse.GetValue(file)!, parse.GetValue(lines)).ConfigureAwait(false) is not var (path, first, last))
            {
                return 2;
            }

            var (options, _) = DefaultModel.Apply(shared.ToServerOptions(parse, searchUserCache: false));
            await using var services = new CodePilotServices(options, loggers) { IndexProgress = new IndexProgressPrinter() };
            var written = 0;
            try
            {
                var (markdown, model, stop) = await services.ExplainFileAsync(path, first, last, text =>
                {
                    Console.Write(text[written..]);
                    written = text.Length;
                }, cancellationToken).ConfigureAwait(false);
                Console.WriteLine(markdown.Length > written ? markdown[written..] : "");
                await Console.Error.WriteLineAsync($"({model}; stop: {stop})").ConfigureAwait(false);
                return 0;
            }
            catch (Exception e) when (e is PositionOutOfRangeException or ArgumentException or Inference.ChatTemplateMissingException or Server.Services.ChatModelUnavailableException)
            {
                await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return 2;
            }
        });
        return command;
    }
}
