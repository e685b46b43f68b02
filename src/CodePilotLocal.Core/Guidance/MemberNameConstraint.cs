using System.Text;

namespace CodePilotLocal.Core.Guidance;

/// <summary>
/// After a member access's dot: the next tokens must spell one of the members' names, then leave it
/// with a character that cannot continue an identifier. A token is allowed when it is a prefix of a
/// remaining name, or a whole remaining name followed by a character that ends names.
/// </summary>
internal sealed class MemberNameConstraint
{
    private readonly VocabularyTrie _trie;
    private readonly byte[][] _names;

    public MemberNameConstraint(VocabularyTrie trie, IEnumerable<string> names)
    {
        _trie = trie;
        _names = names.Where(n => n.Length > 0).Select(Encoding.UTF8.GetBytes).ToArray();
    }

    public int NameCount => _names.Length;

    /// <param name="typed">The identifier bytes generated since the dot.</param>
    public TokenMask Mask(ReadOnlySpan<byte> typed)
    {
        var mask = new TokenMask(_trie.Size);
        foreach (var name in _names)
        {
            if (!name.AsSpan().StartsWith(typed))
            {
                continue;
            }

            var rest = name.AsSpan(typed.Length);
            if (rest.Length == 0)
            {
                mask.UnionWith(_trie.NameEndingMask());
                continue;
            }

            for (var length = 1; length <= rest.Length; length++)
            {
                _trie.AllowExact(rest[..length], mask);
            }

            foreach (var id in _trie.Range(rest))
            {
                var spelling = _trie.Spelling(id);
                if (spelling.Length > rest.Length && IdentifierText.IsNameEndByte(spelling[rest.Length]))
                {
                    mask.Allow(id);
                }
            }
        }

        return mask;
    }

    /// <summary>Whether a token spelled <paramref name="spelling"/> may follow <paramref name="typed"/>.</summary>
    public bool Allows(ReadOnlySpan<byte> typed, ReadOnlySpan<byte> spelling)
    {
        var run = IdentifierText.LeadingRun(spelling);
        Span<byte> word = stackalloc byte[typed.Length + run];
        typed.CopyTo(word);
        spelling[..run].CopyTo(word[typed.Length..]);
        if (word.Length == 0)
        {
            return false;
        }

        foreach (var name in _names)
        {
            if (run == spelling.Length ? name.AsSpan().StartsWith(word) : name.AsSpan().SequenceEqual(word) && IdentifierText.IsNameEndByte(spelling[run]))
            {
                return true;
            }
        }

        return false;
    }
}
