using CodePilotLocal.Core.Completion;
using CodePilotLocal.Core.Guidance;
using CodePilotLocal.Indexing.Roslyn;
using CodePilotLocal.Inference;

namespace CodePilotLocal.Server.Services;

/// <summary>
/// Token healing, the dereference guard and the compile check for one completion: what the prompt
/// leaves out, what the engine must respect, and what the suggestion keeps. The guard and the check
/// need a C# file of the indexed workspace; healing needs an engine that can steer (not an OpenAI server).
/// </summary>
internal sealed class CompletionGuidance
{
    private readonly CSharpSemantics? _semantics;
    private readonly string? _path;
    private readonly string _text;
    private readonly int _offset;

    private CompletionGuidance(CompletionContext context, string healed, GuidanceRequest? request, CSharpSemantics? semantics, string? path, string text, int offset)
    {
        PromptContext = WithoutHealed(context, healed);
        Healed = healed;
        Request = request;
        _semantics = semantics;
        _path = path;
        _text = text;
        _offset = offset;
    }

    /// <summary>The window the prompt is built from: the context less the healed text.</summary>
    public CompletionContext PromptContext { get; }

    public string Healed { get; }

    /// <summary>What the engine is asked to respect; null when nothing is.</summary>
    public GuidanceRequest? Request { get; }

    /// <summary>The last suggestion as it was before the compile check.</summary>
    public string Unchecked { get; private set; } = "";

    /// <summary>Names the compile check cut at, in the last suggestion checked.</summary>
    public IReadOnlyList<MissingName> Cut { get; private set; } = [];

    public GuidanceOutcome Outcome => Request?.Report is { } report
        ? new GuidanceOutcome(Healed, [.. report.Sites], [.. report.Fallbacks], Cut, [.. report.MicrosecondsPerToken], Unchecked)
        : new GuidanceOutcome("", [], [], Cut, [], Unchecked);

    /// <summary>The window a prompt is built from where only the prompt matters (prewarm, preview): the word at the cursor healed away.</summary>
    public static CompletionContext PromptContextFor(IInferenceEngine engine, CompletionOptions options, CompletionContext context) =>
        WithoutHealed(context, HealedText(engine, options, context));

    /// <param name="semantics">The workspace's C# compilation; null outside a workspace or for other languages.</param>
    /// <param name="path">The document's workspace-relative path.</param>
    public static CompletionGuidance Prepare(
        IInferenceEngine engine, CompletionOptions options, CompletionContext context, CSharpSemantics? semantics, string? path, string text, int offset)
    {
        if (engine.Guidance == GuidanceSupport.None)
        {
            return new CompletionGuidance(context, "", null, null, null, "", 0);
        }

        var healed = HealedText(engine, options, context);
        var guarded = options.SemanticGuard && semantics is not null && path is not null;
        var oracle = guarded ? new RoslynMemberOracle(semantics!, path!, text[..(offset - healed.Length)], text[offset..]) : null;
        var request = healed.Length > 0 || oracle is not null ? new GuidanceRequest(healed, oracle) : null;
        return new CompletionGuidance(context, healed, request, guarded ? semantics : null, path, text, offset);
    }

    /// <summary>What healing takes off the prompt: nothing where it is off or the engine cannot steer.</summary>
    private static string HealedText(IInferenceEngine engine, CompletionOptions options, CompletionContext context) =>
        engine.Guidance != GuidanceSupport.None && options.TokenHealing ? TokenHealing.Pick(context.Prefix) : "";

    private static CompletionContext WithoutHealed(CompletionContext context, string healed) =>
        healed.Length == 0 ? context : context with { Prefix = context.Prefix[..^healed.Length] };

    /// <summary>The generated text as a continuation of the cursor: the healed text taken off again; "" if the generation did not reproduce it.</summary>
    public string AfterCursor(string generated) =>
        generated.StartsWith(Healed, StringComparison.Ordinal) ? generated[Healed.Length..] : "";

    /// <summary>
    /// Binds the suggestion in place and cuts it before the first name that does not exist (and that
    /// the text without it did not use already); the rest is kept as it is.
    /// </summary>
    public string CheckCompiles(string suggestion, CancellationToken cancellationToken)
    {
        Cut = [];
        Unchecked = suggestion;
        if (_semantics is null || suggestion.Length == 0 || !suggestion.Any(IdentifierText.IsIdentifierChar))
        {
            return suggestion;
        }

        var inserted = _text[.._offset] + suggestion + _text[_offset..];
        var missing = MissingNames.In(_semantics.ModelAt(_path!, inserted, _offset, cancellationToken), _offset, _offset + suggestion.Length, cancellationToken: cancellationToken);
        if (missing.Count == 0)
        {
            return suggestion;
        }

        Cut = missing;
        var kept = suggestion[..Math.Max(0, missing[0].Offset - _offset)].TrimEnd(); // a word typed before the cursor and run on by the suggestion cuts it all
        return kept.Trim().Length == 0 ? "" : kept;
    }
}
