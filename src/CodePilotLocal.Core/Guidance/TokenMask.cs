using System.Numerics;

namespace CodePilotLocal.Core.Guidance;

/// <summary>The tokens a sampler may choose from next: one bit per vocabulary id.</summary>
public sealed class TokenMask
{
    private readonly ulong[] _bits;

    public TokenMask(int vocabularySize, bool allowAll = false)
    {
        VocabularySize = vocabularySize;
        _bits = new ulong[(vocabularySize + 63) / 64];
        if (allowAll)
        {
            Array.Fill(_bits, ulong.MaxValue);
            ClearTail();
        }
    }

    public int VocabularySize { get; }

    public int Count => _bits.Sum(BitOperations.PopCount);

    public bool IsEmpty => Array.TrueForAll(_bits, w => w == 0);

    public bool Allows(int token) => (uint)token < (uint)VocabularySize && (_bits[token >> 6] & (1UL << token)) != 0;

    public void Allow(int token) => _bits[token >> 6] |= 1UL << token;

    public void Forbid(int token) => _bits[token >> 6] &= ~(1UL << token);

    public void UnionWith(TokenMask other)
    {
        for (var i = 0; i < _bits.Length; i++)
        {
            _bits[i] |= other._bits[i];
        }
    }

    public IEnumerable<int> Allowed()
    {
        for (var word = 0; word < _bits.Length; word++)
        {
            for (var bits = _bits[word]; bits != 0; bits &= bits - 1)
            {
                yield return (word << 6) + BitOperations.TrailingZeroCount(bits);
            }
        }
    }

    /// <summary>Sets the logits of forbidden tokens to −∞, so that any sampler picks among the allowed ones only.</summary>
    public void Apply(Span<float> logits)
    {
        var count = Math.Min(logits.Length, VocabularySize);
        for (var word = 0; word < _bits.Length; word++)
        {
            var bits = _bits[word];
            if (bits == ulong.MaxValue)
            {
                continue;
            }

            var start = word << 6;
            var end = Math.Min(start + 64, count);
            if (bits == 0)
            {
                logits[start..end].Fill(float.NegativeInfinity);
                continue;
            }

            for (var token = start; token < end; token++)
            {
                if ((bits & (1UL << token)) == 0)
                {
                    logits[token] = float.NegativeInfinity;
                }
            }
        }
    }

    private void ClearTail()
    {
        var tail = VocabularySize & 63;
        if (tail != 0)
        {
            _bits[^1] = (1UL << tail) - 1;
        }
    }
}
