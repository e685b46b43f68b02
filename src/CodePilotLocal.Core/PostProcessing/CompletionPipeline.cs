using CodePilotLocal.Core.Completion;

namespace CodePilotLocal.Core.PostProcessing;

/// <summary>The post-processing filters, in the one order they run.</summary>
public sealed class CompletionPipeline
{
    private static readonly ICompletionFilter[] Truncating =
    [
        new LimitToSingleLine(),
        new DropRepeatedSuffixLines(),
        new DropBeyondBlock(),
    ];

    private static readonly ICompletionFilter[] Shaping =
    [
        new DropControlCharacters(),
        new TrimTrailingWhitespace(),
        new StripSuffixOverlap(),
        new NormalizeIndentation(),
        new DropWhitespaceOnly(),
    ];

    public static CompletionPipeline Default { get; } = new();

    /// <summary>The text to show, or "" when nothing worth showing is left.</summary>
    public string Process(string completion, CompletionContext context)
    {
        foreach (var filter in Truncating.Concat(Shaping))
        {
            completion = filter.Apply(completion, context);
            if (completion.Length == 0)
            {
                break;
            }
        }

        return completion;
    }

    /// <summary>
    /// True when more generated text could not change the result, because a truncating filter already
    /// cuts inside what has been generated: generation can stop there instead of running to its budget.
    /// </summary>
    public bool IsSettled(string generated, CompletionContext context)
    {
        var lastNewline = generated.LastIndexOf('\n');
        if (lastNewline < 0)
        {
            return false;
        }

        if (context.Mode == CompletionMode.SingleLine)
        {
            return true;
        }

        // Judge only complete lines plus the first character of the next, so that a line that leaves
        // the block is seen as soon as its indentation is known.
        var complete = generated[..lastNewline];
        var withNextLine = generated.Length > lastNewline + 1 && generated[(lastNewline + 1)..].Trim().Length > 0
            ? generated
            : complete;
        var truncated = withNextLine;
        foreach (var filter in Truncating)
        {
            truncated = filter.Apply(truncated, context);
        }

        return truncated.Length < withNextLine.Length;
    }
}
