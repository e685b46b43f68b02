using System.CommandLine;
using System.CommandLine.Parsing;

namespace CodePilotLocal.Cli.Commands;

/// <summary>
/// What an option accepts, checked while parsing: a bad value gets one line that names the option and
/// the value, and exit code 2 (Program.cs), before anything is loaded. System.CommandLine's own messages
/// for a list of values span several lines and name no option, and it cannot parse a URL at all.
/// </summary>
internal static class OptionRules
{
    /// <summary>Only these values.</summary>
    public static Option<T> OneOf<T>(this Option<T> option, params string[] values) =>
        option.Checked(value => values.Contains(value, StringComparer.Ordinal), $"{string.Join(" or ", values)}");

    /// <summary>"true" or "false" only (read with <see cref="Flag"/>): a bool option would leave "maybe" to be an unknown argument naming no option.</summary>
    public static Option<string?> TrueOrFalse(string name, string description) =>
        new Option<string?>(name) { Description = description }.OneOf("true", "false");

    public static bool? Flag(this ParseResult parse, Option<string?> option) => parse.GetValue(option) is { } value ? value == "true" : null;

    /// <summary>A whole number within limits.</summary>
    public static Option<T> Between<T>(this Option<T> option, (long Min, long Max) limits) =>
        option.Checked(value => long.TryParse(value, out var n) && n >= limits.Min && n <= limits.Max, $"a number from {limits.Min} to {limits.Max}");

    /// <summary>A number within limits, fractions allowed.</summary>
    public static Option<T> Between<T>(this Option<T> option, (double Min, double Max) limits) =>
        option.Checked(value => double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= limits.Min && n <= limits.Max,
            $"a number from {limits.Min} to {limits.Max}");

    /// <summary>An absolute http(s) URL (read with <see cref="Url"/>).</summary>
    public static Option<string?> HttpUrl(this Option<string?> option) =>
        option.Checked(value => Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https", "an http:// or https:// URL");

    public static Uri? Url(this ParseResult parse, Option<string?> option) => parse.GetValue(option) is { } value ? new Uri(value) : null;

    /// <summary>A file that exists.</summary>
    public static Option<FileInfo?> Existing(this Option<FileInfo?> option) =>
        option.Checked(File.Exists, "a file that exists");

    private static Option<T> Checked<T>(this Option<T> option, Func<string, bool> accepts, string expected)
    {
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => !accepts(t.Value)))
            {
                result.AddError($"{option.Name} takes {expected}, not '{token.Value}'.");
            }
        });
        return option;
    }
}
