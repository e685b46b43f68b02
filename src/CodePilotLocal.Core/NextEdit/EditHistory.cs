namespace CodePilotLocal.Core.NextEdit;

/// <summary>
/// The recent edits of one workspace, as a next-edit prompt shows them: each file's changes are gathered
/// into a burst while the user keeps editing near the same lines, and a burst becomes line hunks once they
/// pause or move elsewhere. Bounded in hunks, age and lines per hunk; kept in memory only, never persisted.
/// The caller keeps ignored and secret files out and redacts the text where it builds a prompt.
/// </summary>
public sealed class EditHistory(int maxHunks = 8, int maxHunkLines = 24, TimeSpan? maxAge = null, TimeSpan? burstGap = null)
{
    /// <summary>An edit this many lines or fewer away from a burst's lines belongs to that burst.</summary>
    public const int NearLines = 6;

    /// <summary>Changed lines this close together in one burst are shown as one hunk.</summary>
    public const int JoinWithin = 3;

    private readonly Lock _lock = new();
    private readonly TimeSpan _maxAge = maxAge ?? TimeSpan.FromMinutes(10);
    private readonly TimeSpan _burstGap = burstGap ?? TimeSpan.FromSeconds(2);
    private readonly List<(EditHunk Hunk, DateTimeOffset At)> _closed = [];
    private readonly Dictionary<string, Burst> _open = new(StringComparer.Ordinal);

    /// <summary>A change to <paramref name="path"/> from <paramref name="before"/> to <paramref name="after"/>.</summary>
    public void Record(string path, string before, string after, DateTimeOffset at)
    {
        if (before == after)
        {
            return;
        }

        var (first, last) = ChangedLines(before, after);
        lock (_lock)
        {
            if (_open.TryGetValue(path, out var burst)
                && (at - burst.LastAt > _burstGap || first > burst.LastLine + NearLines || last < burst.FirstLine - NearLines))
            {
                Close(path, burst);
                burst = null;
            }

            _open[path] = burst is null
                ? new Burst(before, after, first, last, at)
                : burst with { Current = after, FirstLine = Math.Min(first, burst.FirstLine), LastLine = Math.Max(last, burst.LastLine), LastAt = at };
            Prune(at);
        }
    }

    /// <summary>The edits to show, oldest first: closed bursts' hunks, then those of bursts still going on.</summary>
    public IReadOnlyList<EditHunk> Recent(DateTimeOffset now)
    {
        lock (_lock)
        {
            Prune(now);
            var open = _open.OrderBy(o => o.Value.LastAt).SelectMany(o => Bounded(LineDiff.Hunks(o.Key, o.Value.Baseline, o.Value.Current, JoinWithin)));
            return _closed.Select(c => c.Hunk).Concat(open).TakeLast(maxHunks).ToList();
        }
    }

    /// <summary>The file's text before its current burst of edits, and after it; null when it has none going on.</summary>
    public (string Before, string After)? LastBurst(string path)
    {
        lock (_lock)
        {
            return _open.TryGetValue(path, out var burst) ? (burst.Baseline, burst.Current) : null;
        }
    }

    /// <summary>Drops what is known of a file (closed, or now ignored).</summary>
    public void Forget(string path)
    {
        lock (_lock)
        {
            _open.Remove(path);
            _closed.RemoveAll(c => c.Hunk.Path == path);
        }
    }

    private void Close(string path, Burst burst)
    {
        _closed.AddRange(Bounded(LineDiff.Hunks(path, burst.Baseline, burst.Current, JoinWithin)).Select(h => (h, burst.LastAt)));
        _open.Remove(path);
    }

    private void Prune(DateTimeOffset now)
    {
        _closed.RemoveAll(c => now - c.At > _maxAge);
        if (_closed.Count > maxHunks)
        {
            _closed.RemoveRange(0, _closed.Count - maxHunks);
        }

        foreach (var (path, burst) in _open.Where(o => now - o.Value.LastAt > _maxAge).ToList())
        {
            _open.Remove(path);
        }
    }

    /// <summary>A hunk longer than the bound keeps its first lines and says how many more there were.</summary>
    private IEnumerable<EditHunk> Bounded(IEnumerable<EditHunk> hunks) =>
        hunks.Select(h => h with { Original = Clip(h.Original), Updated = Clip(h.Updated) });

    private string Clip(string text)
    {
        var lines = LineDiff.Lines(text);
        return lines.Length <= maxHunkLines ? text : string.Join('\n', lines.Take(maxHunkLines)) + $"\n… {lines.Length - maxHunkLines} more lines";
    }

    /// <summary>The first and last line of <paramref name="after"/> that differ from <paramref name="before"/>.</summary>
    private static (int First, int Last) ChangedLines(string before, string after)
    {
        var prefix = before.AsSpan().CommonPrefixLength(after);
        var suffix = 0;
        while (suffix < before.Length - prefix && suffix < after.Length - prefix && before[^(suffix + 1)] == after[^(suffix + 1)])
        {
            suffix++;
        }

        var first = after.AsSpan(0, prefix).Count('\n');
        var last = first + after.AsSpan(prefix, after.Length - suffix - prefix).Count('\n');
        return (first, last);
    }

    private sealed record Burst(string Baseline, string Current, int FirstLine, int LastLine, DateTimeOffset LastAt);
}
