using System.Text.Json;
using CodePilotLocal.Core.Completion;

namespace CodePilotLocal.Core.Tests.PostProcessing;

/// <summary>
/// One real case for the whole pipeline, from Golden/pipeline/*.json: the document with ║ at the cursor,
/// what the model wrote, and what the editor must show ("" for nothing).
/// </summary>
public sealed record GoldenCase(string Name, string Document, string Completion, string Expected, string? Mode)
{
    public static IEnumerable<object[]> Load(string folder) =>
        Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Golden", folder), "*.json")
            .Order(StringComparer.Ordinal)
            .Select(path => new object[] { Path.GetFileNameWithoutExtension(path) });

    public static GoldenCase Read(string folder, string name)
    {
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", folder, name + ".json"))).RootElement;
        return new GoldenCase(
            name,
            json.GetProperty("document").GetString()!,
            json.GetProperty("completion").GetString()!,
            json.GetProperty("expected").GetString()!,
            json.TryGetProperty("mode", out var mode) ? mode.GetString() : null);
    }

    public CompletionContext Context()
    {
        var offset = Document.IndexOf('║');
        var context = CompletionContextFactory.Create(Document.Remove(offset, 1), offset, new CompletionOptions());
        return Mode is null ? context : context with { Mode = Enum.Parse<CompletionMode>(Mode) };
    }
}
