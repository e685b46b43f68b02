namespace CodePilotLocal.Core.NextEdit;

/// <summary>The edits a next-edit answer comes to, or why it comes to none (<paramref name="Dropped"/>).</summary>
public sealed record NextEditOutcome(IReadOnlyList<OffsetEdit> Edits, string? Dropped)
{
    public static NextEditOutcome None(string why) => new([], why);
}
