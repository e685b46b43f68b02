using CodePilotLocal.Core.NextEdit;
using CodePilotLocal.Indexing.Roslyn;
using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Indexing.Tests;

/// <summary>Next edits in C# pass the compile check fixes pass, on the real shop workspace and Roslyn.</summary>
public sealed class NextEditCheckTests : IDisposable
{
    private readonly ShopWorkspace _shop = new();
    private readonly TempDirectory _cache = new();

    [Fact]
    public async Task An_edit_that_breaks_the_build_is_dropped_and_one_that_does_not_is_kept()
    {
        using var index = WorkspaceIndex.Open(_shop.Root, databasePath: _cache.File("index.db"));
        await index.UpdateAsync();
        var text = _shop.OrderServiceText.Replace("invoice.\n        return", "return", StringComparison.Ordinal); // the cursor's unfinished line gone: no errors
        var at = text.IndexOf("        return", StringComparison.Ordinal);
        var compiles = new NextEditOutcome([new OffsetEdit(at, at, "        var nextEditProbe = 1;\n")], null);
        var breaks = new NextEditOutcome([new OffsetEdit(at, at, "        NoSuchMethod(nextEditProbe);\n")], null);

        Assert.Same(compiles, NextEditCheck.Checked(compiles, index.CSharp, ShopWorkspace.OrderServicePath, text));
        var dropped = NextEditCheck.Checked(breaks, index.CSharp, ShopWorkspace.OrderServicePath, text);
        Assert.Empty(dropped.Edits);
        Assert.Contains("NoSuchMethod", dropped.Dropped);
    }

    public void Dispose()
    {
        _shop.Dispose();
        _cache.Dispose();
    }
}
