using CodePilotLocal.Core.Text;

namespace CodePilotLocal.Core.Tests.Text;

public sealed class TextSnapshotTests
{
    [Fact]
    public void Positions_count_lines_across_every_line_ending()
    {
        var text = new TextSnapshot("a\r\nbc\rd\ne");

        Assert.Equal(4, text.LineCount);
        Assert.Equal(3, text.ToOffset(new LinePosition(1, 0)));
        Assert.Equal(6, text.ToOffset(new LinePosition(2, 0)));
        Assert.Equal("bc", text.GetLineText(1));
        Assert.Equal(new LinePosition(3, 1), text.ToPosition(text.Length));
    }

    [Fact]
    public void A_character_past_the_line_end_falls_back_to_the_line_end()
    {
        var text = new TextSnapshot("ab\r\ncd");

        Assert.Equal(2, text.ToOffset(new LinePosition(0, 99)));
    }

    [Fact]
    public void A_line_past_the_end_is_an_error_that_says_so()
    {
        var e = Assert.Throws<PositionOutOfRangeException>(() => new TextSnapshot("one\ntwo").ToOffset(new LinePosition(5, 0)));

        Assert.Contains("past the end of the document (2 lines)", e.Message);
    }

    [Fact]
    public void Replace_applies_an_incremental_edit()
    {
        var text = new TextSnapshot("class A\n{\n}\n").Replace(new LinePosition(1, 1), new LinePosition(2, 0), "\n    int x;\n");

        Assert.Equal("class A\n{\n    int x;\n}\n", text.Text);
    }

    [Fact]
    public void Utf16_columns_count_surrogate_pairs_as_two()
    {
        var text = new TextSnapshot("var s = \"😀\"; x");

        Assert.Equal('x', text.Text[text.ToOffset(new LinePosition(0, 14))]);
    }
}
