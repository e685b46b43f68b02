using CodePilotLocal.Core.NextEdit;

namespace CodePilotLocal.Core.Tests.NextEdit;

/// <summary>A next edit narrowed to what an inlineCompletion item can carry: one replacement on the cursor's line, holding the cursor.</summary>
public sealed class CursorLineEditTests
{
    private const string Document = "class Shop\n{\n    Count = count + count;\n    Total = count;\n}\n";

    private static int Offset(string marker, int plus = 0) => Document.IndexOf(marker, StringComparison.Ordinal) + plus;

    [Fact]
    public void An_edit_after_the_cursor_on_its_line_becomes_a_replacement_from_the_cursor()
    {
        var cursor = Offset("Count =");
        var rename = new OffsetEdit(Offset("count +"), Offset("count +", 5), "amount");

        var merged = CursorLineEdit.From(Document, cursor, [rename]);

        Assert.Equal(new OffsetEdit(cursor, rename.End, "Count = amount"), merged);
        Assert.Equal(OffsetEdit.Apply(Document, [rename]), OffsetEdit.Apply(Document, [merged!]));
    }

    [Fact]
    public void Two_edits_on_the_line_merge_into_one_and_edits_on_other_lines_are_left_out()
    {
        var cursor = Offset("Count =");
        var first = new OffsetEdit(Offset("count +"), Offset("count +", 5), "amount");
        var second = new OffsetEdit(Offset("+ count", 2), Offset("+ count", 7), "amount");
        var below = new OffsetEdit(Offset("count;\n}"), Offset("count;\n}", 5), "amount");

        var merged = CursorLineEdit.From(Document, cursor, [below, second, first])!;

        Assert.Equal(cursor, merged.Start);
        Assert.Equal("Count = amount + amount", merged.NewText);
        Assert.Equal("    Count = amount + amount;\n", OffsetEdit.Apply(Document, [merged]).Split('\n')[2] + "\n");
        Assert.Contains("Total = count;", OffsetEdit.Apply(Document, [merged]));
    }

    [Fact]
    public void An_edit_before_the_cursor_reaches_to_the_cursor()
    {
        var cursor = Offset("count;\n    Total", 5);
        var edit = new OffsetEdit(Offset("    Count"), Offset("    Count", 4), "");

        var merged = CursorLineEdit.From(Document, cursor, [edit]);

        Assert.Equal(new OffsetEdit(edit.Start, cursor, "Count = count + count"), merged);
    }

    [Fact]
    public void Edits_only_on_other_lines_or_across_a_line_break_give_nothing()
    {
        var cursor = Offset("Total");
        var above = new OffsetEdit(Offset("count +"), Offset("count +", 5), "amount");
        var across = new OffsetEdit(Offset("count;\n    Total"), Offset("Total"), "x");

        Assert.Null(CursorLineEdit.From(Document, cursor, [above, across]));
        Assert.Null(CursorLineEdit.From(Document, cursor, []));
    }

    [Fact]
    public void An_insertion_at_the_end_of_the_last_line_without_a_break_is_on_the_cursor_s_line()
    {
        const string text = "var a = 1";
        var merged = CursorLineEdit.From(text, text.Length, [new OffsetEdit(text.Length, text.Length, ";")]);

        Assert.Equal(new OffsetEdit(text.Length, text.Length, ";"), merged);
    }
}
