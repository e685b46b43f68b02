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
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
