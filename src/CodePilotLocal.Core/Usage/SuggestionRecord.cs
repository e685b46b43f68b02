namespace CodePilotLocal.Core.Usage;

/// <summary>
/// One suggestion the server answered and what became of it: no document text and no prompt, only ids,
/// times, lengths and where it came from.
/// </summary>
/// <param name="Client">The editor that asked (its initialize clientInfo name).</param>
/// <param name="SettingsHash">A short hash of the completion settings in force, to compare settings.</param>
/// <param name="Characters">The suggestion's length.</param>
/// <param name="AcceptedFully">The whole suggestion was taken at once.</param>
/// <param name="PartialAccepts">Lines or words taken of it.</param>
/// <param name="AcceptedCharacters">Characters inserted from it, all accepts together.</param>
/// <param name="CheckedCharacters">Accepted characters whose retention was checked (a document closed first is not checked).</param>
/// <param name="RetainedCharacters">Of the checked ones, those still in the document after the retention delay.</param>
public sealed record SuggestionRecord(
    string Id,
    DateTimeOffset ServedAt,
    string Client,
    string Language,
    string Model,
    string SettingsHash,
    double LatencyMs,
    bool CacheHit,
    int Characters,
    DateTimeOffset? ShownAt = null,
    DateTimeOffset? AcceptedAt = null,
    bool AcceptedFully = false,
    int PartialAccepts = 0,
    int AcceptedCharacters = 0,
    DateTimeOffset? DismissedAt = null,
    int CheckedCharacters = 0,
    int RetainedCharacters = 0)
{
    public bool Shown => ShownAt is not null;

    public bool Accepted => AcceptedAt is not null;

    /// <summary>
    /// The record after an event. Events may come out of order or twice: an accept implies the suggestion
    /// was shown, a dismissal after an accept changes nothing, and a repeated shown, accept or dismissal
    /// keeps the first time.
    /// </summary>
    public SuggestionRecord With(SuggestionEventKind kind, DateTimeOffset at) => kind switch
    {
        SuggestionEventKind.Shown => this with { ShownAt = ShownAt ?? at },
        SuggestionEventKind.Accepted => this with { ShownAt = ShownAt ?? at, AcceptedAt = AcceptedAt ?? at, AcceptedFully = true, DismissedAt = null },
        SuggestionEventKind.AcceptedLine or SuggestionEventKind.AcceptedWord =>
            this with { ShownAt = ShownAt ?? at, AcceptedAt = AcceptedAt ?? at, PartialAccepts = PartialAccepts + 1, DismissedAt = null },
        SuggestionEventKind.Dismissed => Accepted ? this : this with { DismissedAt = DismissedAt ?? at },
        _ => this,
    };

    /// <summary>
    /// The record after the client inserted <paramref name="characters"/> of it (all of it or a part; an editor
    /// whose API reports no accept events, VS Code's, says so only this way): once its whole length is in, it was accepted fully.
    /// </summary>
    public SuggestionRecord WithInserted(int characters, DateTimeOffset at) => this with
    {
        ShownAt = ShownAt ?? at,
        AcceptedAt = AcceptedAt ?? at,
        AcceptedCharacters = AcceptedCharacters + characters,
        AcceptedFully = AcceptedFully || AcceptedCharacters + characters >= Characters,
        DismissedAt = null,
    };

    /// <summary>The record after the retention check of one insertion.</summary>
    public SuggestionRecord WithRetention(int checkedCharacters, int retainedCharacters) =>
        this with { CheckedCharacters = CheckedCharacters + checkedCharacters, RetainedCharacters = RetainedCharacters + Math.Min(retainedCharacters, checkedCharacters) };
}
