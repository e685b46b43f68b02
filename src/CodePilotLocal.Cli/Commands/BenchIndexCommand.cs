using System.CommandLine;
using System.Text.Json;
using CodePilotLocal.Server.Benchmarking;

namespace CodePilotLocal.Cli.Commands;

/// <summary>
/// `codepilot bench-index [DIR]`: the repository index's costs — cold build, rescan, one-file update,
/// context assembly per request, memory — on a folder, or on a generated C# repository of --lines lines
/// with a git history of --commits commits.
/// </summary>
internal static class BenchIndexCommand
{
    public static Command Create()
    {
        var directory = new Argument<DirectoryInfo?>("DIR") { Description = "Repository to measure (default: generate one)", Arity = ArgumentArity.ZeroOrOne };
        var lines = new Option<int>("--lines") { Description = "Lines of C# in the generated repository", DefaultValueFactory = _ => 100_000 }.Between((100L, 10_000_000L));
        var commits = new Option<int>("--commits") { Description = "Commits in the generated repository's history", DefaultValueFactory = _ => 300 }.Between((1L, 100_000L));
        var sites = new Option<int>("--sites") { Description = "Places where typing is replayed (one file each)", DefaultValueFactory = _ => 20 }.Between((1L, 10_000L));
        var seed = new Option<int>("--seed") { Description = "Seed of the generated repository and of the sites", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object" };
        var command = new Command("bench-index", "Measure the repository index: cold build, rescan, one-file update, context assembly per request, memory.")
        {
            directory, lines, commits, sites, seed, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var scratch = Path.Combine(Path.GetTempPath(), "codepilot-bench-index-" + Environment.ProcessId);
            var root = parse.GetValue(directory)?.FullName;
            try
            {
                if (root is null)
                {
                    root = Path.Combine(scratch, "repo");
                    await Console.Error.WriteLineAsync($"Generating a C# repository of {parse.GetValue(lines):N0} lines and {parse.GetValue(commits)} commits in {root}…").ConfigureAwait(false);
                    SyntheticRepository.Create(root, parse.GetValue(lines), parse.GetValue(commits), parse.GetValue(seed));
                }

                var progress = new Progress<string>(stage => Console.Error.WriteLine(stage + "…"));
                var report = await IndexBench.RunAsync(root, Path.Combine(scratch, "index.db"), parse.GetValue(sites), parse.GetValue(seed), progress, cancellationToken).ConfigureAwait(false);
                if (parse.GetValue(json))
                {
                    Console.WriteLine(JsonSerializer.Serialize(report));
                    return 0;
                }

                Console.WriteLine($"Repository: {report.Root}");
                Console.WriteLine($"  {report.Files} files, {report.CSharpFiles} C# ({report.CSharpLines:N0} lines); {report.Symbols:N0} symbols, {report.Chunks:N0} chunks, {report.CoChangePairs:N0} co-change pairs");
                Console.WriteLine($"Cold index:                  {report.ColdIndexSeconds,8:0.00} s");
                Console.WriteLine($"Rescan, nothing changed:     {report.WarmRescanSeconds,8:0.00} s");
                Console.WriteLine($"One-file update (p50):       {report.OneFileUpdateMsP50,8:0.0} ms");
                Console.WriteLine($"First context (cold Roslyn): {report.FirstContextMs,8:0.0} ms");
                Console.WriteLine($"Context on jump to a file:   p50 {report.ContextOnJump.P50,6:0.0} ms  p95 {report.ContextOnJump.P95,6:0.0} ms  ({report.ContextOnJump.Count} requests)");
                Console.WriteLine($"Context while typing:        p50 {report.ContextWhileTyping.P50,6:0.0} ms  p95 {report.ContextWhileTyping.P95,6:0.0} ms  ({report.ContextWhileTyping.Count} requests)");
                Console.WriteLine($"Memory: peak working set {report.PeakWorkingSetMb:0} MB, managed heap {report.ManagedHeapMb:0} MB; index file {report.DatabaseMb:0.0} MB");
                return 0;
            }
            finally
            {
                if (Directory.Exists(scratch))
                {
                    Directory.Delete(scratch, recursive: true);
                }
            }
        });
        return command;
    }
}
