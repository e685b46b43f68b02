namespace CodePilotLocal.Core.Caching;

/// <summary>
/// How to turn the tokens already in a KV cache into a new prompt with the least evaluation: keep the
/// common prefix and, when chunk reuse is on, move later runs of cached tokens that the new prompt
/// repeats to their new positions. Unlike llama-server's --cache-reuse, which only closes gaps, text
/// inserted in the middle (typing at the cursor of a prefix-suffix-middle prompt) is evaluated in place
/// and the unchanged suffix after it is moved forward.
/// </summary>
/// <param name="Reused">Runs of cached tokens kept, in prompt order (the common prefix is the first).</param>
/// <param name="ToEvaluate">Prompt ranges to evaluate, in order; the last always ends with the last prompt token.</param>
public sealed record KvReusePlan(IReadOnlyList<KvChunk> Reused, IReadOnlyList<PromptRange> ToEvaluate)
{
    public int CommonPrefix => Reused is [{ CachePosition: 0, PromptPosition: 0 } first, ..] ? first.Length : 0;

    public int ReusedTokens => Reused.Sum(c => c.Length);

    /// <summary>
    /// Tokens evaluated in front of a moved chunk: the text the moved chunks did not see when they were
    /// computed. Evaluating the tail after the last moved chunk makes nothing stale.
    /// </summary>
    public int TokensBeforeMovedChunks
    {
        get
        {
            var movedEnd = Reused.Where(c => c.CachePosition > 0 || c.PromptPosition > 0)
                .Select(c => c.PromptPosition + c.Length).DefaultIfEmpty(0).Max();
            return ToEvaluate.Sum(r => Math.Clamp(movedEnd - r.Start, 0, r.Length));
        }
    }

    /// <summary>True when only a common prefix is kept: the cache then stays a contiguous prefix at every step.</summary>
    public bool IsPrefixOnly => Reused.All(c => c.CachePosition == 0 && c.PromptPosition == 0);

    /// <summary>
    /// Plans reuse of <paramref name="cached"/> for <paramref name="prompt"/>. The last prompt token is
    /// never reused, so its logits are always fresh. With <paramref name="minimumChunk"/> 0 only the
    /// common prefix is kept, and the result is exactly what a cold cache computes. Moved chunks keep the
    /// attention they computed in their old context: an approximation that trades exactness for speed.
    /// </summary>
    public static KvReusePlan Create(IReadOnlyList<int> cached, IReadOnlyList<int> prompt, int minimumChunk)
    {
        var usable = prompt.Count - 1;
        var prefix = 0;
        while (prefix < cached.Count && prefix < usable && cached[prefix] == prompt[prefix])
        {
            prefix++;
        }

        var reused = new List<KvChunk>();
        if (prefix > 0)
        {
            reused.Add(new KvChunk(0, 0, prefix));
        }

        var toEvaluate = new List<PromptRange>();
        var evaluateFrom = prefix;
        if (minimumChunk > 0)
        {
            var positions = IndexPositions(cached, prefix);
            var headCache = prefix;
            var headPrompt = prefix;
            while (headPrompt < usable)
            {
                if (FindChunk(cached, prompt, positions, headCache, headPrompt, usable, minimumChunk) is { } chunk)
                {
                    if (evaluateFrom < headPrompt)
                    {
                        toEvaluate.Add(new PromptRange(evaluateFrom, headPrompt - evaluateFrom));
                    }

                    reused.Add(chunk);
                    headPrompt += chunk.Length;
                    headCache = chunk.CachePosition + chunk.Length;
                    evaluateFrom = headPrompt;
                }
                else
                {
                    headPrompt++;
                }
            }
        }

        toEvaluate.Add(new PromptRange(evaluateFrom, prompt.Count - evaluateFrom));
        return new KvReusePlan(reused, toEvaluate);
    }

    private static Dictionary<int, List<int>> IndexPositions(IReadOnlyList<int> cached, int from)
    {
        var positions = new Dictionary<int, List<int>>();
        for (var i = from; i < cached.Count; i++)
        {
            if (!positions.TryGetValue(cached[i], out var list))
            {
                positions[cached[i]] = list = [];
            }

            list.Add(i);
        }

        return positions;
    }

    /// <summary>The first run of at least <paramref name="minimumChunk"/> cached tokens, at or after headCache, that the prompt repeats at headPrompt.</summary>
    private static KvChunk? FindChunk(
        IReadOnlyList<int> cached, IReadOnlyList<int> prompt, Dictionary<int, List<int>> positions,
        int headCache, int headPrompt, int usable, int minimumChunk)
    {
        if (!positions.TryGetValue(prompt[headPrompt], out var candidates))
        {
            return null;
        }

        foreach (var start in candidates)
        {
            if (start < headCache)
            {
                continue;
            }

            var length = 0;
            while (start + length < cached.Count && headPrompt + length < usable && cached[start + length] == prompt[headPrompt + length])
            {
                length++;
            }

            if (length >= minimumChunk)
            {
                return new KvChunk(start, headPrompt, length);
            }
        }

        return null;
    }
}

/// <summary>Cached tokens at [CachePosition, +Length) that the prompt has at [PromptPosition, +Length).</summary>
public readonly record struct KvChunk(int CachePosition, int PromptPosition, int Length)
{
    public int Shift => PromptPosition - CachePosition;
}

public readonly record struct PromptRange(int Start, int Length);
