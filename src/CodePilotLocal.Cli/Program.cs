using System.CommandLine;
using CodePilotLocal.Cli.Commands;
using CodePilotLocal.Cli.Hosting;

BundledOpenSsl.LoadWhereMissing();

var root = new RootCommand("CodePilotLocal: a private, offline coding assistant. Fill-in-the-middle completions from a local GGUF model over LSP.");
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(CompleteCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(ModelCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(IndexCommand.Create());
root.Subcommands.Add(ContextCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
root.Subcommands.Add(BenchIndexCommand.Create());
root.Subcommands.Add(ExplainCommand.Create());
root.Subcommands.Add(FixCommand.Create());
root.Subcommands.Add(DoctorCommand.Create());
root.Subcommands.Add(StatsCommand.Create());
root.Subcommands.Add(NextEditCommand.Create());
var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    // One line per problem, naming the option where it can, and exit code 2: never a page of help or a stack trace.
    foreach (var error in parse.Errors)
    {
        await Console.Error.WriteLineAsync(error.Message).ConfigureAwait(false);
    }

    return 2;
}

return await parse.InvokeAsync().ConfigureAwait(false);
