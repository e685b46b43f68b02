namespace CodePilotLocal.Core.Usage;

/// <summary>
/// The figures of <c>codepilot stats</c> over a set of suggestion records. The acceptance rate counts only
/// suggestions the user saw (shown), and the retained ratio only accepted characters that were checked.
/// </summary>
public sealed record UsageSummary(
    int Days,
    int Served,
    int Shown,
    int Accepted,
    int AcceptedFully,
    int PartiallyAccepted,
    int Dismissed,
    int AcceptedCharacters,
    int CheckedCharacters,
    int RetainedCharacters,
    double? P50Ms,
    double? P95Ms,
    int CacheHits,
    IReadOnlyList<UsageGroup> ByLanguage,
    IReadOnlyList<UsageGroup> ByModel,
    IReadOnlyList<UsageDay> PerDay,
    IReadOnlyList<string> ClientsWithoutEvents)
{
    /// <summary>Records are kept this long (pruned after), so no longer span can be asked for.</summary>
    public const int MaxDays = 90;

    /// <summary>Accepted over shown; null when nothing was shown.</summary>
    public double? AcceptanceRate => Rate(Accepted, Shown);

    /// <summary>Characters still there after the retention delay over the accepted characters that were checked.</summary>
    public double? RetainedRatio => CheckedCharacters == 0 ? null : (double)RetainedCharacters / CheckedCharacters;

    public static UsageSummary Of(IReadOnlyList<SuggestionRecord> records, int days, DateTimeOffset now)
    {
        var since = now.UtcDateTime.Date.AddDays(1 - days);
        var inRange = records.Where(r => r.ServedAt.UtcDateTime >= since).ToList();
        var shown = inRange.Where(r => r.Shown).ToList();
        var latencies = shown.Select(r => r.LatencyMs).Order().ToList();
        return new UsageSummary(
            days,
            inRange.Count,
            shown.Count,
            shown.Count(r => r.Accepted),
            shown.Count(r => r.AcceptedFully),
            shown.Count(r => r.PartialAccepts > 0),
            shown.Count(r => r.DismissedAt is not null && !r.Accepted),
            inRange.Sum(r => r.AcceptedCharacters),
            inRange.Sum(r => r.CheckedCharacters),
            inRange.Sum(r => r.RetainedCharacters),
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.95),
            shown.Count(r => r.CacheHit),
            Groups(inRange, r => r.Language),
            Groups(inRange, r => r.Model),
            Enumerable.Range(0, days).Select(d => since.AddDays(d)).Select(day => new UsageDay(
                DateOnly.FromDateTime(day),
                shown.Count(r => r.ServedAt.UtcDateTime.Date == day),
                shown.Count(r => r.ServedAt.UtcDateTime.Date == day && r.Accepted))).ToList(),
            inRange.GroupBy(r => r.Client).Where(g => !g.Any(r => r.Shown || r.Accepted || r.DismissedAt is not null)).Select(g => g.Key).Order(StringComparer.Ordinal).ToList());
    }

    public static double? Rate(int part, int whole) => whole == 0 ? null : (double)part / whole;

    /// <summary>Nearest-rank percentile of sorted values; null for none.</summary>
    public static double? Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static List<UsageGroup> Groups(List<SuggestionRecord> records, Func<SuggestionRecord, string> key) =>
        records.GroupBy(key)
            .Select(g => new UsageGroup(g.Key, g.Count(r => r.Shown), g.Count(r => r.Shown && r.Accepted)))
            .OrderByDescending(g => g.Shown).ThenBy(g => g.Name, StringComparer.Ordinal)
            .ToList();
}

/// <summary>Shown and accepted suggestions of one language or model.</summary>
public sealed record UsageGroup(string Name, int Shown, int Accepted)
{
    public double? AcceptanceRate => UsageSummary.Rate(Accepted, Shown);
}

/// <summary>Shown and accepted suggestions of one day (UTC).</summary>
public sealed record UsageDay(DateOnly Day, int Shown, int Accepted)
{
    public double? AcceptanceRate => UsageSummary.Rate(Accepted, Shown);
}
