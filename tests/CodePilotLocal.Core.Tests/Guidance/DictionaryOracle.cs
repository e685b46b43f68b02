using CodePilotLocal.Core.Guidance;

namespace CodePilotLocal.Core.Tests.Guidance;

/// <summary>
/// Stands in for Roslyn in the pure tests (Roslyn itself is tested in Server.Tests): the receiver is the
/// identifier before the dot, its members come from a table, and nothing inside a string is guarded.
/// </summary>
internal sealed class DictionaryOracle(string documentBefore, IReadOnlyDictionary<string, string[]> members) : IMemberOracle
{
    public List<string> Asked { get; } = [];

    public MemberSite? MembersAfter(string generated)
    {
        var text = documentBefore + generated;
        Asked.Add(generated);
        if (!text.EndsWith('.') || text.Count(c => c == '"') % 2 == 1)
        {
            return null;
        }

        var receiver = ReceiverBefore(text, text.Length - 1);
        return members.TryGetValue(receiver, out var names) ? new MemberSite(receiver, names) : null;
    }

    public static string ReceiverBefore(string text, int dot)
    {
        var start = dot;
        while (start > 0 && IdentifierText.IsIdentifierChar(text[start - 1]))
        {
            start--;
        }

        return text[start..dot];
    }
}
