namespace CodePilotLocal.Server.Tests.EndToEnd;

internal static class TestDocuments
{
    public const string Cursor = "║";

    /// <summary>A small C# class without a cursor, for tests that place their own requests.</summary>
    public const string Adder = "class Calculator\n{\n    int Add(int a, int b)\n    {\n        return a + b;\n    }\n}\n";

    /// <summary>A C# file with a cursor mark; returns the text without the mark and the cursor's zero-based position.</summary>
    public static (string Text, int Line, int Character) Parse(string marked)
    {
        var offset = marked.IndexOf(Cursor, StringComparison.Ordinal);
        var before = marked[..offset];
        var line = before.Count(c => c == '\n');
        var character = offset - (before.LastIndexOf('\n') + 1);
        return (marked.Remove(offset, 1), line, character);
    }

    public const string Calculator = """
        namespace Demo;

        public sealed class Calculator
        {
            public int Add(int a, int b)
            {
                var result = ║a + b;
                return result;
            }
        }
        """;
}
