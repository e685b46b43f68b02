using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
namespace CodePilotLocal.Inference.Remote;

/// <summary>
/// Starts llama.cpp's llama-server on the loopback address with the same model, threads and context as
/// ours, configured as llama.vscode recommends (one slot, --cache-reuse 256), for `bench --llama-server`
/// and for the tests of the llama-server backend.
/// </summary>
public sealed class LlamaServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private LlamaServerProcess(Process process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    /// <summary>
    /// The logical batch (-b) under which /infill keeps both our window and our repository context: it gives the
    /// prefix at most 3/4 of the batch, the suffix a quarter less two tokens, and the other files' chunks only
    /// what the context leaves beyond the batch and twice the answer's tokens. (With -b as large as the context
    /// it dropped every chunk, and a bench compared our prompts with prompts of half their size.) The chunks get
    /// a quarter more than their token budget, for llama-server's separators and file names.
    /// </summary>
    public static int LogicalBatchFor(int contextSize, int contextTokens, int maxTokens) =>
        Math.Max(contextSize / 4, contextSize - 2 * maxTokens - contextTokens * 5 / 4);

    /// <param name="logicalBatch">-b; null: llama-server's own default, as its users start it.</param>
    public static async Task<LlamaServerProcess> StartAsync(
        string executable, string model, int threads, int contextSize, CancellationToken cancellationToken, int slots = 1, bool suffixPrefixMiddle = false,
        int? logicalBatch = null)
    {
        var port = FreeLoopbackPort();
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "-m", model, "-t", threads.ToString(), "-tb", threads.ToString(), "-c", contextSize.ToString(),
            "--host", "127.0.0.1", "--port", port.ToString(), "-np", slots.ToString(), "--cache-reuse", "256", "-ub", "512",
        })
        {
            info.ArgumentList.Add(argument);
        }

        if (logicalBatch is { } batch)
        {
            info.ArgumentList.Add("-b");
            info.ArgumentList.Add(batch.ToString());
        }

        if (suffixPrefixMiddle)
        {
            info.ArgumentList.Add("--spm-infill");
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {executable}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new LlamaServerProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        using var client = LlamaServerClient.For(server.Endpoint);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!await client.IsHealthyAsync(cancellationToken).ConfigureAwait(false))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"llama-server did not become healthy (exit code {(process.HasExited ? process.ExitCode : -1)}).");
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }

        return server;
    }

    /// <summary>Peak resident memory (VmHWM) of the server process, where /proc tells it.</summary>
    public double? PeakRssMegabytes()
    {
        try
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? null : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }
}
