using CodePilotLocal.Core.Context;
using CodePilotLocal.Core.Fim;
using CodePilotLocal.Indexing.Context;
using CodePilotLocal.Indexing.Workspace;
using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Indexing.Tests;

public sealed class WorkspaceIndexTests : IDisposable
{
    private static readonly FimTemplate RepoLevel = new(
        "qwen", "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", ["<|endoftext|>"], "<|repo_name|>", "<|file_sep|>");

    private readonly ShopWorkspace _shop = new();
    private readonly TempDirectory _cache = new();

    [Fact]
    public async Task Indexes_what_may_be_read_and_nothing_else()
    {
        using var index = Open();
        var summary = await index.UpdateAsync();

        var files = index.Store.FileHashes().Keys.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            [".codepilotignore", ".gitignore", "README.md", "config/appsettings.json", ShopWorkspace.InvoicePath, ShopWorkspace.InvoicePrinterPath, ShopWorkspace.OrderServicePath],
            files);
        Assert.True(summary.Skipped[SkipReason.Ignored] >= 3); // build/, app.log, private/
        Assert.Equal(2, summary.Skipped[SkipReason.Secret]); // .env, certs/server.key
        Assert.Equal(1, summary.Skipped[SkipReason.Symlink]);
        Assert.Equal(1, summary.Skipped[SkipReason.Binary]);
        Assert.Equal(1, summary.Skipped[SkipReason.NotUtf8]);
        Assert.Equal(1, summary.Skipped[SkipReason.TooLarge]);
        Assert.Null(summary.HistoryProblem);
    }

    [Fact]
    public async Task Keeps_a_symbol_table_of_types_and_visible_members()
    {
        using var index = Open();
        await index.UpdateAsync();

        var invoice = Assert.Single(index.Store.FindSymbols("Invoice"), s => s.Kind == "class");
        Assert.Equal("Shop.Billing", invoice.Container);
        Assert.Equal(ShopWorkspace.InvoicePath, invoice.Path);
        Assert.Equal("What a customer owes for one order.", invoice.Summary);
        Assert.Contains("public void AddLine(string sku, int quantity, decimal unitPrice);", invoice.Outline);
        Assert.Contains("public decimal Total { get; }", invoice.Outline);
        Assert.DoesNotContain("Recalculate", invoice.Outline);
        var addLine = Assert.Single(index.Store.FindSymbols("AddLine"));
        Assert.Equal("method", addLine.Kind);
        Assert.Equal("Shop.Billing.Invoice", addLine.Container);
        Assert.Equal("Adds a line for a quantity of a product at a unit price.", addLine.Summary);
    }

    [Fact]
    public async Task Reads_co_change_commits_and_the_uncommitted_diff_from_git()
    {
        using var index = Open();
        await index.UpdateAsync();

        Assert.Equal((ShopWorkspace.InvoicePrinterPath, 3), index.Store.CoChanged(ShopWorkspace.InvoicePath, 3)[0]);
        Assert.Equal("Invoice discounts", index.Store.RecentCommits(ShopWorkspace.InvoicePath, 1)[0].Message);
        var change = index.RecentChange(ShopWorkspace.OrderServicePath);
        Assert.NotNull(change);
        Assert.Equal("uncommitted changes", change.Value.Label);
        Assert.Contains("+    public int CountOrders() => 0;", change.Value.Patch);
        var committed = index.RecentChange(ShopWorkspace.InvoicePath);
        Assert.StartsWith("commit ", committed!.Value.Label);
    }

    [Fact]
    public async Task Blame_names_the_commits_that_wrote_a_range_of_lines()
    {
        using var index = Open();
        await index.UpdateAsync();
        var lines = File.ReadAllLines(Path.Combine(_shop.Root, ShopWorkspace.InvoicePath));
        var discount = Array.FindIndex(lines, l => l.Contains("ApplyDiscount", StringComparison.Ordinal)) + 1;
        var addLine = Array.FindIndex(lines, l => l.Contains("public void AddLine", StringComparison.Ordinal)) + 1;

        Assert.Equal(["Invoice discounts"], index.HistoryOf(ShopWorkspace.InvoicePath, discount, discount).Select(c => c.Message));
        Assert.Equal(["Invoice discounts", "Invoices get lines", "Start the shop"], index.HistoryOf(ShopWorkspace.InvoicePath, addLine, discount).Select(c => c.Message));
    }

    [Fact]
    public async Task A_completion_in_one_file_gets_the_declaration_it_needs_from_another()
    {
        using var index = Open();
        await index.UpdateAsync();
        var engine = new ContextEngine(index);

        var context = engine.Gather(new ContextRequest(ShopWorkspace.OrderServicePath, _shop.OrderServiceText, _shop.CursorOffset, 2000), new WordCounter());

        var invoice = Assert.Single(context.Selection.Snippets, c => c.Snippet.Reason == SnippetReason.Semantic && c.Snippet.Label == "Shop.Billing.Invoice").Snippet;
        Assert.Equal(ShopWorkspace.InvoicePath, invoice.Path);
        Assert.Contains("public void AddLine(string sku, int quantity, decimal unitPrice);", invoice.Text);
        Assert.Contains(context.Selection.Snippets, c => c.Snippet.Reason == SnippetReason.Diff);
        Assert.DoesNotContain(context.Candidates, s => s.Path == ShopWorkspace.OrderServicePath && s.Reason != SnippetReason.Diff);
        Assert.True(context.Selection.Tokens <= 2000);
    }

    [Fact]
    public async Task A_file_scoped_context_starts_every_prompt_of_the_file_the_same_and_gives_each_place_the_rest()
    {
        using var index = Open();
        await index.UpdateAsync();
        var engine = new ContextEngine(index);
        var counter = new WordCounter();
        var text = _shop.OrderServiceText;

        var fileWide = engine.GatherFileWide(ShopWorkspace.OrderServicePath, text, 150, counter);
        var atCursor = engine.Gather(new ContextRequest(ShopWorkspace.OrderServicePath, text, _shop.CursorOffset, 200, FileWide: fileWide), counter);
        var atTop = engine.Gather(new ContextRequest(ShopWorkspace.OrderServicePath, text, 0, 200, FileWide: fileWide), counter);

        Assert.Contains(fileWide.Snippets, c => c.Snippet.Label == "Shop.Billing.Invoice");
        Assert.InRange(fileWide.Tokens, 1, 150);
        foreach (var context in new[] { atCursor, atTop })
        {
            Assert.Equal(fileWide.Snippets, context.Selection.Snippets.Take(fileWide.Snippets.Count));
            var place = context.Selection.Snippets.Skip(fileWide.Snippets.Count).ToList();
            Assert.DoesNotContain(place, p => fileWide.Snippets.Any(f => f.Snippet.SameContentAs(p.Snippet)));
            Assert.True(context.Selection.Tokens <= 200);
        }
    }

    [Theory]
    [InlineData("invoice.AddLine(\"sku-1\", 2, 9.5m);\n        invoice.", false)] // typing inside the method: a speculative model, no new compilation
    [InlineData("invoice.", true)] // edited elsewhere too: the file replaced in a new compilation
    public async Task Unsaved_edits_are_resolved_against_the_indexed_compilation(string typed, bool editElsewhere)
    {
        using var index = Open();
        await index.UpdateAsync();
        var text = _shop.OrderServiceText.Insert(_shop.CursorOffset, typed[..^"invoice.".Length]);
        var offset = _shop.CursorOffset + typed.Length - "invoice.".Length;
        if (editElsewhere)
        {
            text = text.Replace("public int CountOrders() => 0;", "public int CountOrders() => 1;", StringComparison.Ordinal);
        }

        var context = new ContextEngine(index).Gather(new ContextRequest(ShopWorkspace.OrderServicePath, text, offset, 2000), new WordCounter());

        var invoice = Assert.Single(context.Candidates, c => c.Reason == SnippetReason.Semantic && c.Label == "Shop.Billing.Invoice");
        Assert.Contains("public void AddLine(string sku, int quantity, decimal unitPrice);", invoice.Text);
    }

    [Fact]
    public async Task Secrets_never_reach_the_prompt()
    {
        using var index = Open();
        await index.UpdateAsync();
        var engine = new ContextEngine(index);
        var text = _shop.OrderServiceText + "\n// GitHubToken settings: config/appsettings.json Logging Level Information\n";

        var context = engine.Gather(new ContextRequest(ShopWorkspace.OrderServicePath, text, text.Length - 1, 4000), new WordCounter());
        var prompt = FimTemplate.Render(RepoLevel.Build(new FimInput(text, "", ShopWorkspace.OrderServicePath, "shop", context.Selection.Snippets.Select(c => c.Snippet).ToList())));

        Assert.Contains(context.Selection.Snippets, c => c.Snippet.Path == "config/appsettings.json");
        Assert.DoesNotContain(ShopWorkspace.PlantedToken, prompt);
        Assert.DoesNotContain(ShopWorkspace.EnvSecret, prompt);
        Assert.DoesNotContain("PRIVATE KEY", prompt);
        Assert.DoesNotContain("OutsideSecret", prompt);
        Assert.DoesNotContain("PrivateNotes", prompt);
        Assert.DoesNotContain(index.Store.SearchChunks(["githubtoken"], 10), h => h.Text.Contains(ShopWorkspace.PlantedToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_changed_files_are_indexed_again()
    {
        using (var first = Open())
        {
            var cold = await first.UpdateAsync();
            Assert.Equal(7, cold.Indexed);
        }

        _shop.Git.Write(ShopWorkspace.InvoicePrinterPath, "namespace Shop.Billing;\npublic static class InvoicePrinter { public static string PrintShort(Invoice invoice) => \"\"; }\n");
        File.Delete(Path.Combine(_shop.Root, "README.md"));
        using var index = Open();
        var warm = await index.UpdateAsync();

        Assert.Equal(1, warm.Indexed);
        Assert.Equal(5, warm.Unchanged);
        Assert.Equal(1, warm.Removed);
        Assert.Single(index.Store.FindSymbols("PrintShort"));
        Assert.Empty(index.Store.FindSymbols("Print"));

        await index.UpdateFileAsync(ShopWorkspace.InvoicePrinterPath, "namespace Shop.Billing;\npublic static class InvoicePrinter { public static string PrintFromEditor() => \"\"; }\n");
        Assert.Single(index.Store.FindSymbols("PrintFromEditor"));
        Assert.Empty(index.Store.FindSymbols("PrintShort"));
    }

    [Fact]
    public async Task A_corrupt_index_file_is_rebuilt_not_served()
    {
        var database = _cache.File("index.db");
        using (var first = Open(database))
        {
            await first.UpdateAsync();
        }

        var bytes = File.ReadAllBytes(database);
        Random.Shared.NextBytes(bytes.AsSpan(100, Math.Min(8000, bytes.Length - 100)));
        File.WriteAllBytes(database, bytes);
        File.Delete(database + "-wal");

        using var index = Open(database);
        var summary = await index.UpdateAsync();

        Assert.NotNull(summary.RebuiltBecause);
        Assert.Equal(7, summary.Indexed);
        Assert.Single(index.Store.FindSymbols("AddLine"));
    }

    [Fact]
    public void Paths_outside_the_workspace_are_refused()
    {
        using var index = Open();
        var engine = new ContextEngine(index);

        Assert.Throws<PathOutsideWorkspaceException>(() => engine.Gather(new ContextRequest(Path.Combine(_shop.OutsideFolder, "Outside.cs"), "class X { }", 0, 100), new WordCounter()));
        Assert.Throws<PathOutsideWorkspaceException>(() => engine.Gather(new ContextRequest("../../etc/passwd", "", 0, 100), new WordCounter()));
        Assert.Null(index.Scanner.Resolve("linked/Outside.cs", out var reason));
        Assert.Equal(SkipReason.Symlink, reason);
    }

    [Fact]
    public async Task A_folder_without_git_is_indexed_without_history()
    {
        using var folder = new TempDirectory();
        folder.Write("A.cs", "namespace N; public class Alpha { public int Beta() => 1; }\n");
        folder.Write(".gitignore", "ignored/\n");
        folder.Write("ignored/B.cs", "class Hidden { }\n");
        using var index = WorkspaceIndex.Open(folder.Path, databasePath: _cache.File("plain.db"));

        var summary = await index.UpdateAsync();

        Assert.Equal(2, summary.Counts.Files);
        Assert.Equal("not in a git repository", summary.HistoryProblem);
        Assert.Empty(index.Store.FindSymbols("Hidden"));
        Assert.Null(index.RecentChange("A.cs"));
    }

    [Fact]
    public async Task A_repository_with_missing_history_objects_is_indexed_and_says_what_is_missing()
    {
        // Lose the first commit's objects, as a damaged clone would: the walk stops there and says so.
        var objects = Path.Combine(_shop.Root, ".git", "objects");
        var first = RootCommitSha();
        File.Delete(Path.Combine(objects, first[..2], first[2..]));
        using var index = Open();

        var summary = await index.UpdateAsync();

        Assert.Equal(7, summary.Counts.Files);
        Assert.NotNull(summary.HistoryProblem);
        Assert.Contains("history read up to commit", summary.HistoryProblem);
        Assert.Single(index.Store.FindSymbols("AddLine"));
    }

    public void Dispose()
    {
        _shop.Dispose();
        _cache.Dispose();
    }

    private string RootCommitSha()
    {
        using var repository = new LibGit2Sharp.Repository(_shop.Root);
        return repository.Commits.Last().Sha;
    }

    private WorkspaceIndex Open(string? database = null) =>
        WorkspaceIndex.Open(_shop.Root, new IndexingOptions { MaxFileBytes = 100_000 }, database ?? _cache.File("index.db"));
}
