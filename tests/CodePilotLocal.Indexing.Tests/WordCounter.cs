using CodePilotLocal.Core.Context;

namespace CodePilotLocal.Indexing.Tests;

/// <summary>A token counter for tests that need no model: one token per word or symbol.</summary>
internal sealed class WordCounter : ITokenCounter
{
    public int Count(string text) => System.Text.RegularExpressions.Regex.Count(text, @"\w+|[^\w\s]");
}
