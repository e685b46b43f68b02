using System.Text.Json.Nodes;
using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Server.Tests.EndToEnd;

/// <summary>
/// codepilot/nextEdit through the real server process with generated models of each format's vocabulary. Their
/// text is noise, so these assert the mechanics: the format chosen, an answer every time (edits inside the
/// document, or none with the reason), next edits off without a model, bad positions refused.
/// </summary>
[Trait("Category", "Model")]
public sealed class NextEditEndToEndTests
{
    private const string Text = "class Shop\n{\n    public Shop(int count)\n    {\n        Count = count;\n    }\n\n    public int Count { get; }\n}\n";

    [Theory]
    [InlineData("sweep")]
    [InlineData("zeta")]
    public async Task A_next_edit_request_after_an_edit_answers_edits_inside_the_document_or_why_there_are_none(string format)
    {
        using var workspace = new TempDirectory();
        var uri = new Uri(workspace.Write("Shop.cs", Text));
        await using var server = LspProcess.Start("--model", TinyModels.Qwen, "--next-edit-model", format == "zeta" ? TinyModels.Zeta : TinyModels.Qwen);
        await server.InitializeAsync(rootPath: workspace.Path);
        await server.OpenAsync(uri, Text);
        await server.NotifyAsync("textDocument/didChange", Rename(uri, 2, 2, 20, 25));

        for (var line = 2; line <= 4; line++)
        {
            var result = (await server.RequestAsync("codepilot/nextEdit", new { textDocument = new { uri = uri.AbsoluteUri }, position = new { line, character = 8 } }))["result"]!;

            Assert.Equal(format, (string?)result["format"]);
            Assert.Contains("NOT a trained model", (string?)result["model"]);
            var edits = result["edits"]!.AsArray();
            if (edits.Count == 0)
            {
                Assert.False(string.IsNullOrEmpty((string?)result["reason"]));
            }

            Assert.All(edits, e => Assert.InRange((int)e!["range"]!["end"]!["line"]!, 0, 9));
        }

        Assert.Equal(0, await server.ShutdownAndExitAsync());
        Assert.Empty(server.ProtocolViolations);
    }

    /// <summary>
    /// A team's server (the stand-in, for the one thing that cannot run here: a trained next-edit model's text) answers
    /// the window with the rename carried to its use: the server turns that into one edit of one word, which compiles.
    /// </summary>
    [Fact]
    public async Task A_team_server_s_answer_becomes_the_smallest_edit_in_lsp_ranges()
    {
        await using var standIn = new InferenceServerStandIn { ModelId = "sweep-next-edit-1.5b", Pieces = RenameCarriedToItsUse };
        using var workspace = new TempDirectory();
        var uri = new Uri(workspace.Write("Shop.cs", Text));
        await using var server = await RenamedAgainstAsync(standIn, workspace, uri);

        var result = (await server.RequestAsync("codepilot/nextEdit", new { textDocument = new { uri = uri.AbsoluteUri }, position = new { line = 4, character = 8 } }))["result"]!;

        Assert.Equal("sweep", (string?)result["format"]);
        Assert.Null((string?)result["reason"]);
        var edit = Assert.Single(result["edits"]!.AsArray())!;
        Assert.Equal((4, 16, 4, 21, "amount"), ((int)edit["range"]!["start"]!["line"]!, (int)edit["range"]!["start"]!["character"]!,
            (int)edit["range"]!["end"]!["line"]!, (int)edit["range"]!["end"]!["character"]!, (string)edit["newText"]!));
        var prompt = (string)standIn.CompletionRequests.Last().Body!["prompt"]!;
        Assert.Contains("<|file_sep|>Shop.cs.diff\noriginal:\n    public Shop(int count)\nupdated:\n    public Shop(int amount)\n", prompt);
        Assert.EndsWith("<|file_sep|>updated/Shop.cs:1:10\nclass Shop\n{\n    public Shop(int amount)\n    {\n", prompt);
        Assert.Equal(0, await server.ShutdownAndExitAsync());
    }

    /// <summary>
    /// A client that knows only the standard gets the next edit on the cursor's line as an inlineCompletion item whose range
    /// holds the cursor, where the completion model had nothing to add; with nextEditInline off (as our own editors set it), nothing.
    /// </summary>
    [Fact]
    public async Task For_clients_of_the_standard_the_next_edit_on_the_cursor_s_line_answers_an_empty_inline_completion()
    {
        await using var standIn = new InferenceServerStandIn
        {
            ModelId = "sweep-next-edit-1.5b",
            PiecesFor = body => ((string?)body?["prompt"])?.Contains("<|file_sep|>updated/Shop.cs", StringComparison.Ordinal) == true ? RenameCarriedToItsUse : [""],
        };
        using var workspace = new TempDirectory();
        var uri = new Uri(workspace.Write("Shop.cs", Text));
        await using var server = await RenamedAgainstAsync(standIn, workspace, uri);
        var at = new { textDocument = new { uri = uri.AbsoluteUri }, position = new { line = 4, character = 8 }, context = new { triggerKind = 2 } };

        var items = (await server.RequestAsync("textDocument/inlineCompletion", at))["result"]!["items"]!.AsArray();
        await server.NotifyAsync("workspace/didChangeConfiguration", new { settings = new { codepilot = new { nextEditModelName = "sweep-next-edit-1.5b", nextEditInline = false } } });
        var off = (await server.RequestAsync("textDocument/inlineCompletion", at))["result"]!["items"]!.AsArray();

        var item = Assert.Single(items)!;
        Assert.Equal((4, 8, 4, 21, "Count = amount"), ((int)item["range"]!["start"]!["line"]!, (int)item["range"]!["start"]!["character"]!,
            (int)item["range"]!["end"]!["line"]!, (int)item["range"]!["end"]!["character"]!, (string)item["insertText"]!));
        Assert.Empty(off);
        Assert.Equal(0, await server.ShutdownAndExitAsync());
        Assert.Empty(server.ProtocolViolations);
    }

    [Fact]
    public async Task An_answer_for_a_document_the_user_changed_meanwhile_is_dropped()
    {
        await using var standIn = new InferenceServerStandIn { ModelId = "sweep-next-edit-1.5b", Pieces = RenameCarriedToItsUse, Delay = TimeSpan.FromSeconds(1) };
        using var workspace = new TempDirectory();
        var uri = new Uri(workspace.Write("Shop.cs", Text));
        await using var server = await RenamedAgainstAsync(standIn, workspace, uri);

        var (_, pending) = await server.StartRequestAsync("codepilot/nextEdit", new { textDocument = new { uri = uri.AbsoluteUri }, position = new { line = 4, character = 8 } });
        await Task.Delay(300);
        await server.NotifyAsync("textDocument/didChange", Rename(uri, 3, 4, 16, 21));
        var result = (await pending)["result"]!;

        Assert.Empty(result["edits"]!.AsArray());
        Assert.Contains("document changed", (string?)result["reason"]);
        Assert.Single(standIn.CompletionRequests);
        Assert.Equal(0, await server.ShutdownAndExitAsync());
    }

    [Fact]
    public async Task Without_a_next_edit_model_or_with_nextEdit_off_the_answer_says_so_and_bad_positions_are_refused()
    {
        using var workspace = new TempDirectory();
        var uri = new Uri(workspace.Write("Shop.cs", Text));
        await using var server = LspProcess.Start("--model", TinyModels.Qwen);
        await server.InitializeAsync(rootPath: workspace.Path);
        await server.OpenAsync(uri, Text);
        JsonNode At(int line) => new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri.AbsoluteUri }, ["position"] = new JsonObject { ["line"] = line, ["character"] = 0 } };

        var none = (await server.RequestAsync("codepilot/nextEdit", At(2)))["result"]!;
        await server.NotifyAsync("workspace/didChangeConfiguration", new { settings = new { codepilot = new { nextEditModel = TinyModels.Qwen, nextEdit = false } } });
        var off = (await server.RequestAsync("codepilot/nextEdit", At(2)))["result"]!;
        var outside = await server.RequestAsync("codepilot/nextEdit", At(99));

        Assert.Contains("next edits are off", (string?)none["reason"]);
        Assert.Empty(none["edits"]!.AsArray());
        Assert.Contains("next edits are off", (string?)off["reason"]);
        Assert.Equal(-32602, (int)outside["error"]!["code"]!);
        Assert.Equal(0, await server.ShutdownAndExitAsync());
    }

    /// <summary>What a trained model would answer after the rename of line 3: the window with the rename carried to its use.</summary>
    private static readonly string[] RenameCarriedToItsUse = ["        Count = amount;\n", "    }\n\n    public int Count { get; }\n}\n\n"];

    /// <summary>The server on a team's server (the stand-in) with its next-edit model, Shop.cs open and its parameter renamed.</summary>
    private static async Task<LspProcess> RenamedAgainstAsync(InferenceServerStandIn standIn, TempDirectory workspace, Uri uri)
    {
        var server = LspProcess.Start("--backend", "llama-server", "--endpoint", standIn.Endpoint.ToString());
        await server.InitializeAsync(new { nextEditModelName = "sweep-next-edit-1.5b" }, workspace.Path);
        await server.OpenAsync(uri, Text);
        await server.NotifyAsync("textDocument/didChange", Rename(uri, 2, 2, 20, 25));
        return server;
    }

    private static object Rename(Uri uri, int version, int line, int from, int to) => new
    {
        textDocument = new { uri = uri.AbsoluteUri, version },
        contentChanges = new[] { new { range = new { start = new { line, character = from }, end = new { line, character = to } }, text = "amount" } },
    };
}
