using System.CommandLine;
using System.Text.Json;
using CodePilotLocal.Cli.Hosting;
using CodePilotLocal.Indexing;
using CodePilotLocal.Indexing.Store;

namespace CodePilotLocal.Cli.Commands;

/// <summary>`codepilot index [DIR]`: builds or updates the repository index and says what it holds.</summary>
internal static class IndexCommand
{
    public static Command Create()
    {
        var directory = new Argument<DirectoryInfo?>("DIR") { Description = "Workspace folder (default: the current one)", Arity = ArgumentArity.ZeroOrOne };
        var database = new Option<string?>("--db") { Description = "Index file (default: in the user cache, one per workspace)" };
        var maxFileBytes = new Option<long?>("--max-file-bytes") { Description = "Skip files larger than this (default 1048576)" }.Between((1024L, 1L << 30));
        var json = new Option<bool>("--json") { Description = "Print one JSON object" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Debug logging on stderr" };
        var command = new Command("index", "Build or update the repository index (C# symbols, similar-code chunks, git co-change) and print counts and time.")
        {
            directory, database, maxFileBytes, json, verbose,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var root = (parse.GetValue(directory)?.FullName ?? Environment.CurrentDirectory).TrimEnd(Path.DirectorySeparatorChar);
            if (!Directory.Exists(root))
            {
                await Console.Error.WriteLineAsync($"No such folder: {root}").ConfigureAwait(false);
                return 2;
            }

            var options = new IndexingOptions { MaxFileBytes = parse.GetValue(maxFileBytes) ?? new IndexingOptions().MaxFileBytes };
            var path = parse.GetValue(database) ?? IndexLocation.For(root);
            using var index = WorkspaceIndex.Open(root, options, path);
            var summary = await index.UpdateAsync(parse.GetValue(json) ? null : new IndexProgressPrinter(), cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    root,
                    index = path,
                    files = summary.Counts.Files,
                    indexed = summary.Indexed,
                    unchanged = summary.Unchanged,
                    removed = summary.Removed,
                    skipped = summary.Skipped.ToDictionary(s => s.Key.ToString(), s => s.Value),
                    chunks = summary.Counts.Chunks,
                    symbols = summary.Counts.Symbols,
                    csharpFiles = summary.CSharpFiles,
                    coChangePairs = summary.Counts.CoChangePairs,
                    commits = summary.Counts.Commits,
                    seconds = Math.Round(summary.Elapsed.TotalSeconds, 3),
                    historyProblem = summary.HistoryProblem,
                    rebuiltBecause = summary.RebuiltBecause,
                }));
                return 0;
            }

            if (summary.RebuiltBecause is { } why)
            {
                Console.WriteLine($"The index file was unusable ({why}) and was rebuilt.");
            }

            Console.WriteLine($"Indexed {root} in {summary.Elapsed.TotalSeconds:0.00} s → {path}");
            Console.WriteLine($"  files     {summary.Counts.Files} ({summary.Indexed} new or changed, {summary.Unchanged} unchanged, {summary.Removed} removed)");
            Console.WriteLine($"  skipped   {summary.SkippedText}");
            Console.WriteLine($"  C#        {summary.CSharpFiles} files, {summary.Counts.Symbols} symbols");
            Console.WriteLine($"  chunks    {summary.Counts.Chunks}");
            Console.WriteLine($"  git       {summary.Counts.Commits} commits, {summary.Counts.CoChangePairs} co-change pairs{(summary.HistoryProblem is { } problem ? $" ({problem})" : "")}");
            return 0;
        });
        return command;
    }
}
