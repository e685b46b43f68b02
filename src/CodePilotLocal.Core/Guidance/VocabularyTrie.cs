namespace CodePilotLocal.Core.Guidance;

/// <summary>
/// Every token's byte spelling, sorted, so that "tokens starting with these bytes" is one contiguous
/// range and "the token spelled exactly so" one binary search. Built once per model from what its
/// tokenizer decodes each id to; ids that decode to nothing (control tokens) are never offered by a
/// constraint.
/// </summary>
public sealed class VocabularyTrie
{
    private readonly byte[][] _spellings;
    private readonly int[] _sorted;
    private readonly TokenMask _endingAName;

    /// <param name="spellings">By token id: the bytes the token decodes to (empty for control tokens).</param>
    public VocabularyTrie(IReadOnlyList<byte[]> spellings)
    {
        _spellings = [.. spellings];
        _sorted = Enumerable.Range(0, _spellings.Length).Where(id => _spellings[id].Length > 0).ToArray();
        Array.Sort(_sorted, (a, b) => Compare(_spellings[a], _spellings[b]));
        _endingAName = new TokenMask(_spellings.Length);
        foreach (var id in _sorted)
        {
            if (IdentifierText.IsNameEndByte(_spellings[id][0]))
            {
                _endingAName.Allow(id);
            }
        }

        HasByteTokens = Enumerable.Range(' ', '~' - ' ' + 1).All(b => Range([(byte)b]).Length > 0);
    }

    public int Size => _spellings.Length;

    /// <summary>Whether every printable ASCII byte can be spelled on its own (byte-level BPE, or SentencePiece with byte fallback).</summary>
    public bool HasByteTokens { get; }

    public ReadOnlySpan<byte> Spelling(int token) => (uint)token < (uint)_spellings.Length ? _spellings[token] : [];

    /// <summary>A mask allowing every token whose first byte ends a name (see <see cref="IdentifierText.IsNameEndByte"/>).</summary>
    public TokenMask NameEndingMask()
    {
        var mask = new TokenMask(Size);
        mask.UnionWith(_endingAName);
        return mask;
    }

    /// <summary>The ids, in spelling order, of the tokens whose spelling starts with <paramref name="prefix"/>.</summary>
    public ReadOnlySpan<int> Range(ReadOnlySpan<byte> prefix)
    {
        var start = LowerBound(prefix);
        var end = UpperBound(prefix, start);
        return _sorted.AsSpan(start, end - start);
    }

    /// <summary>Allows every token spelled exactly <paramref name="text"/> (several ids may share a spelling).</summary>
    public void AllowExact(ReadOnlySpan<byte> text, TokenMask mask)
    {
        foreach (var id in Range(text))
        {
            if (_spellings[id].Length != text.Length)
            {
                break; // the exact spellings sort first in their range
            }

            mask.Allow(id);
        }
    }

    /// <summary>Allows every token that is a non-empty prefix of <paramref name="text"/> or starts with all of it.</summary>
    public void AllowPrefixCompatible(ReadOnlySpan<byte> text, TokenMask mask)
    {
        for (var length = 1; length < text.Length; length++)
        {
            AllowExact(text[..length], mask);
        }

        foreach (var id in Range(text))
        {
            mask.Allow(id);
        }
    }

    /// <summary>The first index whose spelling sorts at or after <paramref name="key"/>.</summary>
    private int LowerBound(ReadOnlySpan<byte> key)
    {
        int lo = 0, hi = _sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_spellings[_sorted[mid]].AsSpan().SequenceCompareTo(key) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>The first index at or after <paramref name="from"/> whose spelling no longer starts with the prefix.</summary>
    private int UpperBound(ReadOnlySpan<byte> prefix, int from)
    {
        int lo = from, hi = _sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_spellings[_sorted[mid]].AsSpan().StartsWith(prefix))
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static int Compare(byte[] a, byte[] b) => a.AsSpan().SequenceCompareTo(b);
}
