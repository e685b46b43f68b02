using System.Text.RegularExpressions;
using CodePilotLocal.Server.Tests.EndToEnd;
using CodePilotLocal.TestSupport;
using Xunit.Abstractions;

namespace CodePilotLocal.Server.Tests.Reliability;

/// <summary>
/// kill -9 the server while it indexes (64-file SQLite transactions are written all along, so a kill lands
/// during or between index writes) several times in a row: each next start finds a sound index (no
/// rebuild), indexes only what is missing, and serves completions with repository context.
/// </summary>
[Trait("Category", "Reliability")]
public sealed partial class CrashRecoveryTests(ITestOutputHelper output)
{
    private const int Files = 4000;

    [Fact]
    public async Task Killed_while_indexing_the_next_start_keeps_what_was_written_and_indexes_only_the_rest()
    {
        using var workspace = new TempDirectory();
        for (var i = 0; i < Files; i++)
        {
            var folder = Path.Combine(workspace.Path, "src", $"m{i / 200:00}");
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(Path.Combine(folder, $"Part{i}.cs"),
                $"namespace M{i / 200};\n\n/// <summary>Part {i}.</summary>\npublic sealed class Part{i}\n{{\n" + string.Concat(Enumerable.Range(0, 20).Select(j => $"    public int Measure{j}(int x) => x * {j} + {i};\n")) + "}\n");
        }

        var kills = new List<string>();
        for (var kill = 0; kill < 3; kill++)
        {
            await using var server = LspProcess.Start("--model", TinyModels.Qwen);
            await server.InitializeAsync(null, workspace.Path, capabilities: new { window = new { workDoneProgress = true } });
            var create = await server.NextNotificationAsync("window/workDoneProgress/create");
            await server.RespondAsync(create["id"]!, null);
            var percentage = await ProgressPastAsync(server, 15 + (25 * kill));
            await server.KillAsync();
            kills.Add(percentage is { } p ? $"at {p} %" : "after it finished");
        }

        await using var restarted = LspProcess.Start("--model", TinyModels.Qwen);
        await restarted.InitializeAsync(null, workspace.Path);
        var indexed = await restarted.NextLogMessageAsync("Indexed");

        var match = IndexedPattern().Match(indexed);
        Assert.True(match.Success, indexed);
        Assert.Equal(Files, int.Parse(match.Groups[1].Value));
        var indexedAgain = int.Parse(match.Groups[2].Value);
        Assert.True(indexedAgain < Files, $"everything was indexed again: {indexed}");
        Assert.DoesNotContain("rebuilt", indexed);
        var uri = new Uri(Path.Combine(workspace.Path, "src", "m00", "Part0.cs"));
        var text = await File.ReadAllTextAsync(uri.LocalPath);
        await restarted.OpenAsync(uri, text);
        var context = await restarted.RequestAsync("codepilot/context", new { textDocument = new { uri = uri.AbsoluteUri }, position = new { line = 5, character = 4 } });
        Assert.NotEmpty(context["result"]!["snippets"]!.AsArray());
        Assert.Equal(0, await restarted.ShutdownAndExitAsync());
        output.WriteLine($"{kills.Count} kills survived ({string.Join(", ", kills)}); the next start: {indexed}");
    }

    /// <summary>Waits for an indexing progress report at or past a percentage; null when indexing ended first.</summary>
    private static async Task<int?> ProgressPastAsync(LspProcess server, int percentage)
    {
        while (true)
        {
            var value = (await server.NextNotificationAsync("$/progress"))["params"]!["value"]!;
            if ((string?)value["kind"] == "end")
            {
                return null;
            }

            if ((string?)value["message"] == "Indexing files" && (int?)value["percentage"] is { } p && p >= percentage)
            {
                return p;
            }
        }
    }

    [GeneratedRegex(@"^Indexed (\d+) files \((\d+) new or changed\)")]
    private static partial Regex IndexedPattern();
}
