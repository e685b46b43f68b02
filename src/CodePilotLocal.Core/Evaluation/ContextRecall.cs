using CodePilotLocal.Core.Context;

namespace CodePilotLocal.Core.Evaluation;

/// <summary>
/// How much of what a line needs from elsewhere the prompt shows: of the line's identifiers that are
/// declared in other files of the repository, the share that appears in the prompt. Null when the line
/// needs nothing from elsewhere (it then says nothing about the context).
/// </summary>
public static class ContextRecall
{
    /// <param name="line">The true (held-out) line.</param>
    /// <param name="declaredElsewhere">True for identifiers declared in files other than the line's own.</param>
    /// <param name="prompt">The prompt text as the model sees it.</param>
    public static double? Of(string line, Func<string, bool> declaredElsewhere, string prompt)
    {
        var needed = CodeTerms.Identifiers(line).Distinct(StringComparer.Ordinal).Where(declaredElsewhere).ToList();
        if (needed.Count == 0)
        {
            return null;
        }

        var shown = new HashSet<string>(CodeTerms.Identifiers(prompt), StringComparer.Ordinal);
        return (double)needed.Count(shown.Contains) / needed.Count;
    }
}
