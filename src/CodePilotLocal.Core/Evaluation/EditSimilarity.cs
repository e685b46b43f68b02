namespace CodePilotLocal.Core.Evaluation;

/// <summary>1 − Levenshtein distance / length of the longer string: 1 for equal strings, 0 for nothing in common.</summary>
public static class EditSimilarity
{
    public static double Of(string expected, string actual)
    {
        if (expected.Length == 0 && actual.Length == 0)
        {
            return 1;
        }

        var previous = new int[actual.Length + 1];
        var current = new int[actual.Length + 1];
        for (var j = 0; j <= actual.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= expected.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= actual.Length; j++)
            {
                var substitution = previous[j - 1] + (expected[i - 1] == actual[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return 1 - ((double)previous[actual.Length] / Math.Max(expected.Length, actual.Length));
    }
}
