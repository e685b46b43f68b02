namespace CodePilotLocal.Core.Caching;

/// <summary>
/// Suggestions already computed, by the prompt window they were computed for (least recently used
/// out first). Typing the characters a suggestion starts with, or undoing back to an earlier state,
/// is answered from here with no model call — as llama.vscode's client-side cache does.
/// </summary>
public sealed class SuggestionCache(int capacity = 256, int maxTypedAhead = 64)
{
    private readonly Dictionary<(string Prefix, string Suffix), LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = [];
    private readonly Lock _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Remembers what was suggested for this window; "" records that nothing was worth showing.</summary>
    public void Add(string prefix, string suffix, string suggestion)
    {
        lock (_gate)
        {
            if (_entries.Remove((prefix, suffix), out var existing))
            {
                _recency.Remove(existing);
            }

            _entries[(prefix, suffix)] = _recency.AddFirst(new Entry(prefix, suffix, suggestion));
            while (_entries.Count > capacity)
            {
                _entries.Remove((_recency.Last!.Value.Prefix, _recency.Last.Value.Suffix));
                _recency.RemoveLast();
            }
        }
    }

    /// <summary>
    /// The suggestion for this window: one computed for it, or the rest of one computed for a shorter
    /// prefix whose suggestion starts with exactly what was typed since. Null when the model must be asked.
    /// </summary>
    public string? Find(string prefix, string suffix)
    {
        lock (_gate)
        {
            if (Touch(prefix, suffix) is { } exact)
            {
                return exact;
            }

            for (var typed = 1; typed <= Math.Min(maxTypedAhead, prefix.Length); typed++)
            {
                if (Touch(prefix[..^typed], suffix) is { } earlier
                    && earlier.Length > typed
                    && earlier.AsSpan(0, typed).SequenceEqual(prefix.AsSpan(prefix.Length - typed)))
                {
                    return earlier[typed..];
                }
            }

            return null;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            _recency.Clear();
        }
    }

    private string? Touch(string prefix, string suffix)
    {
        if (!_entries.TryGetValue((prefix, suffix), out var node))
        {
            return null;
        }

        _recency.Remove(node);
        _recency.AddFirst(node);
        return node.Value.Suggestion;
    }

    private sealed record Entry(string Prefix, string Suffix, string Suggestion);
}
