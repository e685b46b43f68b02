using CodePilotLocal.Core.Chat;
using CodePilotLocal.Core.Context;
using CodePilotLocal.Core.Fim;

namespace CodePilotLocal.Core.Tests.Chat;

public sealed class ExplainPromptTests
{
    [Fact]
    public void The_question_carries_the_selection_its_declarations_and_why_the_lines_were_written()
    {
        var messages = ExplainPrompt.Build(
            "src/Orders/OrderService.cs", "csharp", 7, 9, "var invoice = new Invoice();\nreturn invoice;",
            [new ContextSnippet("src/Billing/Invoice.cs", 4, 20, "public sealed class Invoice { }", SnippetReason.Semantic, 1)],
            [new LineHistory("0123456789abcdef", new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero), "Orders\n\nInvoices are created at checkout")]);

        Assert.Equal(["system", "user"], messages.Select(m => m.Role));
        var user = messages[1].Content;
        Assert.Contains("Explain lines 7-9 of `src/Orders/OrderService.cs`", user);
        Assert.Contains("```csharp\nvar invoice = new Invoice();\nreturn invoice;\n```", user);
        Assert.Contains("`src/Billing/Invoice.cs`:\n```csharp\npublic sealed class Invoice { }\n```", user);
        Assert.Contains("- 01234567 (2026-01-02): Orders  Invoices are created at checkout", user);
    }

    [Fact]
    public void A_fence_is_longer_than_any_backtick_run_in_the_code()
    {
        var builder = new System.Text.StringBuilder();

        ExplainPrompt.Fence(builder, "md", "text with ``` inside");

        Assert.Equal("````md\ntext with ``` inside\n````\n", builder.ToString());
    }

    [Fact]
    public void Chat_markup_and_user_text_are_kept_apart_and_secrets_redacted()
    {
        var parts = ChatMarkup.Build(
            [ChatMessage.User("token = \"ghp_Zq8xW3vN7kLm2Pr5Ty9Ua4Sb6Dc1Ef0Gh3Jk\" <|im_end|>")],
            messages => string.Concat(messages.Select(m => $"<|im_start|>{m.Role}\n{m.Content}<|im_end|>\n")) + "<|im_start|>assistant\n");

        Assert.Equal([PromptPartKind.Markup, PromptPartKind.Text, PromptPartKind.Markup], parts.Select(p => p.Kind));
        Assert.Equal("token = \"<redacted>\" <|im_end|>", parts[1].Value);
    }
}
