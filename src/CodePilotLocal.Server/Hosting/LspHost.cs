using Microsoft.Extensions.Logging;
using Microsoft.VisualStudio.Threading;
using StreamJsonRpc;

namespace CodePilotLocal.Server.Hosting;

/// <summary>
/// The one place that creates the JSON-RPC connection: our validating transport underneath,
/// StreamJsonRpc with System.Text.Json on top, handlers dispatched one at a time in arrival order
/// (each until its first await), and $/cancelRequest mapped to the handlers' cancellation tokens.
/// </summary>
public static class LspHost
{
    /// <returns>The process exit code: 0 after shutdown + exit, 1 when the client left without shutdown.</returns>
    public static async Task<int> RunAsync(Stream input, Stream output, CodePilotServices services, CancellationToken cancellationToken)
    {
        var logger = services.Loggers.CreateLogger(typeof(LspHost).FullName!);
        var transport = new LspTransport(input, output, logger);
        var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = Protocol.ProtocolJson.Options };
        using var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(transport.RpcSide, formatter))
        {
            SynchronizationContext = new NonConcurrentSynchronizationContext(sticky: false),
            CancelLocallyInvokedMethodsWhenConnectionIsClosed = true,
        };
        var dispatcher = new LspDispatcher(services.Lifecycle, services.Notifier, services.Loggers.CreateLogger<LspDispatcher>());
        var methods = LspEndpoints.Register(rpc, dispatcher, services.CreateHandlers());
        services.Notifier.Attach(rpc);

        var outbound = transport.RunOutboundAsync(cancellationToken);
        _ = transport.RunInboundAsync(cancellationToken);
        rpc.StartListening();
        logger.LogInformation("Serving LSP on stdio: {Methods}", string.Join(", ", methods));

        var finished = await Task.WhenAny(services.Lifecycle.Exited, rpc.Completion).ConfigureAwait(false);
        var exitCode = finished == services.Lifecycle.Exited ? await services.Lifecycle.Exited.ConfigureAwait(false) : 1;
        logger.LogInformation("LSP connection ended ({Reason}); exit code {Code}",
            finished == services.Lifecycle.Exited ? "exit" : "input closed", exitCode);
        rpc.Dispose();
        transport.CompleteOutbound();
        // The inbound pump may sit in a read of stdin that never ends; the process exit ends it.
        await Task.WhenAny(outbound, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None)).ConfigureAwait(false);
        return exitCode;
    }
}
