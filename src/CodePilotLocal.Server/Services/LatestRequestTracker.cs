using System.Collections.Concurrent;

namespace CodePilotLocal.Server.Services;

/// <summary>
/// Latest request wins, per document: starting a request for a document cancels the one still running
/// for it, whose answer the editor would throw away anyway.
/// </summary>
internal sealed class LatestRequestTracker
{
    private readonly ConcurrentDictionary<Uri, CancellationTokenSource> _running = new();

    public Lease Begin(Uri document, CancellationToken requestToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(requestToken);
        if (_running.Swap(document, source) is { } stale)
        {
            stale.Cancel();
        }

        return new Lease(this, document, source);
    }

    public bool IsRunning(Uri document) => _running.ContainsKey(document);

    /// <summary>Cancels whatever runs for the document (it just changed).</summary>
    public void CancelRunning(Uri document)
    {
        if (_running.TryGetValue(document, out var running))
        {
            running.Cancel();
        }
    }

    internal sealed class Lease(LatestRequestTracker owner, Uri document, CancellationTokenSource source) : IDisposable
    {
        public CancellationToken Token => source.Token;

        public void Dispose()
        {
            owner._running.TryRemove(KeyValuePair.Create(document, source));
            source.Dispose();
        }
    }
}

internal static class ConcurrentDictionaryExtensions
{
    public static TValue? Swap<TKey, TValue>(this ConcurrentDictionary<TKey, TValue> dictionary, TKey key, TValue value)
        where TKey : notnull
        where TValue : class
    {
        TValue? previous = null;
        dictionary.AddOrUpdate(key, value, (_, old) =>
        {
            previous = old;
            return value;
        });
        return previous;
    }
}
