namespace CodePilotLocal.Core.Caching;

/// <summary>
/// Which of the places kept in the KV cache (one sequence each) a new prompt goes to. A prompt that
/// mostly continues a place (typing there) goes to that place. A prompt that does not (the cursor
/// jumped to another method or file) goes to a place of its own, so that the one just left stays warm
/// for the way back, and starts from the longest prompt prefix any place has (shared, not copied:
/// llama.cpp's unified cache lets sequences share cells). Places are given up least recently used
/// first, whenever the cache would otherwise not hold the new prompt and its answer.
/// </summary>
public static class WarmPlaces
{
    /// <summary>A prompt that reuses at least this share of a place's tokens continues that place.</summary>
    public const double ContinueShare = 0.75;

    /// <param name="places">Each place's cached tokens, by place index (empty: a free place).</param>
    /// <param name="lastUsed">When each place was last used (any increasing stamp).</param>
    /// <param name="reserve">Tokens the answer may add.</param>
    /// <param name="capacity">Tokens the cache holds, all places together.</param>
    /// <param name="minimumChunk">The reuse plans' chunk size (see <see cref="KvReusePlan.Create"/>).</param>
    public static PlaceChoice Choose(
        IReadOnlyList<IReadOnlyList<int>> places, IReadOnlyList<long> lastUsed, IReadOnlyList<int> prompt, int reserve, int capacity, int minimumChunk)
    {
        var best = -1;
        KvReusePlan? bestPlan = null;
        for (var place = 0; place < places.Count; place++)
        {
            if (places[place].Count == 0)
            {
                continue;
            }

            var plan = KvReusePlan.Create(places[place], prompt, minimumChunk);
            if (bestPlan is null || plan.ReusedTokens > bestPlan.ReusedTokens
                || plan.ReusedTokens == bestPlan.ReusedTokens && lastUsed[place] > lastUsed[best])
            {
                (best, bestPlan) = (place, plan);
            }
        }

        var needed = prompt.Count + reserve;
        var free = Enumerable.Range(0, places.Count).FirstOrDefault(p => places[p].Count == 0, -1);
        var keepsBest = best >= 0 && places[best].Count + needed <= capacity;
        var continues = best >= 0 && bestPlan!.ReusedTokens >= ContinueShare * prompt.Count;
        int target;
        var copyLength = 0;
        if (best >= 0 && (continues || !keepsBest))
        {
            target = best; // typing on, or no room to keep it anyway: reuse it in place, moved chunks and all
        }
        else
        {
            target = free >= 0 ? free : LeastRecentlyUsed(places, lastUsed, except: [best]);
            copyLength = best >= 0 ? bestPlan!.CommonPrefix : 0;
        }

        var evict = new List<int>();
        var held = Enumerable.Range(0, places.Count).Where(p => p != target).Sum(p => places[p].Count);
        while (held + Math.Max(needed, copyLength) > capacity)
        {
            var victim = LeastRecentlyUsed(places, lastUsed, except: [target, .. evict]);
            if (victim < 0)
            {
                break;
            }

            evict.Add(victim);
            held -= places[victim].Count;
        }

        return new PlaceChoice(target, copyLength > 0 ? best : -1, copyLength, evict, Resumed: target == best && best >= 0 && !IsMostRecent(best, places, lastUsed));
    }

    private static int LeastRecentlyUsed(IReadOnlyList<IReadOnlyList<int>> places, IReadOnlyList<long> lastUsed, int[] except) =>
        Enumerable.Range(0, places.Count)
            .Where(p => places[p].Count > 0 && !except.Contains(p))
            .OrderBy(p => lastUsed[p])
            .DefaultIfEmpty(-1)
            .First();

    private static bool IsMostRecent(int place, IReadOnlyList<IReadOnlyList<int>> places, IReadOnlyList<long> lastUsed) =>
        Enumerable.Range(0, places.Count).Where(p => places[p].Count > 0).All(p => lastUsed[p] <= lastUsed[place]);
}
