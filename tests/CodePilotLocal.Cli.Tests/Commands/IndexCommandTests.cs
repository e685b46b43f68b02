using System.Text.Json;
using CodePilotLocal.Indexing.Store;
using CodePilotLocal.Server.Benchmarking;
using CodePilotLocal.TestSupport;
using Microsoft.Data.Sqlite;

namespace CodePilotLocal.Cli.Tests.Commands;

public sealed class IndexCommandTests : IDisposable
{
    private readonly ShopWorkspace _shop = new();
    private readonly TempDirectory _cache = new();

    [Fact]
    public async Task Index_prints_what_it_holds_and_what_it_skipped()
    {
        var run = await Codepilot.RunAsync(_cache.Path, "index", _shop.Root, "--json", "--max-file-bytes", "100000");

        Assert.Equal(0, run.ExitCode);
        var json = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal(7, json.GetProperty("files").GetInt32());
        Assert.Equal(2, json.GetProperty("skipped").GetProperty("Secret").GetInt32());
        Assert.Equal(1, json.GetProperty("skipped").GetProperty("Symlink").GetInt32());
        Assert.True(json.GetProperty("symbols").GetInt32() >= 10);
        Assert.True(json.GetProperty("coChangePairs").GetInt32() >= 2);
        Assert.StartsWith(Path.Combine(_cache.Path, "codepilot", "index"), json.GetProperty("index").GetString());
    }

    [Fact]
    [Trait("Category", "Model")]
    public async Task Context_prints_the_exact_prompt_with_each_snippet_s_source()
    {
        var (line, column) = _shop.CursorPosition;
        var file = Path.Combine(_shop.Root, ShopWorkspace.OrderServicePath);

        var run = await Codepilot.RunAsync(_cache.Path, "context", file, "--line", (line + 1).ToString(), "--column", (column + 1).ToString(), "--model", TinyModels.Qwen, "--json");

        Assert.Equal(0, run.ExitCode);
        var json = JsonDocument.Parse(run.Stdout).RootElement;
        var result = json.GetProperty("result");
        var semantic = result.GetProperty("snippets").EnumerateArray().Single(s => s.GetProperty("reason").GetString() == "semantic");
        Assert.Equal(ShopWorkspace.InvoicePath, semantic.GetProperty("path").GetString());
        Assert.Equal("Shop.Billing.Invoice", semantic.GetProperty("label").GetString());
        Assert.True(semantic.GetProperty("tokens").GetInt32() > 0);
        var prompt = result.GetProperty("prompt").GetString()!;
        Assert.Contains("<|file_sep|>src/Billing/Invoice.cs\n", prompt);
        Assert.DoesNotContain(ShopWorkspace.PlantedToken, prompt);
        Assert.True(json.GetProperty("promptTokens").GetInt32() > result.GetProperty("contextTokens").GetInt32());
    }

    [Fact]
    public async Task Eval_without_a_model_reports_context_recall_side_by_side()
    {
        var run = await Codepilot.RunAsync(_cache.Path, "eval", _shop.Root, "--no-model", "--json", "-n", "10");

        Assert.Equal(0, run.ExitCode);
        var json = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.InRange(json.GetProperty("n").GetInt32(), 3, 10);
        Assert.True(json.GetProperty("context_recall").GetDouble() >= json.GetProperty("baseline_context_recall").GetDouble());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("exact_match").ValueKind);
        var again = await Codepilot.RunAsync(_cache.Path, "eval", _shop.Root, "--no-model", "--json", "-n", "10");
        Assert.Equal(
            json.GetProperty("samples").EnumerateArray().Select(s => s.GetProperty("expected").GetString()),
            JsonDocument.Parse(again.Stdout).RootElement.GetProperty("samples").EnumerateArray().Select(s => s.GetProperty("expected").GetString()));
    }

    [Fact]
    [Trait("Category", "Model")]
    public async Task Eval_with_a_model_compares_both_prompts()
    {
        var run = await Codepilot.RunAsync(_cache.Path, "eval", _shop.Root, "--json", "-n", "2", "--model", TinyModels.Qwen, "--max-tokens", "8", "--time-budget-ms", "2000");

        Assert.Equal(0, run.ExitCode);
        var json = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal(2, json.GetProperty("n").GetInt32());
        foreach (var key in new[] { "exact_match", "edit_similarity", "baseline_exact_match", "baseline_edit_similarity" })
        {
            Assert.InRange(json.GetProperty(key).GetDouble(), 0, 1);
        }

        Assert.Contains("random-weight", run.Stderr);
    }

    [Fact]
    public async Task An_index_killed_mid_write_is_sound_on_reopen_and_completes_on_the_next_run()
    {
        using var repository = new TempDirectory();
        SyntheticRepository.Create(repository.Path, targetLines: 40_000, commits: 5, seed: 3);
        var database = _cache.File("killed.db");

        using (var indexing = Codepilot.Start(_cache.Path, "index", repository.Path, "--db", database))
        {
            while (!indexing.HasExited && FilesIn(database) == 0)
            {
                await Task.Delay(5);
            }

            indexing.Kill(entireProcessTree: true);
            await indexing.WaitForExitAsync();
        }

        int partial;
        using (var reopened = IndexStore.Open(database))
        {
            Assert.Null(reopened.RebuiltBecause);
            partial = reopened.Counts().Files;
        }

        Assert.Equal(0, Orphans(database));
        var resumed = JsonDocument.Parse((await Codepilot.RunAsync(_cache.Path, "index", repository.Path, "--db", database, "--json")).Stdout).RootElement;
        var fresh = JsonDocument.Parse((await Codepilot.RunAsync(_cache.Path, "index", repository.Path, "--db", _cache.File("fresh.db"), "--json")).Stdout).RootElement;
        Assert.InRange(partial, 1, fresh.GetProperty("files").GetInt32() - 1); // killed after its first batch, before its last
        Assert.Equal(partial, resumed.GetProperty("unchanged").GetInt32()); // what was written survived and was not indexed again
        foreach (var key in new[] { "files", "chunks", "symbols" })
        {
            Assert.Equal(fresh.GetProperty(key).GetInt32(), resumed.GetProperty(key).GetInt32());
        }
    }

    public void Dispose()
    {
        _shop.Dispose();
        _cache.Dispose();
    }

    private static int FilesIn(string database) => Query(database, "SELECT count(*) FROM files");

    /// <summary>Indexed files without their chunks, or chunks without their file: what a half-written file would leave.</summary>
    private static int Orphans(string database) => Query(database,
        "SELECT (SELECT count(*) FROM files f WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.path = f.path)) + (SELECT count(*) FROM chunks c WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.path = c.path))");

    private static int Query(string database, string sql)
    {
        if (!File.Exists(database))
        {
            return 0;
        }

        try
        {
            using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt32(command.ExecuteScalar());
        }
        catch (SqliteException)
        {
            return 0; // not created yet
        }
    }
}
