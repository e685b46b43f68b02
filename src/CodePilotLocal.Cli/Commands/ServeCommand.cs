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
        var command = new Command("serve", "Run the language server on stdin/stdout (LSP 3.17/3.18). Logs go to stderr and the user cache.");
        shared.AddTo(command, completing: true);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = StandardStreams.TakeStdoutForProtocol();
            using var loggers = Logging.Create(parse.GetValue(shared.Verbose), toFile: true);
            await using var services = new CodePilotServices(shared.ToServerOptions(parse), loggers);
            return await LspHost.RunAsync(Console.OpenStandardInput(), output, services, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
