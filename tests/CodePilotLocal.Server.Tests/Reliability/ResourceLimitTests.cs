using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using CodePilotLocal.Server.Tests.EndToEnd;
using CodePilotLocal.TestSupport;
using Xunit.Abstractions;

namespace CodePilotLocal.Server.Tests.Reliability;

/// <summary>
/// Huge files, a 50 MB single-line file, binary files, a message over the frame limit, a repository with
/// many files: bounded memory and time, the limits configurable, and a log line that says what was left out.
/// The default sizes are what CI runs; CODEPILOT_LONG_TESTS=1 runs the 100,000-file repository.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class ResourceLimitTests(ITestOutputHelper output)
{
    private const string Small = "class Small\n{\n    int Twice(int value) => value * 2;\n}\n";

    [Fact]
    public async Task Huge_single_line_and_binary_files_are_skipped_with_a_reason_and_huge_documents_are_still_served()
    {
        using var workspace = new TempDirectory();
        var smallUri = new Uri(workspace.Write("Small.cs", Small));
        var singleLine = new string('a', 50 << 20);
        workspace.Write("bundle.min.js", singleLine);
        await File.WriteAllBytesAsync(workspace.File("blob.bin"), [0x7F, 0x45, 0x4C, 0x46, 0, 0, 0, 1, 2, 3]);
        await using var server = LspProcess.Start("--model", TinyModels.Qwen, "--max-tokens", "8");
        await server.InitializeAsync(new { maxIndexedFileBytes = 1 << 20 }, workspace.Path);

        var indexed = await server.NextLogMessageAsync("Indexed");
        Assert.Contains("1 too large (maxIndexedFileBytes)", indexed);
        Assert.Contains("1 binary", indexed);

        // The 50 MB line as an open document (one 50 MB frame): a completion at its end is answered from a window of it.
        var bundleUri = new Uri(workspace.File("bundle.min.js"));
        await server.OpenAsync(bundleUri, singleLine, "javascript");
        var clock = Stopwatch.StartNew();
        var atEnd = await server.InlineCompletionAsync(bundleUri, 0, singleLine.Length);
        var elapsed = clock.Elapsed;
        Assert.True(atEnd["result"]?["items"] is JsonArray, atEnd.ToJsonString());
        var resident = server.ResidentMegabytes();
        Assert.True(resident < 1500, $"resident memory {resident:0} MB after a 50 MB document");

        // A 70 MB message is over the 64 MiB frame limit: refused with a parse error, skipped, and the server reads on.
        await server.NotifyAsync("textDocument/didOpen", new { textDocument = new { uri = new Uri(workspace.File("huge.txt")).AbsoluteUri, languageId = "plaintext", version = 1, text = new string('b', 70 << 20) } });
        var refused = await server.NextNullIdResponseAsync();
        Assert.Equal(-32700, (int)refused["error"]!["code"]!);
        Assert.Contains("exceeds the 67,108,864-byte limit", (string)refused["error"]!["message"]!);
        await server.OpenAsync(smallUri, Small);
        var after = await server.InlineCompletionAsync(smallUri, 2, 30);
        Assert.True(after["result"]?["items"] is JsonArray, after.ToJsonString());
        Assert.Equal(0, await server.ShutdownAndExitAsync());
        output.WriteLine($"50 MB single-line document: completion at its end in {elapsed.TotalMilliseconds:0} ms, resident memory {resident:0} MB; 70 MB message refused; index: {indexed}");
    }

    [Fact]
    public async Task A_repository_with_many_files_is_indexed_in_bounded_memory_and_time()
    {
        var files = Environment.GetEnvironmentVariable("CODEPILOT_LONG_TESTS") == "1" ? 100_000 : 10_000;
        using var workspace = new TempDirectory();
        for (var i = 0; i < files; i++)
        {
            var folder = Path.Combine(workspace.Path, "src", $"m{i / 500:000}");
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(Path.Combine(folder, $"Type{i}.cs"), $"namespace M{i / 500};\n\npublic sealed class Type{i}\n{{\n    public int Value{i}(int x) => x + {i};\n}}\n");
        }

        await using var server = LspProcess.Start("--model", TinyModels.Qwen);
        var clock = Stopwatch.StartNew();
        await server.InitializeAsync(null, workspace.Path);

        var indexed = await server.NextLogMessageAsync("Indexed");
        var elapsed = clock.Elapsed;
        var resident = server.ResidentMegabytes();
        Assert.Contains($"Indexed {files} files", indexed);
        Assert.True(resident < 2500, $"resident memory {resident:0} MB after indexing {files} files");
        Assert.Equal(0, await server.ShutdownAndExitAsync());
        output.WriteLine($"{files:N0} files indexed in {elapsed.TotalSeconds:0.0} s, resident memory {resident:0} MB afterwards. {indexed}");
    }
}
