using System.Text.RegularExpressions;

namespace CodePilotLocal.Core.Context;

/// <summary>
/// The words of code: identifiers, and the lower-cased parts of camelCase and snake_case ones, which is
/// what similar-code retrieval matches on (a query for "userName" finds "GetUserName").
/// </summary>
public static partial class CodeTerms
{
    public const int MinimumLength = 2;

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "if", "else", "for", "foreach", "while", "do", "return", "var", "new", "in", "is", "as", "of", "to", "the", "and", "or", "not",
        "public", "private", "protected", "internal", "static", "readonly", "const", "void", "class", "struct", "interface", "record",
        "enum", "namespace", "using", "get", "set", "init", "async", "await", "this", "base", "null", "true", "false", "try", "catch",
        "finally", "throw", "switch", "case", "break", "continue", "default", "override", "virtual", "abstract", "sealed", "string",
        "int", "bool", "long", "double", "float", "object", "let", "const", "function", "def", "self", "import", "from", "fn", "pub",
        "mut", "impl", "use", "func", "package", "type", "end", "then", "local", "nil", "none", "with", "out", "ref", "params",
    };

    /// <summary>Identifiers in the text, in order of appearance (keywords excluded, duplicates kept).</summary>
    public static IEnumerable<string> Identifiers(string text)
    {
        foreach (Match m in Identifier().Matches(text))
        {
            if (m.Length >= MinimumLength && !Keywords.Contains(m.Value))
            {
                yield return m.Value;
            }
        }
    }

    /// <summary>Search terms: each identifier lower-cased, and its word parts when it has several.</summary>
    public static IEnumerable<string> Terms(string text)
    {
        foreach (var identifier in Identifiers(text))
        {
            var lower = identifier.ToLowerInvariant();
            yield return lower;
            var parts = WordPart().Matches(identifier);
            if (parts.Count > 1)
            {
                foreach (Match part in parts)
                {
                    if (part.Length >= MinimumLength && !Keywords.Contains(part.Value.ToLowerInvariant()))
                    {
                        yield return part.Value.ToLowerInvariant();
                    }
                }
            }
        }
    }

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")]
    private static partial Regex WordPart();
}
