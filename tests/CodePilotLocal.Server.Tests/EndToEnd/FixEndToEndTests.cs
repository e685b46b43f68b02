using System.Text.Json.Nodes;
using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Server.Tests.EndToEnd;

/// <summary>
/// "Fix with CodePilot" over real LSP: offered for a planted Roslyn error, resolved by a real model whose
/// every candidate is compile-checked. The tiny model writes noise, so no candidate passes: the action
/// must come back without an edit, saying so (the checker's acceptance of good candidates is tested on
/// hand-written ones in CompileCheckTests).
/// </summary>
[Trait("Category", "Model")]
public sealed class FixEndToEndTests : IDisposable
{
    private readonly ShopWorkspace _shop = new();

    [Fact]
    public async Task A_planted_error_gets_a_code_action_that_returns_no_unchecked_edit()
    {
        await using var server = await StartAsync();
        var uri = new Uri(Path.Combine(_shop.Root, ShopWorkspace.OrderServicePath));
        var broken = _shop.OrderServiceText.Replace("invoice.\n        return", "return", StringComparison.Ordinal).Replace("new Invoice()", "new Invoce()", StringComparison.Ordinal);
        await server.OpenAsync(uri, broken);

        var actions = (await server.RequestAsync("textDocument/codeAction", new { textDocument = new { uri = uri.AbsoluteUri }, range = Range(8, 0, 8, 10), context = new { diagnostics = Array.Empty<object>() } }))["result"]!.AsArray();
        var none = (await server.RequestAsync("textDocument/codeAction", new { textDocument = new { uri = uri.AbsoluteUri }, range = Range(0, 0, 2, 0), context = new { diagnostics = Array.Empty<object>() } }))["result"]!.AsArray();

        var action = Assert.Single(actions)!.AsObject();
        Assert.Empty(none);
        Assert.Equal("Fix with CodePilot", (string)action["title"]!);
        Assert.Equal("CS0246", (string)action["diagnostics"]![0]!["code"]!);
        Assert.Null(action["edit"]);

        var resolved = (await server.RequestAsync("codeAction/resolve", action))["result"]!;

        Assert.Null(resolved["edit"]);
        Assert.Contains("No candidate passed the compile check (3 tried)", (string)resolved["disabled"]!["reason"]!);
        Assert.Contains("No candidate passed", (string)(await server.NextNotificationAsync("window/showMessage"))["params"]!["message"]!);
    }

    [Fact]
    public async Task Fix_refuses_what_it_cannot_check_and_says_when_there_is_nothing_to_fix()
    {
        await using var server = await StartAsync();
        var readme = new Uri(Path.Combine(_shop.Root, "README.md"));
        var order = new Uri(Path.Combine(_shop.Root, ShopWorkspace.OrderServicePath));
        var clean = _shop.OrderServiceText.Replace("invoice.\n        return", "return", StringComparison.Ordinal);
        await server.OpenAsync(readme, "# Shop\nA tiny shop used by the tests.\n", "markdown");
        await server.OpenAsync(order, clean);

        var notCSharp = await server.RequestAsync("codepilot/fix", new { textDocument = new { uri = readme.AbsoluteUri }, range = Range(0, 0, 1, 0) });
        var nothing = await server.RequestAsync("codepilot/fix", new { textDocument = new { uri = order.AbsoluteUri }, range = Range(6, 0, 9, 0) });
        var outside = await server.RequestAsync("codepilot/fix", new { textDocument = new { uri = order.AbsoluteUri }, range = Range(6, 0, 900, 0) });
        var stale = await server.RequestAsync("codeAction/resolve", new
        {
            title = "Fix with CodePilot",
            data = new { uri = order.AbsoluteUri, version = 7, range = Range(8, 0, 8, 0) },
        });

        Assert.Equal(-32602, (int)notCSharp["error"]!["code"]!);
        Assert.Contains("C# files", (string)notCSharp["error"]!["message"]!);
        Assert.Null(nothing["result"]!["edit"]);
        Assert.Contains("no errors", (string)nothing["result"]!["message"]!);
        Assert.Equal(-32602, (int)outside["error"]!["code"]!);
        Assert.Equal(-32602, (int)stale["error"]!["code"]!);
        Assert.Contains("changed", (string)stale["error"]!["message"]!);
    }

    public void Dispose() => _shop.Dispose();

    private async Task<LspProcess> StartAsync()
    {
        var server = LspProcess.Start("--model", TinyModels.Qwen);
        await server.InitializeAsync(new { explainMaxTokens = 24 }, rootPath: _shop.Root);
        await server.NextLogMessageAsync("Indexed");

        return server;
    }

    private static object Range(int startLine, int startCharacter, int endLine, int endCharacter) =>
        new { start = new { line = startLine, character = startCharacter }, end = new { line = endLine, character = endCharacter } };
}
