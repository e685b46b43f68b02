using System.Text.Json;
using CodePilotLocal.Core.Usage;
using CodePilotLocal.TestSupport;
using CodePilotLocal.Usage;

namespace CodePilotLocal.Cli.Tests.Commands;

/// <summary>`codepilot stats` on a usage database written with a known event log.</summary>
public sealed class StatsCommandTests : IDisposable
{
    private readonly TempDirectory _cache = new();

    private string Database => Path.Combine(_cache.Path, "codepilot", "usage", "usage.db");

    /// <summary>Today: 4 shown (3 accepted, one of them by a word), 1 dismissed; 1 served to a client that reports nothing; 2 days ago: 1 shown.</summary>
    private void WriteKnownLog()
    {
        var now = DateTimeOffset.UtcNow;
        var today = now.AddMinutes(-1);
        SuggestionRecord Served(string id, DateTimeOffset at, string client, string language, string model, double ms) => new(id, at, client, language, model, "h", ms, false, 10);
        using var store = UsageStore.Open(Database, now);
        foreach (var record in new[]
        {
            Served("a", today, "vscode", "csharp", "m1", 100).WithInserted(10, today).With(SuggestionEventKind.Accepted, today).WithRetention(10, 10),
            Served("b", today, "vscode", "csharp", "m1", 200).WithInserted(10, today).With(SuggestionEventKind.Accepted, today).WithRetention(10, 0),
            Served("c", today, "Neovim", "lua", "m2", 300).With(SuggestionEventKind.Shown, today).WithInserted(3, today).With(SuggestionEventKind.AcceptedWord, today),
            Served("d", today, "Neovim", "lua", "m2", 400).With(SuggestionEventKind.Shown, today).With(SuggestionEventKind.Dismissed, today),
            Served("e", today, "plain-lsp", "csharp", "m1", 50),
            Served("f", now.AddDays(-2), "vscode", "csharp", "m1", 1000).With(SuggestionEventKind.Shown, now.AddDays(-2)),
        })
        {
            store.Add(record);
            store.Update(record);
        }
    }

    [Fact]
    public async Task The_json_figures_of_a_known_event_log()
    {
        WriteKnownLog();

        var run = await Codepilot.RunAsync(_cache.Path, "stats", "--days", "7", "--json");

        Assert.Equal(0, run.ExitCode);
        var stats = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal(6, stats.GetProperty("served").GetInt32());
        Assert.Equal(5, stats.GetProperty("shown").GetInt32());
        Assert.Equal(3, stats.GetProperty("accepted").GetInt32());
        Assert.Equal(0.6, stats.GetProperty("acceptance_rate").GetDouble());
        Assert.Equal(1, stats.GetProperty("partially_accepted").GetInt32());
        Assert.Equal(0.5, stats.GetProperty("retained_ratio").GetDouble()); // 10 of the 20 checked characters
        Assert.Equal(300, stats.GetProperty("p50_ms").GetDouble());
        Assert.Equal(1000, stats.GetProperty("p95_ms").GetDouble());
        Assert.Equal(["plain-lsp"], stats.GetProperty("clients_without_events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["csharp", "lua"], stats.GetProperty("by_language").EnumerateArray().Where(g => g.GetProperty("shown").GetInt32() > 0).Select(g => g.GetProperty("name").GetString()));
        var lastDay = stats.GetProperty("per_day").EnumerateArray().Last();
        Assert.Equal(4, lastDay.GetProperty("shown").GetInt32());
        Assert.Equal(0.75, lastDay.GetProperty("acceptance_rate").GetDouble());
    }

    [Fact]
    public async Task The_terminal_report_has_a_chart_per_day_and_names_a_client_without_events()
    {
        WriteKnownLog();

        var run = await Codepilot.RunAsync(_cache.Path, "stats", "--days", "3");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("acceptance rate:    60 % (3 accepted of 5 shown; 6 served)", run.Stdout);
        Assert.Contains("no events from this client: plain-lsp", run.Stdout);
        Assert.Contains(new string('#', 30) + new string(' ', 10) + " 75 % (3/4)", run.Stdout); // today: 75 % of 40 columns
    }

    [Fact]
    public async Task Without_any_record_it_says_so()
    {
        var run = await Codepilot.RunAsync(_cache.Path, "stats");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("No suggestions recorded yet.", run.Stdout);
    }

    /// <summary>
    /// The page opens in headless Chromium, which writes a screenshot (kept in the test output, artifacts/stats)
    /// and a network log: no request was made by the page (Chromium's own update checks are the browser's, not the page's).
    /// </summary>
    [SkippableFact]
    public async Task The_html_page_renders_in_chromium_without_a_single_network_request()
    {
        var chromium = Programs.Which("chromium");
        Skip.If(chromium is null, "chromium is not installed");
        WriteKnownLog();
        var page = Path.Combine(_cache.Path, "stats.html");

        var run = await Codepilot.RunAsync(_cache.Path, "stats", "--html", page);
        Assert.Equal(0, run.ExitCode);

        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts", "stats")).FullName;
        var screenshot = Path.Combine(artifacts, "stats-page.png");
        var netLog = Path.Combine(_cache.Path, "netlog.json");
        File.Delete(screenshot);
        var (exitCode, output) = await Programs.RunAsync(chromium!,
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            $"--user-data-dir={Path.Combine(_cache.Path, "chromium")}", $"--log-net-log={netLog}", $"--screenshot={screenshot}", "--window-size=900,1200",
            new Uri(page).AbsoluteUri,
        ], _cache.Path);

        Assert.True(File.Exists(screenshot), $"no screenshot ({exitCode}):\n{output}");
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is too small to show the charts");
        Assert.Empty(PageRequests(netLog));
    }

    /// <summary>URL requests whose initiator is a page (the browser's own have "not an origin").</summary>
    private static List<string> PageRequests(string netLog)
    {
        using var log = JsonDocument.Parse(File.ReadAllText(netLog).TrimEnd().TrimEnd(',') is var text && text.EndsWith(']') ? text + "}" : text);
        var startJob = log.RootElement.GetProperty("constants").GetProperty("logEventTypes").GetProperty("URL_REQUEST_START_JOB").GetInt32();
        return log.RootElement.GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("type").GetInt32() == startJob && e.TryGetProperty("params", out var p) && p.TryGetProperty("initiator", out var initiator)
                && initiator.GetString() != "not an origin")
            .Select(e => e.GetProperty("params").GetProperty("url").GetString()!)
            .ToList();
    }

    public void Dispose() => _cache.Dispose();
}
