namespace CodePilotLocal.Core.Completion;

/// <summary>The text around the cursor that a completion is computed and post-processed for.</summary>
/// <param name="Prefix">Document text before the cursor, cut to the window.</param>
/// <param name="Suffix">Document text after the cursor, cut to the window.</param>
public sealed record CompletionContext(string Prefix, string Suffix, CompletionMode Mode, string IndentUnit)
{
    /// <summary>Text on the cursor's line before the cursor.</summary>
    public string LinePrefix => Prefix[(Prefix.LastIndexOfAny(['\n', '\r']) + 1)..];

    /// <summary>Text on the cursor's line after the cursor.</summary>
    public string LineSuffix
    {
        get
        {
            var end = Suffix.IndexOfAny(['\n', '\r']);
            return end < 0 ? Suffix : Suffix[..end];
        }
    }

    /// <summary>The leading whitespace of the cursor's line.</summary>
    public string LineIndentation => TextShape.LeadingWhitespace(LinePrefix);
}
