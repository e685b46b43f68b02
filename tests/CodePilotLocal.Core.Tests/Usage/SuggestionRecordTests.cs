using CodePilotLocal.Core.Usage;

namespace CodePilotLocal.Core.Tests.Usage;

public sealed class SuggestionRecordTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly SuggestionRecord Served = new("s1", T0, "Neovim", "csharp", "m", "abcd1234", 120, false, 40);

    [Fact]
    public void An_accept_before_its_shown_event_still_counts_as_shown_and_accepted()
    {
        var record = Served.With(SuggestionEventKind.Accepted, T0.AddSeconds(2)).With(SuggestionEventKind.Shown, T0.AddSeconds(3));

        Assert.Equal(T0.AddSeconds(2), record.ShownAt);
        Assert.True(record.Accepted && record.AcceptedFully);
    }

    [Fact]
    public void Repeated_events_keep_the_first_time_and_a_dismissal_after_an_accept_changes_nothing()
    {
        var record = Served.With(SuggestionEventKind.Shown, T0.AddSeconds(1)).With(SuggestionEventKind.Shown, T0.AddSeconds(5))
            .With(SuggestionEventKind.AcceptedWord, T0.AddSeconds(6)).With(SuggestionEventKind.Dismissed, T0.AddSeconds(7));

        Assert.Equal(T0.AddSeconds(1), record.ShownAt);
        Assert.Equal(T0.AddSeconds(6), record.AcceptedAt);
        Assert.Equal(1, record.PartialAccepts);
        Assert.False(record.AcceptedFully);
        Assert.Null(record.DismissedAt);
    }

    [Fact]
    public void Inserted_text_adds_up_and_retention_never_exceeds_what_was_checked()
    {
        var record = Served.WithInserted(10, T0).WithInserted(30, T0.AddSeconds(1)).WithRetention(10, 10).WithRetention(30, 99);

        Assert.Equal(40, record.AcceptedCharacters);
        Assert.True(record.AcceptedFully); // all 40 characters are in, in two parts
        Assert.False(Served.WithInserted(39, T0).AcceptedFully);
        Assert.Equal(40, record.CheckedCharacters);
        Assert.Equal(40, record.RetainedCharacters);
        Assert.True(record.Accepted);
    }
}
