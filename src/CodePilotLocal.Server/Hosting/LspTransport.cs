using System.IO.Pipelines;
using System.Text;
using CodePilotLocal.Protocol;
using Microsoft.Extensions.Logging;

namespace CodePilotLocal.Server.Hosting;

/// <summary>
/// Sits between the raw streams and StreamJsonRpc. Inbound, it frames and validates every message,
/// answers broken ones itself and passes the rest on; outbound, it writes StreamJsonRpc's frames and
/// its own error responses one whole frame at a time, so nothing else ever reaches the output.
/// </summary>
internal sealed class LspTransport(Stream input, Stream output, ILogger logger, int maxBodyBytes = 64 << 20)
{
    private readonly Pipe _toRpc = new();
    private readonly Pipe _fromRpc = new();
    private readonly LspFrameWriter _writer = new(output);

    /// <summary>The pipe pair StreamJsonRpc reads requests from and writes responses to.</summary>
    public IDuplexPipe RpcSide => new DuplexPipe(_toRpc.Reader, _fromRpc.Writer);

    /// <summary>Pumps until the input ends; then completes the inbound pipe so StreamJsonRpc disconnects.</summary>
    public Task RunInboundAsync(CancellationToken cancellationToken) => Task.Run(async () =>
    {
        try
        {
            var frames = new LspFrameReader(PipeReader.Create(input), maxBodyBytes);
            await foreach (var frame in frames.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (frame.Body is null)
                {
                    logger.LogWarning("Rejected frame: {Error}", frame.Error);
                    await RespondErrorAsync(ErrorCodes.ParseError, frame.Error!, null, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (MessageValidator.Validate(frame.Body) is { } rejection)
                {
                    logger.LogWarning("Rejected message: {Error}", rejection.Message);
                    if (!rejection.IsNotification)
                    {
                        await RespondErrorAsync(rejection.Code, rejection.Message, rejection.Id, cancellationToken).ConfigureAwait(false);
                    }

                    continue;
                }

                await _toRpc.Writer.WriteAsync(Encoding.ASCII.GetBytes($"Content-Length: {frame.Body.Length}\r\n\r\n"), cancellationToken).ConfigureAwait(false);
                await _toRpc.Writer.WriteAsync(frame.Body, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            logger.LogDebug("Input closed: {Reason}", e.Message);
        }
        finally
        {
            await _toRpc.Writer.CompleteAsync().ConfigureAwait(false);
        }
    }, CancellationToken.None);

    public Task RunOutboundAsync(CancellationToken cancellationToken) => Task.Run(async () =>
    {
        try
        {
            var frames = new LspFrameReader(_fromRpc.Reader, int.MaxValue);
            await foreach (var frame in frames.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (frame.Body is not null)
                {
                    await _writer.WriteAsync(frame.Body, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            logger.LogDebug("Output closed: {Reason}", e.Message);
        }
    }, CancellationToken.None);

    /// <summary>After the connection is disposed: lets the outbound pump write what is left, then end.</summary>
    public void CompleteOutbound() => _fromRpc.Writer.Complete();

    private Task RespondErrorAsync(int code, string message, System.Text.Json.JsonElement? id, CancellationToken cancellationToken) =>
        _writer.WriteAsync(MessageValidator.ErrorResponse(code, message, id), cancellationToken);

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
