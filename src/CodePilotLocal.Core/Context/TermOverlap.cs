namespace CodePilotLocal.Core.Context;

/// <summary>Jaccard similarity of two texts' term sets, as llama.vscode picks its chunks: for ranking the few chunks of one file.</summary>
public static class TermOverlap
{
    public static double Jaccard(IReadOnlySet<string> query, string text)
    {
        var terms = CodeTerms.Terms(text).ToHashSet(StringComparer.Ordinal);
        if (query.Count == 0 || terms.Count == 0)
        {
            return 0;
        }

        var shared = terms.Count(query.Contains);
        return (double)shared / (query.Count + terms.Count - shared);
    }
}
