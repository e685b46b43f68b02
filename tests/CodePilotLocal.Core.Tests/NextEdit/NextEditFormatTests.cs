using CodePilotLocal.Core.Context;
using CodePilotLocal.Core.Fim;
using CodePilotLocal.Core.NextEdit;

namespace CodePilotLocal.Core.Tests.NextEdit;

/// <summary>Both prompt formats against hand-checked prompts, and their answers read back.</summary>
public sealed class NextEditFormatTests
{
    private const string Before = "class A\n{\n    int x;\n}";
    private const string Now = "class A\n{\n    int y;\n}";
    private static readonly int Cursor = Now.IndexOf(';', StringComparison.Ordinal);

    /// <summary>Qwen2.5-Coder's vocabulary as far as these formats care: it has &lt;|file_sep|&gt; and &lt;|endoftext|&gt;, not the other markers.</summary>
    private static readonly IVocabularyLookup Qwen = new Vocabulary("<|file_sep|>", "<|endoftext|>");

    private static NextEditInput Input() => new(
        "A.cs", Now, Cursor, [new EditHunk("A.cs", 2, "    int x;", "    int y;")], Before,
        [new ContextSnippet("B.cs", 1, 1, "class B { }", SnippetReason.Semantic, 1)]);

    [Fact]
    public void Sweep_puts_the_file_context_edits_and_the_original_current_and_updated_window_in_file_sep_blocks()
    {
        var prompt = new SweepNextEditFormat().Build(Input(), Qwen);

        Assert.Equal(
            """
            <|file_sep|>A.cs
            class A
            {
                int y;
            }
            <|file_sep|>B.cs
            class B { }
            <|file_sep|>A.cs.diff
            original:
                int x;
            updated:
                int y;
            <|file_sep|>original/A.cs:1:4
            class A
            {
                int x;
            }
            <|file_sep|>current/A.cs:1:4
            class A
            {
                int y<|cursor|>;
            }
            <|file_sep|>updated/A.cs:1:4
            class A
            {

            """, prompt.Text);
        Assert.Equal("class A\n{\n", prompt.Prefill);
        Assert.Equal((0, 4), (prompt.Window.StartLine, prompt.Window.EndLine));
    }

    [Fact]
    public void Sweep_answers_continue_the_prefill_and_an_answer_cut_short_or_echoing_the_cursor_is_malformed()
    {
        var format = new SweepNextEditFormat();
        var prompt = format.Build(Input(), Qwen);

        Assert.Equal("class A\n{\n    int y;\n    int z;\n}", format.ParseWindow(prompt, "    int y;\n    int z;\n}\n", stopped: true));
        Assert.Null(format.ParseWindow(prompt, "    int y;\n    int z;", stopped: false));
        Assert.Null(format.ParseWindow(prompt, "    int y<|cursor|>;\n}\n", stopped: true));
    }

    [Fact]
    public void Zeta_shows_the_edits_as_diffs_and_marks_the_window_and_cursor_in_the_excerpt()
    {
        var prompt = new ZetaNextEditFormat().Build(Input(), Qwen);

        Assert.Equal(
            """
            ### Instruction:
            You are a code completion assistant and your task is to analyze user edits and then rewrite an excerpt that the user provides, suggesting the appropriate edits within the excerpt, taking into account the cursor location.

            ### User Edits:

            User edited "A.cs":
            ```diff
            @@ -3,1 +3,1 @@
            -    int x;
            +    int y;
            ```

            ### User Excerpt:

            ```A.cs
            <|start_of_file|>
            <|editable_region_start|>
            class A
            {
                int y<|user_cursor_is_here|>;
            }
            <|editable_region_end|>
            ```

            ### Response:

            """, prompt.Text);
        Assert.DoesNotContain("class B", prompt.Text); // no room for other files in this format
    }

    [Fact]
    public void Zeta_answers_are_read_between_the_region_markers_and_malformed_ones_are_refused()
    {
        var format = new ZetaNextEditFormat();
        var prompt = format.Build(Input(), Qwen);

        Assert.Equal("class A\n{\n    int y;\n    int z;\n}",
            format.ParseWindow(prompt, "```A.cs\n<|start_of_file|>\n<|editable_region_start|>\nclass A\n{\n    int y;<|user_cursor_is_here|>\n    int z;\n}\n", stopped: true));
        Assert.Null(format.ParseWindow(prompt, "class A\n{\n}\n", stopped: true)); // no region
        Assert.Null(format.ParseWindow(prompt, "<|editable_region_start|>\na\n<|editable_region_start|>\nb\n", stopped: true));
        Assert.Null(format.ParseWindow(prompt, "<|editable_region_start|>\nclass A\n{", stopped: false));
    }

    [Fact]
    public void A_window_is_21_lines_around_the_cursor_and_the_original_block_maps_the_same_lines_before_the_edit()
    {
        var lines = Enumerable.Range(0, 40).Select(i => $"line {i}").ToList();
        var before = string.Join('\n', lines);
        lines.Insert(5, "inserted A");
        lines.Insert(6, "inserted B");
        var now = string.Join('\n', lines);
        var cursor = now.IndexOf("line 20", StringComparison.Ordinal);

        var prompt = new SweepNextEditFormat().Build(new NextEditInput("f.txt", now, cursor, [], before, []), Qwen);

        Assert.Equal((12, 33), (prompt.Window.StartLine, prompt.Window.EndLine)); // "line 20" is line 22 now
        Assert.Contains("<|file_sep|>original/f.txt:13:33\nline 10\n", prompt.Text);
        Assert.Contains("line 30\n<|file_sep|>current/", prompt.Text);
    }

    [Fact]
    public void Markers_the_vocabulary_has_are_special_tokens_and_user_text_never_is()
    {
        var input = Input() with { Text = "// <|file_sep|> in a comment\n" + Now, CursorOffset = Cursor + 29 };

        var parts = new SweepNextEditFormat().Build(input, Qwen).Parts;

        Assert.Equal(6, parts.Count(p => p is { Kind: PromptPartKind.SpecialToken, Value: "<|file_sep|>" })); // file, B.cs, diff, original, current, updated
        Assert.Contains(parts, p => p is { Kind: PromptPartKind.Text, Value: "<|cursor|>" });
        Assert.All(parts.Where(p => p.Kind == PromptPartKind.Text), p => Assert.True(p.Value == "<|cursor|>" || !p.Value.StartsWith("<|file_sep|>", StringComparison.Ordinal)));
        Assert.Contains(parts, p => p.Kind == PromptPartKind.Text && p.Value.Contains("// <|file_sep|> in a comment", StringComparison.Ordinal));
    }

    [Fact]
    public void Secrets_outside_the_window_are_redacted_from_the_prompt()
    {
        var secret = "AKIAIOSFODNN7EXAMPLE";
        var input = Input() with { RecentEdits = [new EditHunk("config.cs", 0, "", $"var key = \"{secret}\";")] };

        Assert.DoesNotContain(secret, new SweepNextEditFormat().Build(input, Qwen).Text);
        Assert.DoesNotContain(secret, new ZetaNextEditFormat().Build(input, Qwen).Text);
    }

    [Theory]
    [InlineData("zeta-7b-q8_0", "<|file_sep|>", null, "zeta")]
    [InlineData("sweep-next-edit-1.5b", "<|file_sep|>", null, "sweep")]
    [InlineData("Qwen2.5 Coder 1.5B", "<|file_sep|>", null, "sweep")]
    [InlineData("starcoder", "<fim_prefix>", null, null)]
    [InlineData("starcoder", "<fim_prefix>", "zeta", "zeta")]
    public void The_format_comes_from_the_setting_the_model_name_or_the_vocabulary(string name, string token, string? chosen, string? expected)
    {
        Assert.Equal(expected, NextEditFormats.For(name, new Vocabulary(token), chosen)?.Name);
    }

    private sealed class Vocabulary(params string[] tokens) : IVocabularyLookup
    {
        public bool Contains(string tokenText) => tokens.Contains(tokenText);
    }
}
