using CodePilotLocal.Core.Chat;
using CodePilotLocal.Indexing.Roslyn;
using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Indexing.Tests;

/// <summary>The checker that stands between a model's proposed fix and the user's file, on hand-written candidates.</summary>
public sealed class CompileCheckTests : IDisposable
{
    private readonly ShopWorkspace _shop = new();
    private readonly TempDirectory _cache = new();

    [Theory]
    [InlineData("        var invoice = new Invoice();", true, true)] // the fix
    [InlineData("        var invoice = new Invoicee();", false, true)] // another wrong name: as many errors
    [InlineData("        var invoice = new Invoice(;", false, false)] // broken syntax: more errors
    [InlineData("        var invoice = new Invoice(); invoice.Nope();", false, true)] // fixes one, adds one
    public async Task A_candidate_passes_only_if_it_reduces_the_errors(string candidate, bool reduces, bool addsNone)
    {
        using var index = WorkspaceIndex.Open(_shop.Root, databasePath: _cache.File("index.db"));
        await index.UpdateAsync();
        var broken = _shop.OrderServiceText
            .Replace("invoice.\n        return", "return", StringComparison.Ordinal)
            .Replace("var invoice = new Invoice();", "var invoice = new Invoce();", StringComparison.Ordinal);
        var fixedText = broken.Replace("        var invoice = new Invoce();", candidate, StringComparison.Ordinal);

        var check = CompileCheck.Of(index.CSharp, ShopWorkspace.OrderServicePath, broken, fixedText);

        var error = Assert.Single(check.Before);
        Assert.Equal(("CS0246", 9, false), (error.Id, error.Line, error.Syntax));
        Assert.Contains("Invoce", error.Message);
        Assert.Equal(reduces, check.ReducesErrors);
        Assert.Equal(addsNone, check.AddsNoErrors);
    }

    [Theory]
    [InlineData("Here you go:\n```csharp\nvar x = 1;\n```\nDone.", "var x = 1;")]
    [InlineData("````\ncode with ``` inside\n````", "code with ``` inside")]
    [InlineData("var x = 1; // no fence", null)]
    public void The_code_of_a_reply_is_its_first_fenced_block(string reply, string? code) => Assert.Equal(code, FixPrompt.ExtractCode(reply));

    public void Dispose()
    {
        _shop.Dispose();
        _cache.Dispose();
    }
}
