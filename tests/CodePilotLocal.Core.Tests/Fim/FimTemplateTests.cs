using CodePilotLocal.Core.Context;
using CodePilotLocal.Core.Fim;

namespace CodePilotLocal.Core.Tests.Fim;

public sealed class FimTemplateTests
{
    private static readonly FimInput Input = new("def add(a, b):\n    return ", "\n\nprint(add(1, 2))\n");

    [Fact]
    public void Qwen_is_prefix_suffix_middle_with_its_own_tokens()
    {
        var prompt = FimTemplate.Render(FimTemplateCatalog.Qwen.Build(Input));

        Assert.Equal("<|fim_prefix|>def add(a, b):\n    return <|fim_suffix|>\n\nprint(add(1, 2))\n<|fim_middle|>", prompt);
    }

    [Fact]
    public void Qwen_adds_the_repo_level_header_when_the_file_path_is_known()
    {
        var prompt = FimTemplate.Render(FimTemplateCatalog.Qwen.Build(Input with { FilePath = "src/math.py", RepositoryName = "calc" }));

        Assert.StartsWith("<|repo_name|>calc\n<|file_sep|>src/math.py\n<|fim_prefix|>def add", prompt);
        Assert.EndsWith("<|fim_middle|>", prompt);
    }

    private static readonly ContextSnippet[] Snippets =
    [
        new("src/vec.py", 1, 2, "class Vec:\n    def dot(self, other): ...", SnippetReason.Semantic, 1),
        new("src/math.py", 1, 1, "@@ -1 +1 @@\n-x\n+y", SnippetReason.Diff, 1),
    ];

    [Fact]
    public void Qwen_puts_repository_snippets_in_front_as_files_of_the_repository()
    {
        var prompt = FimTemplate.Render(FimTemplateCatalog.Qwen.Build(Input with { FilePath = "src/math.py", RepositoryName = "calc", Context = Snippets }));

        Assert.StartsWith(
            "<|repo_name|>calc\n<|file_sep|>src/vec.py\nclass Vec:\n    def dot(self, other): ...\n<|file_sep|>src/math.py.diff\n@@ -1 +1 @@\n-x\n+y\n<|file_sep|>src/math.py\n<|fim_prefix|>def add",
            prompt);
    }

    [Fact]
    public void Without_repo_level_tokens_the_snippets_are_quoted_in_the_file_s_comments()
    {
        var prompt = FimTemplate.Render(FimTemplateCatalog.StarCoder.Build(Input with { FilePath = "src/math.py", Context = Snippets[..1] }));

        Assert.StartsWith("<fim_prefix># Path: src/vec.py\n# class Vec:\n#     def dot(self, other): ...\ndef add(a, b):", prompt);
    }

    [Fact]
    public void Secrets_in_any_part_of_the_prompt_are_redacted()
    {
        var secret = "ghp_Zq8xW3vN7kLm2Pr5Ty9Ua4Sb6Dc1Ef0Gh3Jk";
        var input = new FimInput($"token = \"{secret}\"\n", $"# {secret}", "a.py", "r", [new ContextSnippet("b.py", 1, 1, secret, SnippetReason.Similar, 1)]);

        var prompt = FimTemplate.Render(FimTemplateCatalog.Qwen.Build(input));

        Assert.DoesNotContain(secret, prompt);
        Assert.Equal(3, prompt.Split("<redacted>").Length - 1);
    }

    [Fact]
    public void StarCoder_ignores_the_file_path()
    {
        var prompt = FimTemplate.Render(FimTemplateCatalog.StarCoder.Build(Input with { FilePath = "src/math.py" }));

        Assert.Equal("<fim_prefix>def add(a, b):\n    return <fim_suffix>\n\nprint(add(1, 2))\n<fim_middle>", prompt);
    }

    [Fact]
    public void DeepSeek_uses_begin_hole_end()
    {
        var prompt = FimTemplate.Render(FimTemplateCatalog.DeepSeekCoder.Build(Input));

        Assert.Equal("<｜fim▁begin｜>def add(a, b):\n    return <｜fim▁hole｜>\n\nprint(add(1, 2))\n<｜fim▁end｜>", prompt);
    }

    [Fact]
    public void CodeGemma_shares_qwen_tokens_but_stops_at_its_file_separator()
    {
        var prompt = FimTemplate.Render(FimTemplateCatalog.CodeGemma.Build(Input with { FilePath = "a.py" }));

        Assert.Equal("<|fim_prefix|>def add(a, b):\n    return <|fim_suffix|>\n\nprint(add(1, 2))\n<|fim_middle|>", prompt);
        Assert.Contains("<|file_separator|>", FimTemplateCatalog.CodeGemma.StopTokens);
    }

    [Fact]
    public void CodeLlama_uses_its_word_start_marked_tokens()
    {
        var parts = FimTemplateCatalog.CodeLlama.Build(Input);

        Assert.Equal(["▁<PRE>", "▁<SUF>", "▁<MID>"], parts.Where(p => p.Kind == PromptPartKind.SpecialToken).Select(p => p.Value));
    }

    [Fact]
    public void User_text_is_never_a_special_part()
    {
        var parts = FimTemplateCatalog.Qwen.Build(new FimInput("x = '<|fim_middle|>'", "<|endoftext|>"));

        Assert.Equal(3, parts.Count(p => p.Kind == PromptPartKind.SpecialToken));
        Assert.Contains(parts, p => p.Kind == PromptPartKind.Text && p.Value.Contains("<|fim_middle|>"));
    }

    [Fact]
    public void A_text_endpoint_prompt_keeps_the_markup_and_breaks_special_token_text_in_user_code()
    {
        var template = FimTemplateCatalog.Qwen;
        var prompt = template.RenderForTextEndpoint(template.Build(new FimInput("x = '<|fim_middle|>'", "y = 1<|endoftext|>")));

        Assert.StartsWith("<|fim_prefix|>x = '<\u200B|fim_middle|>'<|fim_suffix|>y = 1<\u200B|endoftext|><|fim_middle|>", prompt);
        Assert.Equal(1, prompt.Split("<|fim_middle|>").Length - 1);
    }

    [Fact]
    public void Suffix_prefix_middle_puts_the_text_being_typed_last_as_llama_server_spm_infill_does()
    {
        var prompt = FimTemplate.Render(FimTemplateCatalog.StarCoder.Build(Input, FimOrder.SuffixPrefixMiddle));

        Assert.Equal("<fim_suffix>" + Input.Suffix + "<fim_prefix>" + Input.Prefix + "<fim_middle>", prompt);
    }

    [Theory]
    [InlineData("qwen")]
    [InlineData("StarCoder")]
    [InlineData("deepseek-coder")]
    public void Templates_can_be_named_in_settings(string name)
    {
        Assert.Equal(name.ToLowerInvariant(), FimTemplateCatalog.Named(name)?.Name);
        Assert.Null(FimTemplateCatalog.Named("gpt"));
        Assert.Contains("<|file_separator|>", FimTemplateCatalog.CandidateTokens);
    }

    [Theory]
    [InlineData(new[] { "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", "<|endoftext|>", "<|file_sep|>", "<|repo_name|>" }, "qwen")]
    [InlineData(new[] { "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", "<|file_separator|>", "<eos>" }, "codegemma")]
    [InlineData(new[] { "<fim_prefix>", "<fim_suffix>", "<fim_middle>", "<|endoftext|>" }, "starcoder")]
    [InlineData(new[] { "<｜fim▁begin｜>", "<｜fim▁hole｜>", "<｜fim▁end｜>" }, "deepseek-coder")]
    [InlineData(new[] { "▁<PRE>", "▁<SUF>", "▁<MID>", "▁<EOT>" }, "codellama")]
    public void Detects_the_template_from_the_tokens_present(string[] tokens, string expected)
    {
        Assert.Equal(expected, FimTemplateCatalog.Detect(new TokenSetVocabulary(tokens))?.Name);
    }

    [Fact]
    public void Detected_templates_keep_only_the_stop_tokens_the_vocabulary_has()
    {
        var template = FimTemplateCatalog.Detect(new TokenSetVocabulary(["<fim_prefix>", "<fim_suffix>", "<fim_middle>", "<|endoftext|>"]))!;

        Assert.Equal(["<|endoftext|>", "<fim_prefix>", "<fim_suffix>", "<fim_middle>"], template.StopTokens);
    }

    [Fact]
    public void Half_a_set_of_fim_tokens_is_no_template()
    {
        Assert.Null(FimTemplateCatalog.Detect(new TokenSetVocabulary(["<fim_prefix>", "<fim_middle>", "<s>", "</s>"])));
    }

    [Fact]
    public void Explicit_gguf_fim_keys_serve_a_vocabulary_with_unknown_spellings()
    {
        var template = FimTemplateCatalog.Detect(
            new TokenSetVocabulary(["[PRE]", "[SUF]", "[MID]", "</s>"]),
            new ExplicitFimTokens("[PRE]", "[SUF]", "[MID]", EndOfText: "</s>"))!;

        Assert.Equal("gguf-fim-tokens", template.Name);
        Assert.Equal("[PRE]x[SUF]y[MID]", FimTemplate.Render(template.Build(new FimInput("x", "y"))));
        Assert.Contains("</s>", template.StopTokens);
    }
}
