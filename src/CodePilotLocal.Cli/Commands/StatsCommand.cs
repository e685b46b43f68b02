using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CodePilotLocal.Core.Usage;
using CodePilotLocal.Usage;
using Microsoft.Data.Sqlite;

namespace CodePilotLocal.Cli.Commands;

/// <summary>
/// `codepilot stats [--days N] [--json] [--html FILE]`: the local usage statistics (acceptance rate of shown
/// suggestions, partial accepts, characters retained after 30 s, latency, cache hits, per language and
/// model, a chart per day), read from the user cache. Nothing is sent anywhere.
/// </summary>
internal static class StatsCommand
{
    private const int ChartWidth = 40;

    public static Command Create()
    {
        var days = new Option<int>("--days", "-d") { Description = "The last N days, today included", DefaultValueFactory = _ => 30 }.Between((1L, UsageSummary.MaxDays));
        var json = new Option<bool>("--json") { Description = "Print one JSON object" };
        var html = new Option<FileInfo?>("--html") { Description = "Also write a self-contained HTML page with the figures as charts" };
        var command = new Command("stats", "How often suggestions were accepted and kept, how fast they came: measured on this machine, from the editors' events.") { days, json, html };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var now = DateTimeOffset.UtcNow;
            var path = UsageStore.DefaultPath;
            UsageSummary summary;
            try
            {
                using var store = UsageStore.Open(path, now);
                summary = UsageSummary.Of(store.Since(now.AddDays(-parse.GetValue(days) - 1)), parse.GetValue(days), now);
                if (store.RebuiltBecause is { } why)
                {
                    await Console.Error.WriteLineAsync($"The usage statistics at {path} were unreadable ({why}); they start afresh.").ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"Cannot read the usage statistics at {path}: {e.Message}").ConfigureAwait(false);
                return 1;
            }

            if (parse.GetValue(html) is { } page)
            {
                await File.WriteAllTextAsync(page.FullName, UsageHtml.Render(summary, now), cancellationToken).ConfigureAwait(false);
            }

            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(ToJson(summary, path)));
            }
            else
            {
                Print(summary, path);
                if (parse.GetValue(html) is { } written)
                {
                    Console.WriteLine($"Wrote {written.FullName}");
                }
            }

            return 0;
        });
        return command;
    }

    private static object ToJson(UsageSummary s, string path) => new Dictionary<string, object?>
    {
        ["path"] = path,
        ["days"] = s.Days,
        ["served"] = s.Served,
        ["shown"] = s.Shown,
        ["accepted"] = s.Accepted,
        ["accepted_fully"] = s.AcceptedFully,
        ["partially_accepted"] = s.PartiallyAccepted,
        ["dismissed"] = s.Dismissed,
        ["acceptance_rate"] = s.AcceptanceRate,
        ["accepted_chars"] = s.AcceptedCharacters,
        ["checked_chars"] = s.CheckedCharacters,
        ["retained_chars"] = s.RetainedCharacters,
        ["retained_ratio"] = s.RetainedRatio,
        ["p50_ms"] = s.P50Ms,
        ["p95_ms"] = s.P95Ms,
        ["cache_hits"] = s.CacheHits,
        ["by_language"] = s.ByLanguage.Select(Group).ToList(),
        ["by_model"] = s.ByModel.Select(Group).ToList(),
        ["per_day"] = s.PerDay.Select(d => new Dictionary<string, object?>
        {
            ["day"] = d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["shown"] = d.Shown, ["accepted"] = d.Accepted, ["acceptance_rate"] = d.AcceptanceRate,
        }).ToList(),
        ["clients_without_events"] = s.ClientsWithoutEvents,
    };

    private static Dictionary<string, object?> Group(UsageGroup g) =>
        new() { ["name"] = g.Name, ["shown"] = g.Shown, ["accepted"] = g.Accepted, ["acceptance_rate"] = g.AcceptanceRate };

    private static void Print(UsageSummary s, string path)
    {
        Console.WriteLine($"CodePilot usage, last {s.Days} days (local only: {path})");
        if (s.Served == 0)
        {
            Console.WriteLine("No suggestions recorded yet.");
            return;
        }

        Console.WriteLine($"  acceptance rate:    {UsageHtml.Percent(s.AcceptanceRate)} ({s.Accepted} accepted of {s.Shown} shown; {s.Served} served)");
        Console.WriteLine($"  accepted:           {s.AcceptedFully} whole, {s.PartiallyAccepted} in part (line or word); {s.Dismissed} dismissed");
        Console.WriteLine($"  retained after 30 s: {UsageHtml.Percent(s.RetainedRatio)} ({s.RetainedCharacters} of {s.CheckedCharacters} accepted characters checked)");
        Console.WriteLine($"  latency (shown):    p50 {Ms(s.P50Ms)}, p95 {Ms(s.P95Ms)}; {s.CacheHits} from the suggestion cache");
        foreach (var client in s.ClientsWithoutEvents)
        {
            Console.WriteLine($"  no events from this client: {client} (its suggestions count as served, never as shown)");
        }

        PrintGroups("language", s.ByLanguage);
        PrintGroups("model", s.ByModel);
        Console.WriteLine();
        Console.WriteLine("Acceptance rate per day");
        foreach (var day in s.PerDay.SkipWhile(d => d.Shown == 0))
        {
            var bar = new string('#', (int)Math.Round((day.AcceptanceRate ?? 0) * ChartWidth));
            Console.WriteLine($"  {day.Day:MM-dd} {bar.PadRight(ChartWidth)} {(day.Shown == 0 ? "-" : UsageHtml.Percent(day.AcceptanceRate))} ({day.Accepted}/{day.Shown})");
        }
    }

    private static void PrintGroups(string title, IReadOnlyList<UsageGroup> groups)
    {
        Console.WriteLine();
        Console.WriteLine($"Per {title}");
        foreach (var g in groups)
        {
            Console.WriteLine($"  {g.Name,-32} {UsageHtml.Percent(g.AcceptanceRate),8} of {g.Shown} shown");
        }
    }

    private static string Ms(double? ms) => ms is { } m ? m.ToString("0", CultureInfo.InvariantCulture) + " ms" : "n/a";
}
