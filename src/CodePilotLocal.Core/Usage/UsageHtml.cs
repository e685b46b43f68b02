using System.Globalization;
using System.Net;
using System.Text;

namespace CodePilotLocal.Core.Usage;

/// <summary>
/// <c>codepilot stats --html</c>: one self-contained page (inline CSS and SVG, no script, nothing fetched; its
/// content security policy forbids any request) with the figures of <see cref="UsageSummary"/> as charts.
/// </summary>
public static class UsageHtml
{
    private const int ChartWidth = 640;
    private const int ChartHeight = 160;

    public static string Render(UsageSummary summary, DateTimeOffset generatedAt)
    {
        var html = new StringBuilder();
        html.Append($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <title>CodePilot usage, last {{summary.Days}} days</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2em; color: #222; background: #fff; }
            .cards { display: flex; gap: 1em; flex-wrap: wrap; }
            .card { border: 1px solid #ccc; border-radius: 6px; padding: 0.6em 1em; min-width: 9em; }
            .card b { display: block; font-size: 1.6em; }
            h2 { margin-top: 1.6em; font-size: 1.1em; }
            svg text { font-size: 11px; fill: #444; }
            .note { color: #a33; }
            </style>
            </head>
            <body>
            <h1>CodePilot usage: last {{summary.Days}} days</h1>
            <p>Measured on this machine only; nothing of it was sent anywhere. Generated {{generatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}} UTC.</p>
            <div class="cards">
            """);
        Card(html, "acceptance rate", Percent(summary.AcceptanceRate), $"{summary.Accepted} of {summary.Shown} shown");
        Card(html, "retained after 30 s", Percent(summary.RetainedRatio), $"{summary.RetainedCharacters} of {summary.CheckedCharacters} characters");
        Card(html, "partial accepts", summary.PartiallyAccepted.ToString(CultureInfo.InvariantCulture), "line or word");
        Card(html, "latency p50 / p95", $"{Ms(summary.P50Ms)} / {Ms(summary.P95Ms)}", "of shown suggestions");
        Card(html, "cache hits", summary.CacheHits.ToString(CultureInfo.InvariantCulture), "of shown suggestions");
        html.Append("</div>\n");
        foreach (var client in summary.ClientsWithoutEvents)
        {
            html.Append($"<p class=\"note\">No events from {Encode(client)}: its suggestions count as served, never as shown.</p>\n");
        }

        html.Append("<h2>Acceptance rate per day</h2>\n");
        html.Append(DayChart(summary.PerDay));
        html.Append("<h2>Per language</h2>\n");
        html.Append(GroupChart(summary.ByLanguage));
        html.Append("<h2>Per model</h2>\n");
        html.Append(GroupChart(summary.ByModel));
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void Card(StringBuilder html, string title, string value, string detail) =>
        html.Append($"<div class=\"card\">{Encode(title)}<b>{Encode(value)}</b>{Encode(detail)}</div>\n");

    private static string DayChart(IReadOnlyList<UsageDay> days)
    {
        const int axis = 44; // room for the scale on the left
        var svg = new StringBuilder();
        var height = ChartHeight + 30;
        var top = ChartHeight - (ChartHeight - 15);
        svg.Append(CultureInfo.InvariantCulture, $"<svg role=\"img\" aria-label=\"acceptance rate per day\" width=\"{ChartWidth}\" height=\"{height}\" viewBox=\"0 0 {ChartWidth} {height}\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{axis}\" y1=\"{ChartHeight}\" x2=\"{ChartWidth}\" y2=\"{ChartHeight}\" stroke=\"#999\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{axis}\" y1=\"{top}\" x2=\"{ChartWidth}\" y2=\"{top}\" stroke=\"#ddd\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{axis - 6}\" y=\"{top + 4}\" text-anchor=\"end\">100 %</text><text x=\"{axis - 6}\" y=\"{ChartHeight + 4}\" text-anchor=\"end\">0 %</text>\n");
        var slot = (double)(ChartWidth - axis) / Math.Max(1, days.Count);
        for (var i = 0; i < days.Count; i++)
        {
            var day = days[i];
            var x = axis + i * slot;
            // A day with suggestions shown but none accepted still gets a sliver, so it differs from a day without any.
            var barHeight = day.Shown == 0 ? 0 : Math.Max(2, (day.AcceptanceRate ?? 0) * (ChartHeight - 15));
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{x + slot * 0.15:0.#}\" y=\"{ChartHeight - barHeight:0.#}\" width=\"{slot * 0.7:0.#}\" height=\"{barHeight:0.#}\" fill=\"#3a7bd5\"><title>{day.Day:yyyy-MM-dd}: {Encode(Percent(day.AcceptanceRate))} ({day.Accepted} of {day.Shown})</title></rect>\n");
            if (days.Count <= 14 || i % (days.Count / 7) == 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + slot / 2:0.#}\" y=\"{ChartHeight + 14}\" text-anchor=\"middle\">{day.Day:MM-dd}</text>\n");
            }
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string GroupChart(IReadOnlyList<UsageGroup> groups)
    {
        if (groups.Count == 0)
        {
            return "<p>No suggestions.</p>\n";
        }

        const int row = 22;
        const int label = 220;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg role=\"img\" width=\"{ChartWidth}\" height=\"{groups.Count * row + 4}\" viewBox=\"0 0 {ChartWidth} {groups.Count * row + 4}\">\n");
        for (var i = 0; i < groups.Count; i++)
        {
            var group = groups[i];
            var y = i * row;
            var width = (group.AcceptanceRate ?? 0) * (ChartWidth - label - 120);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{y + 15}\">{Encode(Shorten(group.Name))}</text>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{label}\" y=\"{y + 4}\" width=\"{width:0.#}\" height=\"{row - 8}\" fill=\"#3a7bd5\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{label + width + 6:0.#}\" y=\"{y + 15}\">{Encode(Percent(group.AcceptanceRate))} of {group.Shown}</text>\n");
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    public static string Percent(double? rate) => rate is { } r ? (r * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %" : "n/a";

    private static string Ms(double? ms) => ms is { } m ? m.ToString("0", CultureInfo.InvariantCulture) + " ms" : "n/a";

    private static string Shorten(string name) => name.Length <= 34 ? name : name[..31] + "…";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
