using System.Text;

namespace CodePilotLocal.Core.Guidance;

/// <summary>
/// Steers one generation token by token: first the healed text is reproduced, then after every member
/// access whose receiver binds only member names are allowed. Before sampling it gives the mask for a
/// state it knows (after a dot, inside a name, while healing); after sampling it checks the chosen token
/// for a dot inside it (".Count", "s.Add") and refuses it when the name that follows does not exist, so
/// that the model's own choice stands wherever it is valid. Where a mask would leave nothing, it stands
/// aside and says why.
/// </summary>
public sealed class DecodingGuide
{
    /// <summary>After this many refused choices in one step, every token that crosses a dot is refused.</summary>
    public const int MaxVetoesPerStep = 4;

    private readonly VocabularyTrie _trie;
    private readonly GuidanceRequest _request;
    private readonly byte[] _healed;
    private readonly List<byte> _generated = [];
    private readonly Dictionary<string, MemberSite?> _sites = new(StringComparer.Ordinal);
    private Active? _active;
    private bool _siteDue;
    private TokenMask? _stepMask;
    private int _stepVetoes;
    private (int Token, MemberSite Site, int NameStart)? _acceptedSite;

    public DecodingGuide(VocabularyTrie trie, GuidanceRequest request)
    {
        _trie = trie;
        _request = request;
        _healed = Encoding.UTF8.GetBytes(request.Healed);
        Report.Healed = request.Healed;
        Report.HealedReproduced = _healed.Length == 0;
        _active = _healed.Length > 0 ? new Healing() : null;
        _siteDue = request.Oracle is not null;
    }

    public GuidanceReport Report => _request.Report;

    /// <summary>The mask for the next token; null when the model chooses freely.</summary>
    public TokenMask? NextMask()
    {
        _stepVetoes = 0;
        _acceptedSite = null;
        if (_siteDue)
        {
            _siteDue = false;
            StartSite();
        }

        _stepMask = _active switch
        {
            Healing => HealingMask(),
            Members members => MembersMask(members),
            _ => null,
        };
        return _stepMask;
    }

    /// <summary>Checks the sampled token: null accepts it; otherwise a mask refusing it (and every token failing the same way) to apply before sampling again.</summary>
    public TokenMask? Veto(int token)
    {
        _acceptedSite = null;
        if (_request.Oracle is null)
        {
            return null;
        }

        var spelling = _trie.Spelling(token);
        var from = _active switch
        {
            Healing => Math.Min(spelling.Length, _healed.Length - _generated.Count),
            Members members => IdentifierText.LeadingRun(spelling) is var run && run == spelling.Length ? spelling.Length : run,
            _ => 0,
        };
        var dot = DotBeforeName(spelling, from);
        if (dot < 0 || SiteAt(spelling[..(dot + 1)]) is not { } site)
        {
            return null;
        }

        var constraint = new MemberNameConstraint(_trie, site.Names);
        if (constraint.Allows([], spelling[(dot + 1)..]))
        {
            _acceptedSite = (token, site, _generated.Count + dot + 1);
            return null;
        }

        var veto = new TokenMask(_trie.Size, allowAll: true);
        if (++_stepVetoes >= MaxVetoesPerStep)
        {
            ForbidEveryDotCrossing(veto);
        }
        else
        {
            var prefix = spelling[..(dot + 1)];
            foreach (var id in _trie.Range(prefix))
            {
                if (!constraint.Allows([], _trie.Spelling(id)[prefix.Length..]))
                {
                    veto.Forbid(id);
                }
            }
        }

        if (_stepMask is { } step && !Intersects(step, veto))
        {
            Fallback($"refusing '{Encoding.UTF8.GetString(spelling)}' after '{site.Receiver}.' would leave no token");
            return null;
        }

        Report.Sites.Add(new GuardedSite(site.Receiver, GeneratedText().Length + Encoding.UTF8.GetCharCount(spelling[..(dot + 1)]), site.Names.Count, Vetoed: true));
        return veto;
    }

    public void Accept(int token)
    {
        var before = _generated.Count;
        _generated.AddRange(_trie.Spelling(token));
        if (before < _healed.Length && _generated.Count >= _healed.Length)
        {
            Report.HealedReproduced = _generated.Take(_healed.Length).SequenceEqual(_healed);
            if (_active is Healing)
            {
                _active = null;
            }
        }

        if (_active is Members members && EndsName(members.NameStart))
        {
            _active = null;
        }

        if (_acceptedSite is { } accepted && accepted.Token == token)
        {
            _active = new Members(new MemberNameConstraint(_trie, accepted.Site.Names), accepted.NameStart);
            if (EndsName(accepted.NameStart))
            {
                _active = null;
            }
        }

        _siteDue = _active is null && _request.Oracle is not null && _generated.Count > before && _generated[^1] == (byte)'.';
    }

    private void StartSite()
    {
        if (SiteAt([]) is not { } site)
        {
            return;
        }

        var names = site.Names;
        if (_active is Healing)
        {
            names = names.Where(n => n.StartsWith(_request.Healed, StringComparison.Ordinal)).ToList();
            if (names.Count == 0)
            {
                Fallback($"no member of '{site.Receiver}' starts with '{_request.Healed}': healing only");
                return;
            }
        }

        Report.Sites.Add(new GuardedSite(site.Receiver, GeneratedText().Length, names.Count, Vetoed: false));
        _active = new Members(new MemberNameConstraint(_trie, names), _generated.Count);
    }

    private TokenMask? HealingMask()
    {
        var mask = new TokenMask(_trie.Size);
        _trie.AllowPrefixCompatible(_healed.AsSpan(_generated.Count), mask);
        if (mask.IsEmpty)
        {
            Fallback($"no token can spell '{_request.Healed}'");
            _active = null;
            return null;
        }

        return mask;
    }

    private TokenMask? MembersMask(Members members)
    {
        var mask = members.Constraint.Mask([.. _generated.Skip(members.NameStart)]);
        if (!mask.IsEmpty)
        {
            return mask;
        }

        Fallback($"no token of this vocabulary can spell a member here ({members.Constraint.NameCount} names)");
        _active = _generated.Count < _healed.Length ? new Healing() : null;
        return _active is Healing ? HealingMask() : null;
    }

    private MemberSite? SiteAt(ReadOnlySpan<byte> throughDot)
    {
        var text = GeneratedText() + Encoding.UTF8.GetString(throughDot);
        if (!_sites.TryGetValue(text, out var site))
        {
            _sites[text] = site = _request.Oracle!.MembersAfter(text) is { Names.Count: > 0 } found ? found : null;
        }

        return site;
    }

    /// <summary>Whether the bytes since <paramref name="nameStart"/> hold a complete name followed by a non-identifier byte.</summary>
    private bool EndsName(int nameStart)
    {
        var typed = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_generated)[nameStart..];
        return IdentifierText.LeadingRun(typed) < typed.Length;
    }

    /// <summary>The index of the first '.' at or after <paramref name="from"/> that an identifier byte follows; −1 if none.</summary>
    private static int DotBeforeName(ReadOnlySpan<byte> spelling, int from)
    {
        for (var i = from; i + 1 < spelling.Length; i++)
        {
            if (spelling[i] == (byte)'.' && IdentifierText.IsIdentifierByte(spelling[i + 1]))
            {
                return i;
            }
        }

        return -1;
    }

    private void ForbidEveryDotCrossing(TokenMask veto)
    {
        for (var id = 0; id < _trie.Size; id++)
        {
            if (DotBeforeName(_trie.Spelling(id), 0) >= 0)
            {
                veto.Forbid(id);
            }
        }
    }

    private static bool Intersects(TokenMask a, TokenMask b) => a.Allowed().Any(b.Allows);

    private string GeneratedText() => Encoding.UTF8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_generated));

    private void Fallback(string why) => Report.Fallbacks.Add(why);

    private abstract record Active;

    private sealed record Healing : Active;

    private sealed record Members(MemberNameConstraint Constraint, int NameStart) : Active;
}
