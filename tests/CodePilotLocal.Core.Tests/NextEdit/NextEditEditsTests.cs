using CodePilotLocal.Core.NextEdit;

namespace CodePilotLocal.Core.Tests.NextEdit;

/// <summary>From hand-written rewritten windows to the smallest edits, and the answers that must be dropped.</summary>
public sealed class NextEditEditsTests
{
    private const string Document = "class Shop\n{\n    public Shop(int count)\n    {\n        Count = count;\n    }\n\n    int Total(int count) => count * 2;\n}\n";

    private static (EditableWindow Window, NextEditOutcome Outcome, string After) Run(string document, Func<string, string> rewrite, string? beforeLastEdit = null)
    {
        var window = EditableWindow.Around(document, document.IndexOf("Count =", StringComparison.Ordinal));
        var outcome = NextEditEdits.From(document, window, rewrite(window.Text), beforeLastEdit);
        return (window, outcome, OffsetEdit.Apply(document, outcome.Edits));
    }

    [Fact]
    public void An_added_line_is_one_insertion_of_that_line()
    {
        var (_, outcome, after) = Run(Document, w => w.Replace("        Count = count;\n", "        Count = count;\n        Total = 0;\n", StringComparison.Ordinal));

        var edit = Assert.Single(outcome.Edits);
        Assert.Equal("        Total = 0;\n", edit.NewText);
        Assert.Equal(edit.Start, edit.End);
        Assert.Equal(Document.Replace("        Count = count;\n", "        Count = count;\n        Total = 0;\n", StringComparison.Ordinal), after);
    }

    [Fact]
    public void A_deleted_line_is_one_deletion_and_a_renamed_word_is_only_that_word()
    {
        var (_, deleted, afterDelete) = Run(Document, w => w.Replace("\n\n", "\n", StringComparison.Ordinal));
        var (_, renamed, afterRename) = Run(Document, w => w.Replace("int count)\n", "int amount)\n", StringComparison.Ordinal));

        Assert.Equal("", Assert.Single(deleted.Edits).NewText);
        Assert.Equal(Document.Replace("\n\n", "\n", StringComparison.Ordinal), afterDelete);
        var edit = Assert.Single(renamed.Edits);
        Assert.Equal(("amount", "count"), (edit.NewText, Document[edit.Start..edit.End]));
        Assert.Equal(Document.Replace("int count)\n", "int amount)\n", StringComparison.Ordinal), afterRename);
    }

    [Fact]
    public void Several_hunks_become_several_edits_away_from_the_cursor_too()
    {
        var (window, outcome, after) = Run(Document, w => w
            .Replace("public Shop(int count)", "public Shop(int count, int price)", StringComparison.Ordinal)
            .Replace("=> count * 2;", "=> count * Price;", StringComparison.Ordinal));

        Assert.Equal(2, outcome.Edits.Count);
        Assert.All(outcome.Edits, e => Assert.InRange(e.Start, window.StartOffset, window.EndOffset + 1));
        Assert.Contains(outcome.Edits, e => e.Start > Document.IndexOf("Total", StringComparison.Ordinal)); // below the cursor's line
        Assert.Equal(Document.Replace("public Shop(int count)", "public Shop(int count, int price)", StringComparison.Ordinal)
            .Replace("=> count * 2;", "=> count * Price;", StringComparison.Ordinal), after);
    }

    [Fact]
    public void Lines_added_after_the_last_line_of_a_document_without_a_final_break_get_one()
    {
        var document = "a\nb";
        var window = EditableWindow.Around(document, 0);

        var outcome = NextEditEdits.From(document, window, "a\nb\nc", null);

        Assert.Equal("a\nb\nc", OffsetEdit.Apply(document, outcome.Edits));
    }

    [Fact]
    public void Malformed_empty_reverting_and_mostly_deleting_answers_are_dropped()
    {
        Assert.Contains("malformed", Run(Document, _ => null!).Outcome.Dropped);
        Assert.Contains("no change", Run(Document, w => w).Outcome.Dropped);
        Assert.Contains("delete", Run(Document, w => w[..10]).Outcome.Dropped);

        // The user just renamed amount to count; an answer that puts amount back undoes it.
        var beforeLastEdit = Document.Replace("int count)\n", "int amount)\n", StringComparison.Ordinal);
        var undo = Run(Document, w => w.Replace("int count)\n", "int amount)\n", StringComparison.Ordinal), beforeLastEdit);
        Assert.Contains("undo", undo.Outcome.Dropped);
        Assert.Empty(undo.Outcome.Edits);
    }
}
