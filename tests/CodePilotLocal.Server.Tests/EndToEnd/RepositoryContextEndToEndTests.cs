using System.Text.Json.Nodes;
using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Server.Tests.EndToEnd;

/// <summary>The real server indexes a real git repository, reports progress, and gives completions the declarations they need.</summary>
[Trait("Category", "Model")]
public sealed class RepositoryContextEndToEndTests : IDisposable
{
    private readonly ShopWorkspace _shop = new();

    [Fact]
    public async Task Indexing_reports_progress_and_the_prompt_holds_the_declaration_from_another_file()
    {
        await using var server = LspProcess.Start("--model", TinyModels.Qwen);
        await server.InitializeAsync(rootPath: _shop.Root, capabilities: new { window = new { workDoneProgress = true } });

        var create = await server.NextNotificationAsync("window/workDoneProgress/create");
        var token = (string)create["params"]!["token"]!;
        await server.RespondAsync(create["id"]!, null);
        var end = await NextProgressAsync(server, token, "end");
        Assert.Contains("Indexed 7 files", (string)end["message"]!);

        var uri = new Uri(Path.Combine(_shop.Root, ShopWorkspace.OrderServicePath));
        await server.OpenAsync(uri, _shop.OrderServiceText);
        var (line, character) = _shop.CursorPosition;
        var result = (await server.RequestAsync("codepilot/context", Position(uri, line, character)))["result"]!;

        var prompt = (string)result["prompt"]!;
        Assert.Contains(result["snippets"]!.AsArray(), s => (string)s!["reason"]! == "semantic" && (string)s["path"]! == ShopWorkspace.InvoicePath && (int)s["tokens"]! > 0);
        Assert.Contains(result["snippets"]!.AsArray(), s => (string)s!["reason"]! == "diff");
        Assert.Contains("<|file_sep|>" + ShopWorkspace.InvoicePath + "\n", prompt);
        Assert.Contains("public void AddLine(string sku, int quantity, decimal unitPrice);", prompt);
        Assert.DoesNotContain(ShopWorkspace.PlantedToken, prompt);
        Assert.DoesNotContain(ShopWorkspace.EnvSecret, prompt);

        var completion = await server.InlineCompletionAsync(uri, line, character);
        Assert.Null(completion["error"]);
    }

    [Fact]
    public async Task A_document_outside_the_workspace_gets_completions_but_no_repository_context()
    {
        await using var server = LspProcess.Start("--model", TinyModels.Qwen);
        await server.InitializeAsync(rootPath: _shop.Root);
        var outside = new Uri(Path.Combine(_shop.OutsideFolder, "Outside.cs"));
        await server.OpenAsync(outside, "namespace Outside;\nclass Elsewhere { void M() { } }\n");

        var refused = await server.RequestAsync("codepilot/context", Position(outside, 1, 28));
        var completion = await server.InlineCompletionAsync(outside, 1, 28);

        Assert.Equal(-32602, (int)refused["error"]!["code"]!);
        Assert.Contains("outside the workspace", (string)refused["error"]!["message"]!);
        Assert.Null(completion["error"]);
    }

    [Fact]
    public async Task With_contextScope_file_every_place_in_the_file_starts_with_the_same_context()
    {
        await using var server = LspProcess.Start("--model", TinyModels.Qwen);
        await server.InitializeAsync(new { contextScope = "file" }, _shop.Root);
        await server.NextLogMessageAsync("Indexed 7 files");
        var uri = new Uri(Path.Combine(_shop.Root, ShopWorkspace.OrderServicePath));
        await server.OpenAsync(uri, _shop.OrderServiceText);
        var (line, character) = _shop.CursorPosition;

        var atCursor = (await server.RequestAsync("codepilot/context", Position(uri, line, character)))["result"]!["snippets"]!.AsArray();
        var atTop = (await server.RequestAsync("codepilot/context", Position(uri, 0, 0)))["result"]!["snippets"]!.AsArray();

        static string Key(JsonNode? s) => $"{s!["path"]}:{s["startLine"]}:{s["reason"]}";
        var shared = atCursor.Select(Key).Zip(atTop.Select(Key)).TakeWhile(p => p.First == p.Second).Count();
        Assert.Contains(atCursor.Take(shared), s => (string)s!["reason"]! == "semantic" && (string)s["path"]! == ShopWorkspace.InvoicePath);
        Assert.Equal(0, await server.ShutdownAndExitAsync());
    }

    [Fact]
    public async Task Files_changed_on_disk_or_saved_are_indexed_again()
    {
        await using var server = LspProcess.Start("--model", TinyModels.Qwen, "--verbose");
        Stderr = () => server.Stderr;
        await server.InitializeAsync(rootPath: _shop.Root);
        await server.NextLogMessageAsync("Indexed 7 files");

        var uri = new Uri(Path.Combine(_shop.Root, ShopWorkspace.OrderServicePath));
        const string typed = "ToString();\n        var coupon = new Coupon();\n        coupon.";
        var text = _shop.OrderServiceText.Insert(_shop.CursorOffset, typed);
        await server.OpenAsync(uri, text);
        var coupon = _shop.Git.Write("src/Billing/Coupon.cs", "namespace Shop.Billing;\n\npublic sealed class Coupon\n{\n    public decimal Redeem(Invoice invoice) => 0m;\n}\n");

        await server.NotifyAsync("workspace/didChangeWatchedFiles", new { changes = new[] { new { uri = new Uri(coupon).AbsoluteUri, type = 1 } } });
        var (line, _) = _shop.CursorPosition;
        var position = Position(uri, line + 2, "        coupon.".Length);
        await Eventually(async () => (string)(await server.RequestAsync("codepilot/context", position))["result"]!["prompt"]!, p => p.Contains("public decimal Redeem(Invoice invoice);"));

        File.WriteAllText(coupon, "namespace Shop.Billing;\n\npublic sealed class Coupon\n{\n    public decimal RedeemTwice(Invoice invoice) => 0m;\n}\n");
        await server.OpenAsync(new Uri(coupon), File.ReadAllText(coupon));
        await server.NotifyAsync("textDocument/didSave", new { textDocument = new { uri = new Uri(coupon).AbsoluteUri } });
        await Eventually(async () => (string)(await server.RequestAsync("codepilot/context", position))["result"]!["prompt"]!, p => p.Contains("RedeemTwice"));
    }

    public void Dispose() => _shop.Dispose();

    private static object Position(Uri uri, int line, int character) => new { textDocument = new { uri = uri.AbsoluteUri }, position = new { line, character } };

    private static async Task<JsonObject> NextProgressAsync(LspProcess server, string token, string kind)
    {
        while (true)
        {
            var progress = await server.NextNotificationAsync("$/progress");
            if ((string)progress["params"]!["token"]! == token && (string)progress["params"]!["value"]!["kind"]! == kind)
            {
                return progress["params"]!["value"]!.AsObject();
            }
        }
    }

    private static Func<string>? Stderr;

    private static async Task Eventually(Func<Task<string>> read, Func<string, bool> condition)
    {
        var last = "";
        for (var attempt = 0; attempt < 100; attempt++)
        {
            last = await read();
            if (condition(last))
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The condition never held; last value:\n" + last + "\n" + Stderr?.Invoke());
    }
}
