using System.Text.Json.Nodes;
using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Server.Tests.EndToEnd;

/// <summary>codepilot/explain over real LSP with a real (tiny, random, ChatML-templated) model: the stream, its end, its cancellation.</summary>
[Trait("Category", "Model")]
public sealed class ExplainEndToEndTests : IDisposable
{
    private readonly ShopWorkspace _shop = new();

    [Fact]
    public async Task The_explanation_streams_in_order_on_the_client_s_token_and_ends_with_the_whole_text()
    {
        await using var server = await StartAsync(explainMaxTokens: 40);
        var uri = await OpenOrderServiceAsync(server);

        var response = await server.RequestAsync("codepilot/explain", Explain(uri, "explain-1"));

        Assert.Null(response["error"]);
        var markdown = (string)response["result"]!["markdown"]!;
        Assert.Contains("NOT a trained model", (string)response["result"]!["model"]!);
        var values = await ProgressAsync(server, "explain-1");
        Assert.Equal("begin", values[0]["kind"]!.GetValue<string>());
        Assert.Equal("end", values[^1]["kind"]!.GetValue<string>());
        Assert.Equal("done", values[^1]["message"]!.GetValue<string>());
        var reports = values.Where(v => v["kind"]!.GetValue<string>() == "report").Select(v => v["message"]!.GetValue<string>()).ToList();
        Assert.NotEmpty(reports);
        for (var i = 1; i < reports.Count; i++)
        {
            Assert.StartsWith(reports[i - 1].TrimEnd(), reports[i]); // each report extends the one before
        }

        Assert.Equal(markdown, reports[^1].Trim());
    }

    [Fact]
    public async Task A_cancelled_explanation_stops_mid_stream_and_the_server_keeps_serving()
    {
        await using var server = await StartAsync(explainMaxTokens: 8192);
        var uri = await OpenOrderServiceAsync(server);

        var (id, response) = await server.StartRequestAsync("codepilot/explain", Explain(uri, "explain-2"));
        await NextProgressAsync(server, "explain-2", "report");
        await server.NotifyAsync("$/cancelRequest", new { id });

        Assert.Equal(-32800, (int)(await response)["error"]!["code"]!);
        Assert.Equal("cancelled", (string)(await NextProgressAsync(server, "explain-2", "end"))["message"]!);
        var (line, character) = _shop.CursorPosition;
        Assert.Null((await server.InlineCompletionAsync(uri, line, character))["error"]);
    }

    [Fact]
    public async Task Bad_ranges_and_a_model_without_a_chat_template_get_clear_errors()
    {
        await using var server = await StartAsync(explainMaxTokens: 8);
        var uri = await OpenOrderServiceAsync(server);

        var empty = await server.RequestAsync("codepilot/explain", new { textDocument = new { uri = uri.AbsoluteUri }, range = Range(3, 0, 3, 0) });
        var outside = await server.RequestAsync("codepilot/explain", new { textDocument = new { uri = uri.AbsoluteUri }, range = Range(0, 0, 400, 0) });

        Assert.Equal(-32602, (int)empty["error"]!["code"]!);
        Assert.Contains("empty", (string)empty["error"]!["message"]!);
        Assert.Equal(-32602, (int)outside["error"]!["code"]!);
    }

    [SkippableFact]
    public async Task A_completion_model_without_a_chat_template_is_told_to_set_explainModel()
    {
        Skip.IfNot(TestPaths.HasSharedModel("synthetic-random-fim-starcoder-vocab.gguf"), "no FIM-only model in ../shared/models");
        await using var server = LspProcess.Start("--model", TestPaths.SharedModel("synthetic-random-fim-starcoder-vocab.gguf"));
        await server.InitializeAsync(rootPath: _shop.Root);
        var uri = await OpenOrderServiceAsync(server);

        var refused = await server.RequestAsync("codepilot/explain", Explain(uri, null));

        Assert.Equal(-32803, (int)refused["error"]!["code"]!);
        Assert.Contains("explainModel", (string)refused["error"]!["message"]!);
    }

    public void Dispose() => _shop.Dispose();

    private async Task<LspProcess> StartAsync(int explainMaxTokens)
    {
        var server = LspProcess.Start("--model", TinyModels.Qwen);
        await server.InitializeAsync(new { explainMaxTokens }, rootPath: _shop.Root);
        return server;
    }

    private async Task<Uri> OpenOrderServiceAsync(LspProcess server)
    {
        var uri = new Uri(Path.Combine(_shop.Root, ShopWorkspace.OrderServicePath));
        await server.OpenAsync(uri, _shop.OrderServiceText);
        return uri;
    }

    private static object Range(int startLine, int startCharacter, int endLine, int endCharacter) =>
        new { start = new { line = startLine, character = startCharacter }, end = new { line = endLine, character = endCharacter } };

    private static object Explain(Uri uri, string? token) => token is null
        ? new { textDocument = new { uri = uri.AbsoluteUri }, range = Range(6, 0, 11, 0) }
        : new { textDocument = new { uri = uri.AbsoluteUri }, range = Range(6, 0, 11, 0), workDoneToken = token };

    private static async Task<List<JsonObject>> ProgressAsync(LspProcess server, string token)
    {
        var values = new List<JsonObject>();
        do
        {
            values.Add(await NextProgressAsync(server, token, null));
        }
        while (values[^1]["kind"]!.GetValue<string>() != "end");

        return values;
    }

    private static async Task<JsonObject> NextProgressAsync(LspProcess server, string token, string? kind)
    {
        while (true)
        {
            var progress = await server.NextNotificationAsync("$/progress");
            var value = progress["params"]!["value"]!.AsObject();
            if ((string?)progress["params"]!["token"] == token && (kind is null || (string)value["kind"]! == kind))
            {
                return value;
            }
        }
    }
}
