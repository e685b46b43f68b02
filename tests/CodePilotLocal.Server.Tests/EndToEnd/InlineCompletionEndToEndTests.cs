using System.Text.Json.Nodes;
using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Server.Tests.EndToEnd;

/// <summary>The real server process, real LSP over its stdio, a real GGUF through llama.cpp.</summary>
[Trait("Category", "Model")]
public sealed class InlineCompletionEndToEndTests
{
    private static object At(Uri uri, int line, int character) =>
        new { textDocument = new { uri = uri.AbsoluteUri }, position = new { line, character } };

    [Fact]
    public async Task Initialize_advertises_exactly_what_is_implemented()
    {
        await using var server = LspProcess.Start("--model", ServerModels.Fim);

        var result = (await server.InitializeAsync())["result"]!.AsObject();

        var capabilities = result["capabilities"]!.AsObject();
        Assert.Equal(
            ["codeActionProvider", "completionProvider", "executeCommandProvider", "inlineCompletionProvider", "positionEncoding", "textDocumentSync"],
            capabilities.Select(p => p.Key).Order().ToArray());
        Assert.True((bool)capabilities["codeActionProvider"]!["resolveProvider"]!);
        Assert.Equal(["codepilot.acceptedSuggestion", "codepilot.explain"], capabilities["executeCommandProvider"]!["commands"]!.AsArray().Select(c => (string)c!).ToArray());
        Assert.Equal(2, (int)capabilities["textDocumentSync"]!["change"]!);
        Assert.False((bool)capabilities["completionProvider"]!["resolveProvider"]!);
        Assert.Equal("codepilot", (string?)result["serverInfo"]!["name"]);
        // The VS Code extension warns when the server's version is not its own.
        var extension = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "editors", "vscode", "package.json")))!;
        Assert.Equal((string?)extension["version"], (string?)result["serverInfo"]!["version"]);
        Assert.Equal(0, await server.ShutdownAndExitAsync());
        Assert.Empty(server.ProtocolViolations);
    }

    [Fact]
    public async Task An_inline_completion_comes_from_the_model_at_the_cursor()
    {
        // Verbose: llama.cpp and our logs are at their loudest, and none of it may reach stdout. No
        // compile check: it would cut the random model's invented names, and this test is about the protocol.
        await using var session = await EditorSession.OpenAsync("Calculator.cs", TestDocuments.Calculator, "--verbose", "--semantic-guard", "false");
        var (server, uri, line, character) = (session.Server, session.Uri, session.Line, session.Character);

        var response = await server.RequestAsync("textDocument/inlineCompletion", new
        {
            textDocument = new { uri = uri.AbsoluteUri },
            position = new { line, character },
            context = new { triggerKind = 2 },
        });

        var item = Assert.Single(response["result"]!["items"]!.AsArray())!;
        var insert = (string)item["insertText"]!;
        Assert.False(string.IsNullOrWhiteSpace(insert));
        // Code follows the cursor on its line: single-line mode never returns a line break.
        Assert.DoesNotContain('\n', insert);
        Assert.Equal(line, (int)item["range"]!["start"]!["line"]!);
        Assert.Equal(character, (int)item["range"]!["start"]!["character"]!);
        Assert.Equal("codepilot.acceptedSuggestion", (string?)item["command"]!["command"]);
        Assert.Equal(0, await server.ShutdownAndExitAsync());
        Assert.Empty(server.ProtocolViolations);
        Assert.Contains("llama.cpp:", server.Stderr);
    }

    [Fact]
    public async Task Completion_fallback_returns_one_item_that_replaces_the_typed_word()
    {
        await using var session = await EditorSession.OpenAsync("A.cs", "class A\n{\n    void M()\n    {\n        var total = cou║\n    }\n}\n");
        var (server, character) = (session.Server, session.Character);

        var response = await server.RequestAsync("textDocument/completion", At(session.Uri, session.Line, character));

        var items = response["result"]!["items"]!.AsArray();
        if (items.Count == 1)
        {
            var edit = items[0]!["textEdit"]!;
            Assert.Equal(character - 3, (int)edit["range"]!["start"]!["character"]!);
            Assert.StartsWith("cou", (string)edit["newText"]!);
            Assert.StartsWith("cou", (string)items[0]!["filterText"]!);
        }
        else
        {
            Assert.Empty(items); // the random model may say nothing worth showing
        }

        Assert.Equal(0, await server.ShutdownAndExitAsync());
    }

    [Fact]
    public async Task Incremental_changes_are_applied_before_the_next_completion()
    {
        using var workspace = new TempDirectory();
        var uri = new Uri(workspace.Write("B.cs", "class B\n{\n}\n"));
        await using var server = LspProcess.Start("--model", ServerModels.Fim);
        await server.InitializeAsync(rootPath: workspace.Path);
        await server.OpenAsync(uri, "class B\n{\n}\n");

        // Insert two lines inside the braces, then rename B: line 3 exists only after the edits.
        await server.NotifyAsync("textDocument/didChange", new
        {
            textDocument = new { uri = uri.AbsoluteUri, version = 2 },
            contentChanges = new object[]
            {
                new { range = new { start = new { line = 2, character = 0 }, end = new { line = 2, character = 0 } }, text = "    int x;\n    int y = \n" },
                new { range = new { start = new { line = 0, character = 6 }, end = new { line = 0, character = 7 } }, text = "Better" },
            },
        });
        var response = await server.InlineCompletionAsync(uri, 3, 12);
        var pastEnd = await server.InlineCompletionAsync(uri, 9, 0);

        Assert.Null(response["error"]);
        Assert.NotNull(response["result"]!["items"]);
        Assert.Equal(-32602, (int)pastEnd["error"]!["code"]!);
        Assert.Contains("past the end", (string)pastEnd["error"]!["message"]!);
        Assert.Equal(0, await server.ShutdownAndExitAsync());
    }

    [Fact]
    public async Task A_cancelled_request_answers_request_cancelled_and_the_next_one_is_served()
    {
        await using var session = await EditorSession.OpenAsync("C.cs", "class C\n{\n    ║\n}\n", "--max-tokens", "4000", "--time-budget-ms", "60000");
        var server = session.Server;

        // Cancelled in the same write. The tiny model can answer within the moment StreamJsonRpc takes to
        // register the request, and LSP lets a server ignore the cancellation of a request it has
        // finished: so the answer is -32800 or, rarely, the finished result — never anything else.
        // (Cancellation mid-generation is asserted deterministically by the explain stream's test.)
        var cancelled = await await server.StartCancelledRequestAsync("textDocument/inlineCompletion", At(session.Uri, session.Line, session.Character));
        var next = await server.InlineCompletionAsync(session.Uri, session.Line, session.Character);

        Assert.True(cancelled["error"] is { } error ? (int)error["code"]! == -32800 : cancelled["result"] is not null, cancelled.ToJsonString());
        Assert.NotNull(next["result"]);
        Assert.Equal(0, await server.ShutdownAndExitAsync());
    }

    [Fact]
    public async Task A_newer_request_for_the_same_document_supersedes_the_running_one()
    {
        await using var session = await EditorSession.OpenAsync("D.cs", "class D\n{\n    ║\n}\n", "--max-tokens", "4000", "--time-budget-ms", "60000");
        var server = session.Server;

        var (_, first) = await server.StartRequestAsync("textDocument/inlineCompletion", At(session.Uri, session.Line, session.Character));
        await Task.Delay(300);
        var second = await server.InlineCompletionAsync(session.Uri, session.Line, session.Character);

        Assert.NotNull((await first)["result"]);
        Assert.NotNull(second["result"]);
        Assert.Equal(0, await server.ShutdownAndExitAsync());
    }

    [Fact]
    public async Task Accepting_a_suggestion_runs_its_command_and_the_next_suggestion_is_served()
    {
        await using var session = await EditorSession.OpenAsync("Calculator.cs", TestDocuments.Calculator);
        var (server, uri, line, character) = (session.Server, session.Uri, session.Line, session.Character);
        // A random model's text can be cut to nothing at one place (its prompt changes as the workspace
        // index fills): take the first place nearby where it suggests something.
        JsonNode? item = null;
        for (var attempt = 0; item is null && attempt < 8; attempt++, character++)
        {
            item = (await server.InlineCompletionAsync(uri, line, character))["result"]!["items"]!.AsArray().FirstOrDefault();
        }

        character--;
        Assert.NotNull(item);
        var inserted = (string)item["insertText"]!;

        // The editor inserts the text, then runs the item's command.
        await server.NotifyAsync("textDocument/didChange", new
        {
            textDocument = new { uri = uri.AbsoluteUri, version = 2 },
            contentChanges = new[] { new { range = new { start = new { line, character }, end = new { line, character } }, text = inserted } },
        });
        var executed = await server.RequestAsync("workspace/executeCommand", new
        {
            command = (string)item["command"]!["command"]!,
            arguments = item["command"]!["arguments"],
        });
        var next = await server.InlineCompletionAsync(uri, line, character + inserted.Length);
        var unknown = await server.RequestAsync("workspace/executeCommand", new { command = "codepilot.selfDestruct" });

        Assert.Null(executed["error"]);
        Assert.NotNull(next["result"]!["items"]);
        Assert.Equal(-32602, (int)unknown["error"]!["code"]!);
        Assert.Equal(0, await server.ShutdownAndExitAsync());
    }
}
