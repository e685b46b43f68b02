using CodePilotLocal.Core.Usage;

namespace CodePilotLocal.Core.Tests.Usage;

public sealed class RetentionTests
{
    private const string Before = "int Sum(int a, int b)\n{\n    return a + b; // accepted\n}\n";
    private static readonly int Start = Before.IndexOf("return", StringComparison.Ordinal);
    private static readonly int Length = "return a + b; // accepted".Length;

    [Fact]
    public void An_edit_that_deletes_half_of_the_accepted_text_keeps_the_other_half()
    {
        var half = Length / 2;
        var after = Before.Remove(Start + Length - half, half);

        Assert.Equal(Length - half, Retention.RetainedCharacters(Before, Start, Length, after));
    }

    [Fact]
    public void Edits_elsewhere_and_text_typed_inside_keep_every_accepted_character()
    {
        var elsewhere = "// header\n" + Before.Replace("int Sum", "long Sum", StringComparison.Ordinal) + "\n// more\n";
        var typedInside = Before.Insert(Start + 6, " checked(");

        Assert.Equal(Length, Retention.RetainedCharacters(Before, Start, Length, elsewhere));
        Assert.Equal(Length, Retention.RetainedCharacters(Before, Start, Length, typedInside));
        Assert.Equal(Length, Retention.RetainedCharacters(Before, Start, Length, Before));
    }

    [Fact]
    public void Replaced_characters_are_not_retained_and_a_deleted_suggestion_keeps_nothing()
    {
        var replaced = Before.Replace("a + b", "a - b", StringComparison.Ordinal);

        Assert.Equal(Length - 1, Retention.RetainedCharacters(Before, Start, Length, replaced));
        Assert.Equal(0, Retention.RetainedCharacters(Before, Start, Length, Before.Remove(Start, Length)));
        Assert.Equal(0, Retention.RetainedCharacters(Before, Start, Length, ""));
    }

    [Fact]
    public void Huge_changes_are_compared_by_lines()
    {
        var filler = string.Concat(Enumerable.Range(0, 3000).Select(i => $"line {i}\n"));
        var before = filler + Before + filler;
        var start = before.IndexOf("return", StringComparison.Ordinal);
        var after = filler.Replace("line", "LINE", StringComparison.Ordinal) + Before.Replace("// accepted", "// rewritten", StringComparison.Ordinal) + filler;

        Assert.Equal(0, Retention.RetainedCharacters(before, start, Length, after)); // the accepted line changed: counted as gone
        Assert.Equal(Length, Retention.RetainedCharacters(before, start, Length, filler.Replace("line", "LINE", StringComparison.Ordinal) + Before + filler));
    }
}
