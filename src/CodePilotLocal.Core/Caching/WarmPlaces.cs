namespace CodePilotLocal.Core.Caching;

/// <summary>
/// Where a new prompt starts from. The KV cache holds one place, the live one; places the user left (the
/// method before the jump, the class beside its test) are kept outside it, in host memory, so that
/// generation never pays attention over cells of places it does not use (measured: 8 % slower per token
/// with seven places' cells beside the live one in a unified cache, and the prompt slower still without
/// flash attention). A prompt continues the live place unless a kept place holds more of it. The live place
/// is kept, for the way back, before a kept one replaces it and before a prompt that does not mostly
/// continue it (the cursor went somewhere new) changes it.
/// </summary>
public static class WarmPlaces
{
    /// <summary>A prompt that reuses at least this share of its tokens from the live place is typing on there.</summary>
    public const double ContinueShare = 0.75;

    /// <param name="live">The tokens the KV cache holds.</param>
    /// <param name="kept">Each kept place's tokens, least recently used first.</param>
    /// <param name="minimumChunk">The reuse plans' chunk size (see <see cref="KvReusePlan.Create"/>).</param>
    public static PlaceChoice Choose(IReadOnlyList<int> live, IReadOnlyList<IReadOnlyList<int>> kept, IReadOnlyList<int> prompt, int minimumChunk)
    {
        var liveReuse = live.Count == 0 ? 0 : KvReusePlan.Create(live, prompt, minimumChunk).ReusedTokens;
        var restore = -1;
        var bestReuse = liveReuse;
        for (var place = 0; place < kept.Count; place++)
        {
            var reuse = KvReusePlan.Create(kept[place], prompt, minimumChunk).ReusedTokens;
            if (reuse > bestReuse || reuse == bestReuse && restore >= 0)
            {
                (restore, bestReuse) = (place, reuse); // on a tie, the more recently used
            }
        }

        var keepLive = live.Count > 0 && (restore >= 0 || liveReuse < ContinueShare * prompt.Count);
        return new PlaceChoice(restore, keepLive);
    }

    /// <summary>Kept places to drop, least recently used first, until the rest fit in <paramref name="budget"/>.</summary>
    /// <param name="sizes">Each kept place's size, least recently used first.</param>
    public static IReadOnlyList<int> OverBudget(IReadOnlyList<long> sizes, long budget)
    {
        var held = sizes.Sum();
        var drop = new List<int>();
        for (var place = 0; place < sizes.Count && held > budget; place++)
        {
            drop.Add(place);
            held -= sizes[place];
        }

        return drop;
    }
}
