namespace CodePilotLocal.Core.Context;

/// <summary>
/// Turns the candidate snippets of one request into the prompt's context: drops duplicates and
/// overlaps, takes the best of each kind in turn (so one kind cannot crowd out the others) until the
/// token budget is spent, and orders the chosen ones so that what changes least comes first: the KV
/// cache then keeps the declarations while the user types and only the similar code after them moves.
/// Given the context the previous prompt in the same file carried, the snippets of it that are still
/// candidates here go first in the prompt, in their old order, so the KV cache keeps that prefix. In their
/// kind's turns, retrieved code (similar, co-changed, diff: scores that jitter with every keystroke's query
/// terms) counts <see cref="StickyAdvantage"/> times its score, so typing keeps the same context; declarations
/// keep their own ranking (it changes only when the code at the cursor does: a type just used or just indexed
/// must get in) and win ties.
/// </summary>
public static class ContextAssembler
{
    /// <summary>No tokenizer of code averages more characters per token than this, so length / this is a lower bound of a snippet's tokens.</summary>
    public const int MaxCharactersPerToken = 8;

    /// <summary>How much more retrieved code the last prompt carried weighs than new code of the same score.</summary>
    public const double StickyAdvantage = 2.0;

    /// <summary>Order of the kinds in the prompt, most stable first.</summary>
    public static readonly IReadOnlyList<SnippetReason> PromptOrder =
        [SnippetReason.Semantic, SnippetReason.CoChange, SnippetReason.Diff, SnippetReason.Similar];

    // The kinds take turns in this order; declarations first because they decide whether the code compiles.
    private static readonly SnippetReason[] TurnOrder =
        [SnippetReason.Semantic, SnippetReason.Similar, SnippetReason.Diff, SnippetReason.CoChange];

    public static ContextSelection Assemble(IEnumerable<ContextSnippet> candidates, int tokenBudget, ITokenCounter counter, IReadOnlyList<ContextSnippet>? previous = null)
    {
        var unique = Deduplicate(candidates);
        var earlier = previous?.ToList() ?? [];
        int PlaceInPrevious(ContextSnippet snippet) => earlier.FindIndex(old => old.SameContentAs(snippet));
        var queues = unique
            .GroupBy(s => s.Reason)
            .ToDictionary(g => g.Key, g => new Queue<ContextSnippet>(g
                .OrderByDescending(s => PlaceInPrevious(s) >= 0 && s.Reason != SnippetReason.Semantic ? s.Score * StickyAdvantage : s.Score)
                .ThenBy(s => PlaceInPrevious(s) is var place && place >= 0 ? place : int.MaxValue)));
        var chosen = new List<ChosenSnippet>();
        var spent = 0;
        var skipped = 0;
        while (queues.Values.Any(q => q.Count > 0))
        {
            foreach (var reason in TurnOrder)
            {
                if (!queues.TryGetValue(reason, out var queue) || queue.Count == 0)
                {
                    continue;
                }

                var snippet = queue.Dequeue();
                if (spent + ((snippet.Path.Length + snippet.Text.Length) / MaxCharactersPerToken) > tokenBudget)
                {
                    skipped++;
                    continue; // cannot fit: not worth a tokenizer call (they cost milliseconds each)
                }

                var tokens = Cost(snippet, counter);
                if (spent + tokens > tokenBudget)
                {
                    skipped++;
                    continue; // a smaller one of the same kind may still fit
                }

                chosen.Add(new ChosenSnippet(snippet, tokens));
                spent += tokens;
            }
        }

        var ordered = chosen
            .OrderBy(c => PlaceInPrevious(c.Snippet) is var place && place >= 0 ? place : int.MaxValue)
            .ThenBy(c => PromptOrderOf(c.Snippet.Reason))
            .ThenBy(c => c.Snippet.Path, StringComparer.Ordinal)
            .ThenBy(c => c.Snippet.StartLine)
            .ToList();
        return new ContextSelection(ordered, spent, skipped);
    }

    /// <summary>The snippet's tokens in the prompt: its path, its text and the two separators around them.</summary>
    private static int Cost(ContextSnippet snippet, ITokenCounter counter) => counter.Count(snippet.Path) + counter.Count(snippet.Text) + 2;

    private static int PromptOrderOf(SnippetReason reason) => reason switch
    {
        SnippetReason.Semantic => 0,
        SnippetReason.CoChange => 1,
        SnippetReason.Diff => 2,
        _ => 3,
    };

    private static List<ContextSnippet> Deduplicate(IEnumerable<ContextSnippet> candidates)
    {
        var kept = new List<ContextSnippet>();
        var texts = new HashSet<string>(StringComparer.Ordinal);
        // Scores of different kinds do not compare: where two overlap, the more specific kind wins (a
        // declaration's outline over a raw chunk of the same lines), then the higher score.
        foreach (var snippet in candidates.Where(s => !string.IsNullOrWhiteSpace(s.Text)).OrderBy(s => PromptOrderOf(s.Reason)).ThenByDescending(s => s.Score))
        {
            var normalized = string.Join(' ', snippet.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            if (!texts.Add(normalized) || (snippet.Reason != SnippetReason.Diff && kept.Any(k => k.Reason != SnippetReason.Diff && k.Overlaps(snippet))))
            {
                continue;
            }

            kept.Add(snippet);
        }

        return kept;
    }
}

/// <summary>A snippet that made it into the prompt, and what it costs there.</summary>
public sealed record ChosenSnippet(ContextSnippet Snippet, int Tokens);

/// <summary>The context of one prompt, in prompt order.</summary>
/// <param name="Skipped">Candidates that did not fit the budget.</param>
public sealed record ContextSelection(IReadOnlyList<ChosenSnippet> Snippets, int Tokens, int Skipped)
{
    public static readonly ContextSelection Empty = new([], 0, 0);
}
