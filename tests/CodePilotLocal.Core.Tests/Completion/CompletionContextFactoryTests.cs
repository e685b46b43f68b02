using CodePilotLocal.Core.Completion;

namespace CodePilotLocal.Core.Tests.Completion;

public sealed class CompletionContextFactoryTests
{
    [Theory]
    [InlineData("    var x = ", ";", CompletionMode.SingleLine)]
    [InlineData("    var x = Foo(", ")", CompletionMode.MultiLine)]
    [InlineData("    return a", " + b;", CompletionMode.SingleLine)]
    [InlineData("    ", "", CompletionMode.MultiLine)]
    [InlineData("", "", CompletionMode.MultiLine)]
    [InlineData("    if (x) {", "", CompletionMode.MultiLine)]
    [InlineData("def f(x):", "", CompletionMode.MultiLine)]
    [InlineData("    foo.Bar", "", CompletionMode.SingleLine)]
    [InlineData("    Call(a, ", "b);", CompletionMode.SingleLine)]
    public void Mode_follows_what_surrounds_the_cursor_on_its_line(string before, string after, CompletionMode expected)
    {
        Assert.Equal(expected, CompletionContextFactory.ChooseMode(before, after));
    }

    [Fact]
    public void The_window_keeps_at_most_the_last_prefix_lines_and_the_first_suffix_lines()
    {
        var text = string.Join('\n', Enumerable.Range(0, 100).Select(i => $"line{i}"));
        var offset = text.IndexOf("line50", StringComparison.Ordinal) + 4;

        var context = CompletionContextFactory.Create(text, offset, new CompletionOptions { MaxPrefixLines = 20, MaxSuffixLines = 2 });

        // At most 20 lines (cursor on line 50), starting on a multiple of 16: line 32.
        Assert.StartsWith("line32\nline33\n", context.Prefix);
        Assert.EndsWith("line49\nline", context.Prefix);
        Assert.Equal("50\nline51\n", context.Suffix);
        Assert.Equal("line", context.LinePrefix);
        Assert.Equal("50", context.LineSuffix);
    }

    [Fact]
    public void The_window_start_stays_put_while_the_user_types_new_lines()
    {
        var lines = Enumerable.Range(0, 200).Select(i => $"line{i}").ToList();
        var options = new CompletionOptions { MaxPrefixLines = 64 };
        var starts = new HashSet<string>();
        for (var typed = 0; typed < 10; typed++)
        {
            var text = string.Join('\n', lines.Take(100 + typed)) + "\n";
            starts.Add(CompletionContextFactory.Create(text, text.Length, options).Prefix.Split('\n')[0]);
        }

        Assert.True(starts.Count <= 2, string.Join(", ", starts));
    }

    [Fact]
    public void A_window_cut_by_characters_starts_at_a_line_boundary()
    {
        var text = string.Join('\n', Enumerable.Range(0, 100).Select(i => $"line number {i}")) + "\n";

        var context = CompletionContextFactory.Create(text, text.Length, new CompletionOptions { MaxPrefixChars = 100 });

        Assert.StartsWith("line number", context.Prefix);
        Assert.True(context.Prefix.Length <= 100);
    }

    [Fact]
    public void The_window_is_also_bounded_in_characters()
    {
        var text = new string('a', 50_000);

        var context = CompletionContextFactory.Create(text, 25_000, new CompletionOptions { MaxPrefixChars = 100, MaxSuffixChars = 10 });

        // One 50,000-character line: no line boundary to cut at, so the cut falls inside it.
        Assert.Equal(100, context.Prefix.Length);
        Assert.Equal(10, context.Suffix.Length);
    }

    [Theory]
    [InlineData("class A\n{\n\tint x;\n\tint y;\n}", "\t")]
    [InlineData("class A\n{\n  int x;\n  void M()\n  {\n    y();\n  }\n}", "  ")]
    [InlineData("class A\n{\n    int x;\n}", "    ")]
    [InlineData("no indentation at all", "    ")]
    public void The_indent_unit_is_detected_from_the_document(string text, string expected)
    {
        Assert.Equal(expected, TextShape.DetectIndentUnit(text));
    }
}
