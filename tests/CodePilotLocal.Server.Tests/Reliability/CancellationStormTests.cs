using System.Text.Json.Nodes;
using CodePilotLocal.Server.Tests.EndToEnd;
using CodePilotLocal.TestSupport;
using Xunit.Abstractions;

namespace CodePilotLocal.Server.Tests.Reliability;

/// <summary>
/// Hundreds of concurrent inline completions on a few documents, a third of them cancelled at a random
/// moment, with edits arriving in between, against the real server and a real model: every request gets
/// exactly one answer (a result, or -32800 for a cancelled one), nothing deadlocks, and a second storm
/// leaves memory where the first left it (no leaked contexts, sequences or requests).
/// </summary>
[Trait("Category", "Reliability")]
public sealed class CancellationStormTests(ITestOutputHelper output)
{
    private const string Document = TestDocuments.Adder;

    [Fact]
    public async Task A_storm_of_requests_cancellations_and_edits_gets_exactly_one_answer_each_and_leaks_nothing()
    {
        var requests = int.TryParse(Environment.GetEnvironmentVariable("CODEPILOT_STORM_REQUESTS"), out var n) ? n : 300;
        using var workspace = new TempDirectory();
        await using var server = LspProcess.Start("--model", TinyModels.Qwen, "--max-tokens", "16", "--time-budget-ms", "500");
        await server.InitializeAsync(null, workspace.Path);
        var documents = Enumerable.Range(0, 3).Select(i => new Uri(workspace.Write($"Doc{i}.cs", Document))).ToArray();
        foreach (var document in documents)
        {
            await server.OpenAsync(document, Document);
        }

        var versions = new int[documents.Length];
        var random = new Random(7);
        async Task<(int Results, int Cancelled)> StormAsync()
        {
            var pending = new List<Task<JsonObject>>();
            for (var i = 0; i < requests; i++)
            {
                var which = random.Next(documents.Length);
                var parameters = new { textDocument = new { uri = documents[which].AbsoluteUri }, position = new { line = 4, character = 15 + random.Next(3) } };
                if (random.Next(3) == 0)
                {
                    pending.Add(await server.StartCancelledRequestAsync("textDocument/inlineCompletion", parameters));
                }
                else
                {
                    var (id, response) = await server.StartRequestAsync("textDocument/inlineCompletion", parameters);
                    pending.Add(response);
                    if (random.Next(4) == 0)
                    {
                        _ = CancelLaterAsync(server, id, random.Next(1, 40));
                    }
                }

                if (random.Next(3) == 0)
                {
                    // An edit at the end of line 2: the document moves on, positions stay valid.
                    await server.NotifyAsync("textDocument/didChange", new
                    {
                        textDocument = new { uri = documents[which].AbsoluteUri, version = ++versions[which] + 1 },
                        contentChanges = new[] { new { range = new { start = new { line = 2, character = 25 }, end = new { line = 2, character = 25 } }, text = " " } },
                    });
                }

                if (random.Next(5) == 0)
                {
                    await Task.Delay(random.Next(1, 10));
                }
            }

            var answers = await Task.WhenAll(pending); // each waits at most 60 s: a deadlock fails here
            foreach (var answer in answers)
            {
                Assert.True(answer["result"]?["items"] is JsonArray || (int?)answer["error"]?["code"] == -32800, answer.ToJsonString());
            }

            return (answers.Count(a => a["result"] is not null), answers.Count(a => a["error"] is not null));
        }

        await StormAsync(); // warms every code path up: the memory after it is the baseline
        var baseline = server.ResidentMegabytes();
        var (results, cancelled) = await StormAsync();
        await Task.Delay(500);
        var after = server.ResidentMegabytes();

        Assert.Empty(server.DrainUnmatchedResponses()); // no request was answered twice
        var completion = await server.InlineCompletionAsync(documents[0], 4, 15);
        Assert.True(completion["result"]?["items"] is JsonArray, completion.ToJsonString());
        Assert.True(after - baseline < 64, $"resident memory grew from {baseline:0} MB to {after:0} MB over a storm of {requests} requests");
        Assert.Equal(0, await server.ShutdownAndExitAsync());
        Assert.Empty(server.ProtocolViolations);
        output.WriteLine($"{2 * requests} requests stormed in two storms; second storm: {results} answered, {cancelled} cancelled (-32800), 0 unanswered, 0 answered twice; resident memory {baseline:0} MB after the first storm, {after:0} MB after the second.");
    }

    private static async Task CancelLaterAsync(LspProcess server, long id, int milliseconds)
    {
        await Task.Delay(milliseconds);
        await server.NotifyAsync("$/cancelRequest", new { id });
    }
}
