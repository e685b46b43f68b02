namespace CodePilotLocal.Core.NextEdit;

/// <summary>Replace document offsets [<paramref name="Start"/>, <paramref name="End"/>) with <paramref name="NewText"/>.</summary>
public sealed record OffsetEdit(int Start, int End, string NewText)
{
    public static string Apply(string text, IEnumerable<OffsetEdit> edits) =>
        edits.OrderByDescending(e => e.Start).Aggregate(text, (t, e) => t[..e.Start] + e.NewText + t[e.End..]);
}
