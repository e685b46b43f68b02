namespace CodePilotLocal.Core.NextEdit;

/// <summary>Which prompt format a next-edit model speaks, from its name and vocabulary, as FIM templates are chosen.</summary>
public static class NextEditFormats
{
    public static readonly INextEditFormat Sweep = new SweepNextEditFormat();
    public static readonly INextEditFormat Zeta = new ZetaNextEditFormat();

    public static IReadOnlyList<INextEditFormat> All { get; } = [Sweep, Zeta];

    public static INextEditFormat? Named(string name) => All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A name given by the user wins; else Zed's Zeta by its model name (its markers are plain text, so its
    /// vocabulary does not tell); else Sweep's where the vocabulary has Qwen2.5-Coder's <c>&lt;|file_sep|&gt;</c>, the
    /// format Sweep's models were trained on; else none.
    /// </summary>
    public static INextEditFormat? For(string modelName, Fim.IVocabularyLookup vocabulary, string? chosen = null) =>
        chosen is not null ? Named(chosen)
        : modelName.Contains("zeta", StringComparison.OrdinalIgnoreCase) ? Zeta
        : vocabulary.Contains(SweepNextEditFormat.FileSeparator) ? Sweep
        : null;
}
