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
    public void The_window_keeps_the_last_prefix_lines_and_the_first_suffix_lines()
    {
        var lines = Enumerable.Range(0, 100).Select(i => $"line{i}").ToArray();
        var text = string.Join('\n', lines);
        var offset = text.IndexOf("line50", StringComparison.Ordinal) + 4;

        var context = CompletionContextFactory.Create(text, offset, new CompletionOptions { MaxPrefixLines = 3, MaxSuffixLines = 2 });

        Assert.Equal("line48\nline49\nline", context.Prefix);
        Assert.Equal("50\nline51\n", context.Suffix);
        Assert.Equal("line", context.LinePrefix);
        Assert.Equal("50", context.LineSuffix);
    }

    [Fact]
    public void The_window_is_also_bounded_in_characters()
    {
        var text = new string('a', 50_000);

        var context = CompletionContextFactory.Create(text, 25_000, new CompletionOptions { MaxPrefixChars = 100, MaxSuffixChars = 10 });

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
