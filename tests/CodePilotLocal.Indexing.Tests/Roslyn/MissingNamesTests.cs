using CodePilotLocal.Indexing.Roslyn;
using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Indexing.Tests.Roslyn;

/// <summary>The compile check of ghost text: names a suggestion introduces that exist nowhere.</summary>
public sealed class MissingNamesTests : IDisposable
{
    private readonly ShopWorkspace _shop = new();
    private readonly TempDirectory _cache = new();

    private async Task<IReadOnlyList<MissingName>> MissingInAsync(string suggestion)
    {
        using var index = WorkspaceIndex.Open(_shop.Root, databasePath: _cache.File("index.db"));
        await index.UpdateAsync();
        var text = _shop.OrderServiceText.Insert(_shop.CursorOffset, suggestion);
        return MissingNames.In(index.CSharp.ModelAt(ShopWorkspace.OrderServicePath, text, _shop.CursorOffset), _shop.CursorOffset, _shop.CursorOffset + suggestion.Length);
    }

    [Fact]
    public async Task An_invented_member_is_found_and_a_real_one_is_not()
    {
        var invented = Assert.Single(await MissingInAsync("TotalPrize"));
        Assert.Equal(("TotalPrize", "CS1061", _shop.CursorOffset), (invented.Name, invented.Code, invented.Offset));

        Assert.Empty(await MissingInAsync("Total"));
    }

    [Theory]
    [InlineData("Total;\n        var x = Helper(1);", "Helper", "CS0103")]
    [InlineData("Total;\n        Console.WriteLin(\"x\");", "WriteLin", "CS0117")]
    [InlineData("Total;\n        var list = new Lisst<int>();", "Lisst", "CS0246")]
    public async Task Names_that_exist_nowhere_are_found_with_their_error(string suggestion, string name, string code)
    {
        var missing = Assert.Single(await MissingInAsync(suggestion));

        Assert.Equal((name, code), (missing.Name, missing.Code));
    }

    [Theory]
    [InlineData("Total;\n        Console.WriteLine(\"x\")")] // incomplete: no ';' — not a missing name
    [InlineData("Total;\n        var n = invoice.Lines.Count")] // real members
    [InlineData("Total;\n        dynamic d = invoice; d.Anything();")] // dynamic is not judged
    [InlineData("Total;\n        var s = \"order.TotalPrize\";")] // a string is not code
    [InlineData("Total;\n        var x = Math.Max(1, 2);")]
    public async Task Incomplete_but_real_code_is_left_alone(string suggestion)
    {
        Assert.Empty(await MissingInAsync(suggestion));
    }

    [Theory]
    [InlineData("ix", "Totix")]
    [InlineData("al", null)]
    public async Task A_suggestion_that_runs_the_typed_word_on_is_judged_by_the_whole_word(string suggestion, string? missingWord)
    {
        using var index = WorkspaceIndex.Open(_shop.Root, databasePath: _cache.File("index.db"));
        await index.UpdateAsync();
        var cursor = _shop.CursorOffset + "Tot".Length;
        var text = _shop.OrderServiceText.Insert(_shop.CursorOffset, "Tot" + suggestion);

        var missing = MissingNames.In(index.CSharp.ModelAt(ShopWorkspace.OrderServicePath, text, cursor), cursor, cursor + suggestion.Length);

        Assert.Equal(missingWord, missing.SingleOrDefault()?.Name);
        Assert.True(missingWord is null || missing[0].Offset < cursor);
    }

    public void Dispose()
    {
        _shop.Dispose();
        _cache.Dispose();
    }
}
