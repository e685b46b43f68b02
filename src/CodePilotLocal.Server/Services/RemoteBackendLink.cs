using CodePilotLocal.Inference;
using CodePilotLocal.Inference.Remote;
using Microsoft.Extensions.Logging;

namespace CodePilotLocal.Server.Services;

/// <summary>Connects to a remote inference server.</summary>
public delegate Task<IInferenceEngine> RemoteConnector(RemoteBackendOptions options, CancellationToken cancellationToken);

/// <summary>
/// The connection to a configured remote backend: connects in the background, and when the server cannot
/// be reached or fails a request, treats it as down for <see cref="RetryAfter"/> (telling the user once,
/// and when it is back) instead of making every keystroke wait for it again.
/// </summary>
internal sealed class RemoteBackendLink : IAsyncDisposable
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    private readonly RemoteConnector _connector;
    private readonly IClientNotifier _notifier;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Task<IInferenceEngine?> _connection;
    private DateTime _downUntil = DateTime.MinValue;
    private bool _down;
    private string? _problem;

    public RemoteBackendLink(RemoteBackendOptions options, RemoteConnector connector, IClientNotifier notifier, ILogger logger)
    {
        Options = options;
        _connector = connector;
        _notifier = notifier;
        _logger = logger;
        _connection = Task.Run(ConnectAsync);
    }

    public RemoteBackendOptions Options { get; }

    /// <summary>Why the remote backend is not answering now, or null while it is.</summary>
    public string? Problem => _problem;

    /// <summary>The connected engine; null while the server is down (retried after <see cref="RetryAfter"/>).</summary>
    public async Task<IInferenceEngine?> GetEngineAsync(CancellationToken cancellationToken)
    {
        Task<IInferenceEngine?> connection;
        lock (_gate)
        {
            if (DateTime.UtcNow < _downUntil)
            {
                return null;
            }

            if (_down)
            {
                _down = false; // its time is up: try again, connecting anew only where connecting failed
                if (_connection is { IsCompletedSuccessfully: true, Result: null })
                {
                    _connection = Task.Run(ConnectAsync);
                }
            }

            connection = _connection;
        }

        return await connection.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public bool Owns(IInferenceEngine engine) =>
        _connection.IsCompletedSuccessfully && ReferenceEquals(_connection.Result, engine);

    /// <summary>A request to the server failed: stop sending requests there for a while, and say so once.</summary>
    public void ReportFailure(RemoteBackendException failure)
    {
        lock (_gate)
        {
            if (_down)
            {
                return;
            }

            MarkDown(failure.Message);
        }
    }

    /// <summary>A request was answered: if the server had been down, say it is back.</summary>
    public void ReportSuccess()
    {
        if (_problem is not null && !_down)
        {
            _problem = null;
            _notifier.Show(MessageType.Info, $"CodePilot: the remote backend {Options.Endpoint} answers again.");
        }
    }

    private async Task<IInferenceEngine?> ConnectAsync()
    {
        try
        {
            var engine = await _connector(Options, CancellationToken.None).ConfigureAwait(false);
            _notifier.Log(MessageType.Warning, $"CodePilot sends code to {Options.Describe()}: model {engine.Model.Name}, {engine.Model.FimTemplate?.Name ?? "no"} FIM template.");
            ReportSuccess();
            return engine;
        }
        catch (RemoteBackendException e)
        {
            lock (_gate)
            {
                MarkDown(e.Message);
            }

            return null;
        }
    }

    private void MarkDown(string problem)
    {
        _down = true;
        _downUntil = DateTime.UtcNow + RetryAfter;
        var first = _problem is null;
        _problem = problem;
        var meanwhile = Options.Mode == BackendMode.RemoteOnly
            ? "There are no suggestions until it answers"
            : "The local model answers until it is back";
        _logger.LogWarning("{Problem} Retrying in {Seconds} s.", problem, RetryAfter.TotalSeconds);
        if (first)
        {
            _notifier.Show(MessageType.Warning, $"CodePilot: {problem} {meanwhile} (retried every {RetryAfter.TotalSeconds:0} s).");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (await _connection.ConfigureAwait(false) is { } engine)
        {
            await engine.DisposeAsync().ConfigureAwait(false);
        }
    }
}
