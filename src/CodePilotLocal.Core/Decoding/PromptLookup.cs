namespace CodePilotLocal.Core.Decoding;

/// <summary>
/// Draft tokens for speculative decoding without a draft model (prompt lookup, as llama.cpp's n-gram
/// speculation): where the last few tokens written occurred before, in the prompt or the answer so far,
/// guess that what followed them then follows now. Code repeats itself (the line above, the method's
/// other branch, the suffix after the cursor), so the guesses often hold; the model checks every one.
/// </summary>
public static class PromptLookup
{
    /// <summary>The longest run of last tokens looked for.</summary>
    public const int MaxMatch = 4;

    /// <summary>The shortest: a single token matches too often to be worth a guess.</summary>
    public const int MinMatch = 2;

    /// <summary>Up to <paramref name="maxDraft"/> tokens that followed the most recent earlier occurrence of the longest possible run of <paramref name="history"/>'s last tokens; empty where none occurred.</summary>
    public static IReadOnlyList<int> Draft(IReadOnlyList<int> history, int maxDraft)
    {
        if (maxDraft <= 0)
        {
            return [];
        }

        for (var length = Math.Min(MaxMatch, history.Count - 1); length >= MinMatch; length--)
        {
            var tail = history.Count - length;
            for (var start = tail - 1; start >= 0; start--)
            {
                if (Matches(history, start, tail, length))
                {
                    var from = start + length;
                    var count = Math.Min(maxDraft, history.Count - from);
                    return Enumerable.Range(from, count).Select(i => history[i]).ToList();
                }
            }
        }

        return [];
    }

    private static bool Matches(IReadOnlyList<int> history, int start, int tail, int length)
    {
        for (var i = 0; i < length; i++)
        {
            if (history[start + i] != history[tail + i])
            {
                return false;
            }
        }

        return true;
    }
}
