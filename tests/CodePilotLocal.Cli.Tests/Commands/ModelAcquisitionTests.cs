using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Cli.Tests.Commands;

/// <summary>`model pull` against a real HTTP mirror on loopback (resume, checksums), `model import`, `model list`.</summary>
public sealed class ModelAcquisitionTests
{
    private static string CachedModel(TempDirectory cache, string file) => Path.Combine(cache.Path, "codepilot", "models", file);

    [Fact]
    public async Task Pull_resumes_a_broken_download_and_installs_only_a_verified_file()
    {
        var model = await File.ReadAllBytesAsync(TinyModels.Qwen);
        await using var mirror = new ModelMirror(model, breakFirstDownloadAfter: model.Length / 3);
        using var cache = new TempDirectory();
        string[] pull = ["model", "pull", "team/tiny/tiny-qwen.gguf", "--base-url", mirror.BaseUrl];

        var broken = await Codepilot.RunAsync(cache.Path, pull);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("Run the same command again to resume", broken.Stderr);
        Assert.False(File.Exists(CachedModel(cache, "tiny-qwen.gguf"))); // only the .part, which is never loaded
        Assert.True(File.Exists(CachedModel(cache, "tiny-qwen.gguf.part")));

        var resumed = await Codepilot.RunAsync(cache.Path, pull);

        Assert.Equal(0, resumed.ExitCode);
        Assert.Contains("sha256 verified", resumed.Stdout);
        Assert.Contains($"bytes={model.Length / 3}-", mirror.RangesAsked); // resumed, not started over
        Assert.Equal(model, await File.ReadAllBytesAsync(CachedModel(cache, "tiny-qwen.gguf")));
        Assert.False(File.Exists(CachedModel(cache, "tiny-qwen.gguf.part")));
        Assert.StartsWith(Convert.ToHexStringLower(SHA256.HashData(model)), await File.ReadAllTextAsync(CachedModel(cache, "tiny-qwen.gguf.sha256")));
    }

    [Fact]
    public async Task Pull_refuses_a_file_whose_checksum_is_wrong_and_leaves_nothing_behind()
    {
        var model = await File.ReadAllBytesAsync(TinyModels.Qwen);
        await using var mirror = new ModelMirror(model);
        using var cache = new TempDirectory();

        var run = await Codepilot.RunAsync(cache.Path, "model", "pull", "team/tiny/tiny-qwen.gguf", "--base-url", mirror.BaseUrl, "--sha256", new string('a', 64));

        Assert.Equal(1, run.ExitCode);
        Assert.True(run.Stderr.Contains("not the expected " + new string((char)97, 64)), run.Stderr);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(cache.Path, "codepilot", "models")));
    }

    [Fact]
    public async Task Pull_refuses_a_download_it_cannot_check()
    {
        await using var mirror = new ModelMirror(await File.ReadAllBytesAsync(TinyModels.Qwen), publishChecksum: false);
        using var cache = new TempDirectory();

        var run = await Codepilot.RunAsync(cache.Path, "model", "pull", "team/tiny/tiny-qwen.gguf", "--base-url", mirror.BaseUrl);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("No checksum to verify", run.Stderr);
        Assert.DoesNotContain(mirror.RangesAsked, r => r == "GET /team/tiny/resolve/main/tiny-qwen.gguf");
    }

    [Fact]
    public async Task Import_registers_a_model_the_list_and_the_server_then_find()
    {
        using var cache = new TempDirectory();

        var import = await Codepilot.RunAsync(cache.Path, "model", "import", TinyModels.Qwen);
        var list = await Codepilot.RunAsync(cache.Path, "model", "list");
        var bad = await Codepilot.RunAsync(cache.Path, "model", "import", Path.Combine(TestPaths.RepositoryRoot, "README.md"));

        Assert.Equal(0, import.ExitCode);
        Assert.Contains("FIM template qwen", import.Stdout);
        Assert.True(File.Exists(CachedModel(cache, "tiny-qwen.gguf")));
        Assert.Contains("* tiny-qwen.gguf", list.Stdout);
        Assert.Contains("qwen2.5-coder-1.5b", list.Stdout);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("not a GGUF model", bad.Stderr);
    }

    [Fact]
    public async Task Import_with_a_sha256_checks_it_before_use_and_keeps_nothing_on_a_mismatch()
    {
        using var cache = new TempDirectory();
        var published = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(TinyModels.Qwen)));
        var wrong = new string('0', 64);

        var mismatch = await Codepilot.RunAsync(cache.Path, "model", "import", TinyModels.Qwen, "--sha256", wrong);
        var leftAfterMismatch = Directory.Exists(Path.GetDirectoryName(CachedModel(cache, "tiny-qwen.gguf")))
            ? Directory.GetFiles(Path.GetDirectoryName(CachedModel(cache, "tiny-qwen.gguf"))!)
            : [];
        var notHex = await Codepilot.RunAsync(cache.Path, "model", "import", TinyModels.Qwen, "--sha256", "abc");
        var match = await Codepilot.RunAsync(cache.Path, "model", "import", TinyModels.Qwen, "--sha256", published.ToUpperInvariant());

        Assert.Equal(2, mismatch.ExitCode);
        Assert.Contains($"sha256 {published} is not the expected {wrong}", mismatch.Stderr);
        Assert.Contains("Nothing was imported", mismatch.Stderr);
        Assert.Empty(leftAfterMismatch);
        Assert.Equal(2, notHex.ExitCode);
        Assert.Equal("--sha256 'abc' is not a sha256 (64 hexadecimal digits).", notHex.Stderr.Trim());
        Assert.Equal(0, match.ExitCode);
        Assert.Contains($"sha256 {published} verified", match.Stdout);
        Assert.True(File.Exists(CachedModel(cache, "tiny-qwen.gguf")));
    }

    /// <summary>A model mirror with the hub's layout that honours Range requests and can break a download off once.</summary>
    private sealed class ModelMirror : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly byte[] _model;
        private readonly bool _publishChecksum;
        private int _breakAfter;

        public ModelMirror(byte[] model, int breakFirstDownloadAfter = 0, bool publishChecksum = true)
        {
            _model = model;
            _breakAfter = breakFirstDownloadAfter;
            _publishChecksum = publishChecksum;
            var port = InferenceServerStandIn.FreePort();
            BaseUrl = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(BaseUrl);
            _listener.Start();
            _ = Task.Run(LoopAsync);
        }

        public string BaseUrl { get; }

        /// <summary>Each download's Range header ("" for none), and every request line.</summary>
        public ConcurrentBag<string> RangesAsked { get; } = [];

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception)
                {
                    return;
                }

                try
                {
                    await AnswerAsync(context);
                }
                catch (Exception e) when (e is HttpListenerException or IOException)
                {
                }
            }
        }

        private async Task AnswerAsync(HttpListenerContext context)
        {
            var path = context.Request.Url!.AbsolutePath;
            var response = context.Response;
            RangesAsked.Add($"{context.Request.HttpMethod} {path}");
            if (path == "/team/tiny/resolve/main/tiny-qwen.gguf.sha256" && _publishChecksum)
            {
                var text = System.Text.Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA256.HashData(_model)) + "  tiny-qwen.gguf\n");
                response.ContentLength64 = text.Length;
                await response.OutputStream.WriteAsync(text);
                response.Close();
                return;
            }

            if (path != "/team/tiny/resolve/main/tiny-qwen.gguf")
            {
                response.StatusCode = 404;
                response.Close();
                return;
            }

            var range = context.Request.Headers["Range"] ?? "";
            RangesAsked.Add(range);
            var from = range.StartsWith("bytes=", StringComparison.Ordinal) ? int.Parse(range[6..].TrimEnd('-')) : 0;
            response.StatusCode = from > 0 ? 206 : 200;
            response.ContentLength64 = _model.Length - from;
            var breakAfter = Interlocked.Exchange(ref _breakAfter, 0);
            if (breakAfter > 0)
            {
                await response.OutputStream.WriteAsync(_model.AsMemory(from, breakAfter));
                await response.OutputStream.FlushAsync();
                response.Abort(); // the connection drops mid-file
                return;
            }

            await response.OutputStream.WriteAsync(_model.AsMemory(from));
            response.Close();
        }

        public ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Close();
            return ValueTask.CompletedTask;
        }
    }
}
