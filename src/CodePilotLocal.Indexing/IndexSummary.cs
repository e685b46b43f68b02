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
    TimeSpan Elapsed, string? HistoryProblem, string? RebuiltBecause);
