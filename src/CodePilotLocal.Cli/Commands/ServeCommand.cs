using System.CommandLine;
using CodePilotLocal.Cli.Hosting;
using CodePilotLocal.Server;
using CodePilotLocal.Server.Hosting;

namespace CodePilotLocal.Cli.Commands;

internal static class ServeCommand
{
    public static Command Create()
    {
        var shared = new SharedOptions();
        // Hidden: the tests check retention without waiting the 30 s a person is given.
        var retention = new Option<int>("--usage-retention-ms") { Hidden = true, DefaultValueFactory = _ => 30_000 }.Between((0L, 3_600_000L));
        var command = new Command("serve", "Run the language server on stdin/stdout (LSP 3.17/3.18). Logs go to stderr and the user cache.") { retention };
        shared.AddTo(command, completing: true);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var code = await ServeAsync(parse, shared, retention, cancellationToken).ConfigureAwait(false);
            ImmediateExit.With(code);
            return code;
        });
        return command;
    }

    /// <summary>Serves until exit; everything is disposed (the model freed, logs flushed) when it returns.</summary>
    private static async Task<int> ServeAsync(ParseResult parse, SharedOptions shared, Option<int> retention, CancellationToken cancellationToken)
    {
        var output = StandardStreams.TakeStdoutForProtocol();
        using var loggers = Logging.Create(parse.GetValue(shared.Verbose), toFile: true);
        var options = shared.ToServerOptions(parse) with { RetentionDelay = TimeSpan.FromMilliseconds(parse.GetValue(retention)) };
        await using var services = new CodePilotServices(options, loggers);
        return await LspHost.RunAsync(Console.OpenStandardInput(), output, services, cancellationToken).ConfigureAwait(false);
    }
}
