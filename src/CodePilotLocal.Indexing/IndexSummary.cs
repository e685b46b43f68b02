using CodePilotLocal.Indexing.Store;
using CodePilotLocal.Indexing.Workspace;

namespace CodePilotLocal.Indexing;

/// <summary>What an index update did.</summary>
/// <param name="Indexed">Files (re)indexed because they were new or changed.</param>
/// <param name="Unchanged">Files whose content hash matched the index.</param>
/// <param name="Removed">Files dropped from the index because they are gone or now excluded.</param>
/// <param name="HistoryProblem">Why git history is missing or partial; null when it was read whole (or was current).</param>
/// <param name="RebuiltBecause">Why the index file on disk was discarded and rebuilt; null when it was sound.</param>
public sealed record IndexSummary(
    int Indexed, int Unchanged, int Removed, IReadOnlyDictionary<SkipReason, int> Skipped, IndexCounts Counts, int CSharpFiles,
    TimeSpan Elapsed, string? HistoryProblem, string? RebuiltBecause)
{
    /// <summary>"none", or e.g. "3 ignored, 1 secret, 1 too large, 2 binary": what was kept out, for logs and the CLI.</summary>
    public string SkippedText => Skipped.Count == 0
        ? "none"
        : string.Join(", ", Skipped.OrderBy(s => s.Key).Select(s => $"{s.Value} {Describe(s.Key)}"));

    private static string Describe(SkipReason reason) => reason switch
    {
        SkipReason.Symlink => "symbolic links",
        SkipReason.TooLarge => "too large (maxIndexedFileBytes)",
        SkipReason.NotUtf8 => "not UTF-8",
        _ => reason.ToString().ToLowerInvariant(),
    };
}
