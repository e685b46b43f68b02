using System.Diagnostics;
using CodePilotLocal.Core.Benchmarking;
using CodePilotLocal.Core.Context;
using CodePilotLocal.Indexing;
using CodePilotLocal.Indexing.Context;
using CodePilotLocal.Indexing.Roslyn;
using CodePilotLocal.Indexing.Workspace;

namespace CodePilotLocal.Server.Benchmarking;

/// <summary>What `codepilot bench-index` measured, in one run.</summary>
public sealed record IndexBenchReport(
    string Root, int Files, int CSharpFiles, int CSharpLines, int Symbols, int Chunks, int CoChangePairs,
    double ColdIndexSeconds, double WarmRescanSeconds, double OneFileUpdateMsP50,
    double FirstContextMs, LatencySummary ContextWhileTyping, LatencySummary ContextOnJump,
    double PeakWorkingSetMb, double ManagedHeapMb, double DatabaseMb);

/// <summary>
/// The index's costs on a repository: a cold build, a rescan with nothing changed, a one-file update,
/// and context assembly per request — on jumping to a new place (another file) and per keystroke while
/// typing there. Token counts use the 4-characters estimate, so the figures are the index's alone.
/// </summary>
public static class IndexBench
{
    public const int CharactersTypedPerSite = 12;

    public static async Task<IndexBenchReport> RunAsync(string root, string databasePath, int sites, int seed, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        foreach (var file in new[] { databasePath, databasePath + "-wal", databasePath + "-shm" })
        {
            File.Delete(file);
        }

        using var index = WorkspaceIndex.Open(root, databasePath: databasePath);
        progress?.Report("cold index");
        var cold = await index.UpdateAsync(null, cancellationToken).ConfigureAwait(false);
        progress?.Report("rescan");
        var warm = await index.UpdateAsync(null, cancellationToken).ConfigureAwait(false);

        var csharp = index.Store.FileHashes().Keys.Where(p => Languages.For(p) == Languages.CSharp).Order(StringComparer.Ordinal).ToList();
        var random = new Random(seed);
        var chosen = csharp.OrderBy(_ => random.Next()).Take(sites).ToList();
        var texts = chosen.ToDictionary(p => p, p => File.ReadAllText(Path.Combine(root, p)));
        var lines = csharp.Sum(p => File.ReadLines(Path.Combine(root, p)).Count());

        progress?.Report("one-file updates");
        var updates = new List<double>();
        foreach (var path in chosen.Take(5))
        {
            var full = Path.Combine(root, path);
            await File.AppendAllTextAsync(full, "\n// edited by the benchmark\n", cancellationToken).ConfigureAwait(false);
            var clock = Stopwatch.StartNew();
            await index.UpdateFileAsync(full, null, cancellationToken).ConfigureAwait(false);
            updates.Add(clock.Elapsed.TotalMilliseconds);
            await File.WriteAllTextAsync(full, texts[path], cancellationToken).ConfigureAwait(false);
            await index.UpdateFileAsync(full, null, cancellationToken).ConfigureAwait(false);
        }

        progress?.Report("context assembly");
        var engine = new ContextEngine(index);
        var onJump = new List<double>();
        var whileTyping = new List<double>();
        double? first = null;
        foreach (var path in chosen)
        {
            var text = texts[path];
            var sitesInFile = StatementSites.In(CSharpDeclarations.Parse(text, path)).ToList();
            if (sitesInFile.Count == 0)
            {
                continue;
            }

            var (start, end) = sitesInFile[random.Next(sitesInFile.Count)];
            var statement = text[start..end];
            for (var typed = 0; typed <= Math.Min(CharactersTypedPerSite, statement.Length); typed++)
            {
                var current = text[..start] + statement[..typed] + text[end..];
                var clock = Stopwatch.StartNew();
                engine.Gather(new ContextRequest(path, current, start + typed, 1024), ApproximateTokenCounter.Instance, cancellationToken);
                var elapsed = clock.Elapsed.TotalMilliseconds;
                if (first is null)
                {
                    first = elapsed;
                }
                else
                {
                    (typed == 0 ? onJump : whileTyping).Add(elapsed);
                }
            }
        }

        using var process = Process.GetCurrentProcess();
        return new IndexBenchReport(
            root, cold.Counts.Files, cold.CSharpFiles, lines, cold.Counts.Symbols, cold.Counts.Chunks, cold.Counts.CoChangePairs,
            cold.Elapsed.TotalSeconds, warm.Elapsed.TotalSeconds, LatencySummary.Of(updates).P50,
            first ?? 0, LatencySummary.Of(whileTyping), LatencySummary.Of(onJump),
            process.PeakWorkingSet64 / 1048576.0, GC.GetTotalMemory(forceFullCollection: true) / 1048576.0,
            new[] { databasePath, databasePath + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length) / 1048576.0);
    }
}
