using System.Text.RegularExpressions;
using CodePilotLocal.Server.Tests.EndToEnd;
using CodePilotLocal.TestSupport;
using Xunit.Abstractions;

namespace CodePilotLocal.Server.Tests.Reliability;

/// <summary>
/// The real server under strace, every connect() of every thread recorded: a full session (initialize,
/// index a git repository, completions, an explanation, shutdown) with no remote backend opens no network
/// connection at all; with one configured, it connects to that endpoint and nowhere else.
/// </summary>
[Trait("Category", "Reliability")]
public sealed partial class ZeroEgressTests(ITestOutputHelper output)
{
    private static readonly string? Strace = new[] { "/usr/bin/strace", "/bin/strace" }.FirstOrDefault(File.Exists);

    [SkippableFact]
    public async Task A_full_session_without_a_remote_backend_opens_no_network_connection()
    {
        Skip.If(Strace is null, "strace is not installed (.ci/run installs it with apt)");
        using var shop = new ShopWorkspace();
        using var traces = new TempDirectory();
        var trace = traces.File("connect.trace");

        await RunSessionAsync(shop, trace, "--model", TinyModels.Qwen);

        var connects = Connects(trace);
        var network = connects.Where(c => c.Contains("AF_INET", StringComparison.Ordinal)).ToList();
        Assert.True(network.Count == 0, "network connections: " + string.Join("\n", network));
        output.WriteLine($"Full session traced: {connects.Count} connect() calls, all to local sockets ({string.Join(", ", connects.Select(SocketOf).Distinct())}); network connections seen: 0.");
    }

    [SkippableFact]
    public async Task With_a_remote_backend_the_only_connections_go_to_its_endpoint()
    {
        Skip.If(Strace is null, "strace is not installed (.ci/run installs it with apt)");
        await using var standIn = new InferenceServerStandIn();
        using var shop = new ShopWorkspace();
        using var traces = new TempDirectory();
        var trace = traces.File("connect.trace");

        await RunSessionAsync(shop, trace, "--backend", "llama-server", "--endpoint", standIn.Endpoint.ToString());

        var network = Connects(trace).Where(c => c.Contains("AF_INET", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(network);
        // .NET connects IPv4 through dual-mode sockets: AF_INET6 with the IPv4-mapped address.
        Assert.All(network, c => Assert.True(
            c.Contains($"sin_port=htons({standIn.Port}), sin_addr=inet_addr(\"127.0.0.1\")", StringComparison.Ordinal)
            || (c.Contains($"sin6_port=htons({standIn.Port})", StringComparison.Ordinal) && c.Contains("\"::ffff:127.0.0.1\"", StringComparison.Ordinal)), c));
        Assert.NotEmpty(standIn.CompletionRequests);
        output.WriteLine($"With a remote backend: {network.Count} network connect() calls, all to 127.0.0.1:{standIn.Port} (the configured endpoint).");
    }

    private static async Task RunSessionAsync(ShopWorkspace shop, string trace, params string[] arguments)
    {
        await using var server = LspProcess.StartUnder([Strace!, "-f", "-qq", "--seccomp-bpf", "-e", "trace=connect", "-o", trace], new Dictionary<string, string?>(), arguments);
        await server.InitializeAsync(new { explainMaxTokens = 16 }, shop.Root);
        await server.NextLogMessageAsync("Indexed");

        var uri = new Uri(Path.Combine(shop.Root, ShopWorkspace.OrderServicePath));
        await server.OpenAsync(uri, shop.OrderServiceText);
        var (line, character) = shop.CursorPosition;
        Assert.Null((await server.InlineCompletionAsync(uri, line, character))["error"]);
        await server.RequestAsync("codepilot/explain", new { textDocument = new { uri = uri.AbsoluteUri }, range = new { start = new { line = 0, character = 0 }, end = new { line = 3, character = 0 } } });
        Assert.Equal(0, await server.ShutdownAndExitAsync());
    }

    private static List<string> Connects(string trace) =>
        File.ReadAllLines(trace).Where(l => l.Contains("connect(", StringComparison.Ordinal)).ToList();

    private static string SocketOf(string connect) => SocketPattern().Match(connect) is { Success: true } m ? m.Groups[1].Value : connect;

    [GeneratedRegex("sa_family=(AF_\\w+(?:, sun_path=\"[^\"]*\")?)")]
    private static partial Regex SocketPattern();
}
