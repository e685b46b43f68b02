using System.Text.Json.Nodes;
using CodePilotLocal.Usage;
using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Server.Tests.EndToEnd;

/// <summary>Suggestion events from a client, through the real server process, into the usage database in its user cache.</summary>
[Trait("Category", "Model")]
public sealed class UsageEndToEndTests
{
    [Fact]
    public async Task Shown_accepted_and_dismissed_suggestions_become_rows_with_what_was_retained_after_an_edit()
    {
        using var workspace = new TempDirectory();
        using var cache = new TempDirectory();
        var (text, line, character) = TestDocuments.Parse(TestDocuments.Calculator);
        var uri = new Uri(workspace.Write("Calculator.cs", text));
        // The check runs this long after the accept: long enough that the edit below has reached the server first.
        await using var server = StartServer(cache, "--usage-retention-ms", "2000");
        await InitializeAsync(server, workspace, "test-editor");
        await server.OpenAsync(uri, text);

        var first = await SuggestionAsync(server, uri, line, character);
        var second = await SuggestionAsync(server, uri, line + 1, 4);
        Assert.NotEqual(first.Id, second.Id);

        // The first is shown and accepted: the client inserts it and runs its command, then deletes the second half of it.
        await Event(server, first.Id, "shown");
        await Change(server, uri, 2, line, character, line, character, first.Text);
        await server.RequestAsync("workspace/executeCommand", new
        {
            command = "codepilot.acceptedSuggestion",
            arguments = new[] { new { uri = uri.AbsoluteUri, position = new { line, character }, text = first.Text, id = first.Id } },
        });
        await Event(server, first.Id, "accepted");
        var half = first.Text.Length / 2;
        await Change(server, uri, 3, line, character + first.Text.Length - half, line, character + first.Text.Length, "");
        // The second is shown, then dismissed twice (a duplicate); an event for an unknown id and one of an unknown kind change nothing.
        await Event(server, second.Id, "shown");
        await Event(server, second.Id, "dismissed");
        await Event(server, second.Id, "dismissed");
        await Event(server, "no-such-suggestion", "accepted");
        await Event(server, first.Id, "exploded");
        var database = Path.Combine(cache.Path, "codepilot", "usage", "usage.db");
        for (var wait = 0; wait < 60 && !RetentionChecked(database, first.Id); wait++)
        {
            await Task.Delay(500);
        }

        var today = (await server.RequestAsync("codepilot/usage", new { }))["result"]!;
        Assert.Equal(2, (int)today["shown"]!);
        Assert.Equal(1, (int)today["accepted"]!);
        Assert.Equal(0.5, (double)today["acceptanceRate"]!);
        Assert.Equal(0, await server.ShutdownAndExitAsync());

        using var store = UsageStore.Open(database, DateTimeOffset.UtcNow);
        var rows = store.Since(DateTimeOffset.UtcNow.AddHours(-1)).ToDictionary(r => r.Id);
        Assert.Equal(2, rows.Count);
        var accepted = rows[first.Id];
        Assert.Equal(("test-editor", "csharp", first.Text.Length), (accepted.Client, accepted.Language, accepted.Characters));
        Assert.True(accepted.Shown && accepted.Accepted && accepted.AcceptedFully);
        Assert.Equal(first.Text.Length, accepted.AcceptedCharacters);
        Assert.Equal(first.Text.Length, accepted.CheckedCharacters);
        Assert.Equal(first.Text.Length - half, accepted.RetainedCharacters);
        Assert.Null(accepted.DismissedAt);
        var dismissed = rows[second.Id];
        Assert.True(dismissed.Shown && !dismissed.Accepted);
        Assert.NotNull(dismissed.DismissedAt);
        Assert.True(dismissed.LatencyMs > 0);
        Assert.Empty(server.ProtocolViolations);
    }

    [Fact]
    public async Task With_usageStats_off_nothing_is_written()
    {
        using var workspace = new TempDirectory();
        using var cache = new TempDirectory();
        var (text, line, character) = TestDocuments.Parse(TestDocuments.Calculator);
        var uri = new Uri(workspace.Write("Calculator.cs", text));
        await using var server = StartServer(cache);
        await InitializeAsync(server, workspace, "test-editor", usageStats: false);
        await server.OpenAsync(uri, text);

        var suggestion = await SuggestionAsync(server, uri, line, character);
        await Event(server, suggestion.Id, "shown");
        var today = (await server.RequestAsync("codepilot/usage", new { }))["result"]!;

        Assert.False((bool)today["enabled"]!);
        Assert.Equal(0, await server.ShutdownAndExitAsync());
        Assert.False(File.Exists(Path.Combine(cache.Path, "codepilot", "usage", "usage.db")));
    }

    [Fact]
    public async Task A_corrupt_usage_database_is_rebuilt_and_completions_are_unaffected()
    {
        using var workspace = new TempDirectory();
        using var cache = new TempDirectory();
        var database = Path.Combine(cache.Path, "codepilot", "usage", "usage.db");
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        await File.WriteAllTextAsync(database, new string('x', 10_000));
        var (text, line, character) = TestDocuments.Parse(TestDocuments.Calculator);
        var uri = new Uri(workspace.Write("Calculator.cs", text));
        await using var server = StartServer(cache);
        await InitializeAsync(server, workspace, "test-editor");
        await server.OpenAsync(uri, text);

        var suggestion = await SuggestionAsync(server, uri, line, character);
        await Event(server, suggestion.Id, "shown");
        var today = (await server.RequestAsync("codepilot/usage", new { }))["result"]!;

        Assert.Equal(1, (int)today["shown"]!);
        Assert.Equal(0, await server.ShutdownAndExitAsync());
        Assert.True(File.Exists(database + ".corrupt"));
        Assert.Contains("were unreadable", server.Stderr);
    }

    private static bool RetentionChecked(string database, string id)
    {
        using var store = UsageStore.Open(database, DateTimeOffset.UtcNow);
        return store.Find(id) is { CheckedCharacters: > 0 };
    }

    private static LspProcess StartServer(TempDirectory cache, params string[] arguments) =>
        LspProcess.Start(new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = cache.Path }, ["--model", ServerModels.Fim, "--semantic-guard", "false", .. arguments]);

    private static async Task InitializeAsync(LspProcess server, TempDirectory workspace, string client, bool usageStats = true)
    {
        await server.RequestAsync("initialize", new
        {
            processId = Environment.ProcessId,
            clientInfo = new { name = client, version = "1" },
            rootUri = new Uri(workspace.Path).AbsoluteUri,
            capabilities = new { },
            initializationOptions = new { usageStats },
        });
        await server.NotifyAsync("initialized", new { });
    }

    private static async Task<(string Id, string Text)> SuggestionAsync(LspProcess server, Uri uri, int line, int character)
    {
        var response = await server.RequestAsync("textDocument/inlineCompletion", new
        {
            textDocument = new { uri = uri.AbsoluteUri },
            position = new { line, character },
            context = new { triggerKind = 2 },
        });
        var item = Assert.Single(response["result"]!["items"]!.AsArray())!;
        var argument = item["command"]!["arguments"]![0]!;
        return ((string)argument["id"]!, (string)argument["text"]!);
    }

    private static Task Event(LspProcess server, string id, string kind) => server.NotifyAsync("codepilot/suggestionEvent", new { id, @event = kind });

    private static Task Change(LspProcess server, Uri uri, int version, int startLine, int startCharacter, int endLine, int endCharacter, string newText) =>
        server.NotifyAsync("textDocument/didChange", new
        {
            textDocument = new { uri = uri.AbsoluteUri, version },
            contentChanges = new[] { new { range = new { start = new { line = startLine, character = startCharacter }, end = new { line = endLine, character = endCharacter } }, text = newText } },
        });
}
