using System.CommandLine;
using CodePilotLocal.Cli.Hosting;
using CodePilotLocal.Core.Text;
using CodePilotLocal.Server;
using DiffPlex.Renderer;

namespace CodePilotLocal.Cli.Commands;

/// <summary>
/// `codepilot fix FILE --lines A-B [--instruction TEXT] [--apply]`: a compile-checked fix of the lines
/// as a unified diff; --apply writes it. Exit 0 with a diff, 1 when no candidate passed, 2 on bad input.
/// </summary>
internal static class FixCommand
{
    public static Command Create()
    {
        var shared = new SharedOptions();
        var file = new Argument<FileInfo>("FILE") { Description = "A C# file of a workspace" };
        var lines = new Option<string>("--lines", "-L") { Description = "Lines to fix, 1-based: A-B or A", Required = true };
        var instruction = new Option<string?>("--instruction", "-i") { Description = "What to change (default: fix the compiler errors in the lines)" };
        var apply = new Option<bool>("--apply") { Description = "Write the checked fix to the file" };
        var command = new Command("fix", "Fix lines of a C# file with the chat model; every candidate is compile-checked with Roslyn; prints a unified diff.")
        {
            file, lines, instruction, apply,
        };
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
            try
            {
                var (before, outcome) = await services.FixFileAsync(path, first, last, parse.GetValue(instruction), cancellationToken).ConfigureAwait(false);
                foreach (var attempt in outcome.Attempts)
                {
                    await Console.Error.WriteLineAsync($"candidate: {(attempt.Accepted ? "accepted" : "rejected")} ({attempt.Verdict})").ConfigureAwait(false);
                }

                if (outcome.Replacement is null)
                {
                    await Console.Error.WriteLineAsync(outcome.Message).ConfigureAwait(false);
                    return 1;
                }

                var snapshot = new TextSnapshot(before);
                var after = before[..snapshot.ToOffset(outcome.Start)] + outcome.Replacement + before[snapshot.ToOffset(outcome.End)..];
                var name = Path.GetRelativePath(Environment.CurrentDirectory, path).Replace('\\', '/');
                Console.Write(UnidiffRenderer.GenerateUnidiff(before, after, "a/" + name, "b/" + name, ignoreWhitespace: false, ignoreCase: false, contextLines: 3));
                await Console.Error.WriteLineAsync(outcome.Message).ConfigureAwait(false);
                if (parse.GetValue(apply))
                {
                    await File.WriteAllTextAsync(path, after, cancellationToken).ConfigureAwait(false);
                    await Console.Error.WriteLineAsync($"Applied to {path}.").ConfigureAwait(false);
                }

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
