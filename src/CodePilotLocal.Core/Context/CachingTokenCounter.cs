using System.Collections.Concurrent;

namespace CodePilotLocal.Core.Context;

/// <summary>
/// Remembers token counts by text: the candidates of consecutive requests are mostly the same outlines
/// and chunks, and a model's tokenizer costs milliseconds per snippet. Forgets everything past its capacity.
/// </summary>
public sealed class CachingTokenCounter(ITokenCounter inner, int capacity = 4096) : ITokenCounter
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public ITokenCounter Inner => inner;

    public int Count(string text)
    {
        if (_counts.TryGetValue(text, out var count))
        {
            return count;
        }

        if (_counts.Count >= capacity)
        {
            _counts.Clear();
        }

        return _counts[text] = inner.Count(text);
    }
}
