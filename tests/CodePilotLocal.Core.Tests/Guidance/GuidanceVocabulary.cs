using System.Text;
using CodePilotLocal.Core.Guidance;

namespace CodePilotLocal.Core.Tests.Guidance;

/// <summary>
/// A small BPE-like vocabulary: every printable byte, whole words, word pieces, and tokens that cross a
/// dot (".Count", "s.Add") as real code vocabularies have; id 0 is a control token (decodes to nothing).
/// </summary>
internal static class GuidanceVocabulary
{
    public static readonly string[] Words =
    [
        "Count", "Cou", "nt", "Co", "CountBy", "By", ".Count", ".Length", ".Lenght", "Length", "Len", "gth", "ght",
        ".Add", "Add", "Add(", "Count;", "Count()", "Console", "Cons", "ole", "Consol", ".", "s.Add", "s.Lenght", " =",
        "Write", "Line", "WriteLine", "();", "items", "item", "s", ".Count.", "Contains", "Clear", ".Clear", "Cl", "ear",
        "x", "Value", ".Value", "  ", "\n", "Length.", "Count.Value", ".To", "ToString", " //", "\"", "\".Bad", "1.5",
    ];

    public static readonly string[] Spellings =
    [
        "", .. Enumerable.Range(' ', '~' - ' ' + 1).Select(b => ((char)b).ToString()),
        .. Words.Where(w => w.Length > 1 || w == "\n"),
    ];

    public static VocabularyTrie Trie { get; } = new(Spellings.Select(Encoding.UTF8.GetBytes).ToList());

    public static int Id(string text) => Array.IndexOf(Spellings, text) is var i and >= 0 ? i : throw new ArgumentException(text);

    public static string Text(IEnumerable<int> tokens) => string.Concat(tokens.Select(t => Spellings[t]));
}
