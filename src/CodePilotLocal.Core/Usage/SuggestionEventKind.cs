namespace CodePilotLocal.Core.Usage;

/// <summary>What happened to a suggestion in the editor, as its client reports it.</summary>
public enum SuggestionEventKind
{
    Shown,
    Accepted,
    AcceptedLine,
    AcceptedWord,
    Dismissed,
}

public static class SuggestionEventNames
{
    /// <summary>The names on the wire (<c>codepilot/suggestionEvent</c>'s <c>event</c>).</summary>
    public static readonly IReadOnlyDictionary<string, SuggestionEventKind> ByName = new Dictionary<string, SuggestionEventKind>(StringComparer.Ordinal)
    {
        ["shown"] = SuggestionEventKind.Shown,
        ["accepted"] = SuggestionEventKind.Accepted,
        ["acceptedLine"] = SuggestionEventKind.AcceptedLine,
        ["acceptedWord"] = SuggestionEventKind.AcceptedWord,
        ["dismissed"] = SuggestionEventKind.Dismissed,
    };

    public static bool IsAccept(this SuggestionEventKind kind) => kind is SuggestionEventKind.Accepted or SuggestionEventKind.AcceptedLine or SuggestionEventKind.AcceptedWord;
}
