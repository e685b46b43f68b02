using System.Text;
using CodePilotLocal.Core.NextEdit;
using CodePilotLocal.Core.Privacy;
using CodePilotLocal.Core.Text;
using CodePilotLocal.Indexing.Roslyn;
using CodePilotLocal.Indexing.Workspace;
using CodePilotLocal.Inference;
using CodePilotLocal.Server.Documents;
using Microsoft.Extensions.Logging;

namespace CodePilotLocal.Server.Services;

/// <summary>
/// Next edit suggestions: the edit the user is about to make, predicted by a next-edit model (Sweep's or Zeta's)
/// from the recent edits the server saw, the lines around the cursor and the declarations they use. The model
/// rewrites a window; the difference becomes the smallest edits; C# edits must add no compile error; an answer
/// for a document that changed meanwhile is dropped.
/// </summary>
internal sealed class NextEditService(
    ServerOptions options, WorkspaceState workspace, ContextService contexts, DocumentStore documents, EngineLoader loader, RemoteConnector connector,
    ILogger<NextEditService> logger)
    : IAsyncDisposable
{
    /// <summary>Repository context (declarations the window uses) in the prompt, where the format has room.</summary>
    public const int ContextTokens = 384;

    /// <summary>The rewritten window may take this many tokens at most (it is bounded by twice the window's own, too).</summary>
    public const int MaxTokens = 600;

    public static readonly TimeSpan TimeBudget = TimeSpan.FromSeconds(30);

    private readonly OwnedEngine _own = new(loader, "next-edit", logger);

    // Keyed by endpoint and name; the team's server is asked with the backend settings in force at that moment.
    private readonly OwnedEngine _remote = new(
        (_, _, cancellationToken) => connector(BackendOf(options, workspace) with { ModelName = workspace.Settings.NextEditModelName }, cancellationToken),
        "remote next-edit",
        logger);

    /// <summary>The workspace's recent edits (in memory only).</summary>
    public EditHistory History { get; } = new();

    private string? ModelPath => options.CommandLineNextEditModel ?? workspace.Settings.NextEditModelPath;

    private Inference.Remote.RemoteBackendOptions RemoteBackend => BackendOf(options, workspace);

    /// <summary>The team's server serves next edits: the backend is remote and names a next-edit model there (a local model path wins).</summary>
    private bool UsesRemote => ModelPath is null && RemoteBackend.Kind != Inference.Remote.BackendKind.Local && workspace.Settings.NextEditModelName is not null;

    /// <summary>A next edit may answer an inlineCompletion request the completion model left empty (see <see cref="ServerSettings.NextEditInline"/>).</summary>
    public bool AnswersInlineCompletion => IsOn && workspace.Settings.NextEditInline;

    private bool IsOn => workspace.Settings.NextEdit && (ModelPath is not null || UsesRemote);

    /// <summary>An edit the editor sent: kept for next-edit prompts while next edits are on, for files whose text may be in a prompt.</summary>
    public void DocumentChanged(Uri document, string before, string after)
    {
        if (IsOn && contexts.MayRead(document))
        {
            History.Record(RelativePathOf(document), before, after, DateTimeOffset.UtcNow);
        }
    }

    public async Task<NextEditSuggestion> SuggestAsync(OpenDocument document, LinePosition position, CancellationToken cancellationToken)
    {
        var offset = document.Text.ToOffset(position);
        if (!IsOn)
        {
            return NextEditSuggestion.None("next edits are off: set nextEditModel (or --next-edit-model) to a next-edit GGUF (Sweep's or Zeta's), or nextEditModelName for a team's server");
        }

        var path = UsesRemote ? $"{RemoteBackend.Endpoint} {workspace.Settings.NextEditModelName}" : ModelPath!;
        IInferenceEngine engine;
        try
        {
            engine = await (UsesRemote ? _remote : _own).GetAsync(path, workspace.Settings.Inference, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ModelLoadException or Inference.Remote.RemoteBackendException)
        {
            return NextEditSuggestion.None($"The next-edit model {path} could not be loaded: {e.Message}");
        }

        // A team's server reads the prompt as text and parses the markers itself: to us, its vocabulary has them all.
        var vocabulary = engine.Tokens ?? AnyToken.Instance;
        var model = engine.Model.Name;
        if (NextEditFormats.For(model, vocabulary, workspace.Settings.NextEditFormat) is not { } format)
        {
            return NextEditSuggestion.None($"{model} speaks no next-edit format this server knows ({string.Join(", ", NextEditFormats.All.Select(f => f.Name))}): set nextEditFormat", model);
        }

        var text = document.Text.Text;
        var relative = RelativePathOf(document.Uri);
        var window = EditableWindow.Around(text, offset);
        if (SecretRedactor.ContainsSecret(window.Text))
        {
            return NextEditSuggestion.None("the lines around the cursor hold a secret: they are not sent to a model", model, format.Name);
        }

        var before = History.LastBurst(relative)?.Before;
        var context = contexts.MayRead(document.Uri)
            ? contexts.DeclarationsUsedIn(relative, text, window.StartOffset, window.EndOffset, ContextTokens, engine, cancellationToken)
            : [];
        var prompt = format.Build(new NextEditInput(relative, text, offset, History.Recent(DateTimeOffset.UtcNow), before, context), vocabulary);
        string output;
        bool stopped;
        var statistics = new GenerationStatistics();
        try
        {
            (output, stopped) = await GenerateAsync(engine, format, prompt, vocabulary, statistics, cancellationToken).ConfigureAwait(false);
        }
        catch (PromptTooLongException e)
        {
            return NextEditSuggestion.None($"{e.Message} Raise contextSize for next edits.", model, format.Name, prompt.Text);
        }

        var outcome = NextEditEdits.From(text, prompt.Window, format.ParseWindow(prompt, output, stopped), before);
        if (Languages.For(relative) == Languages.CSharp && contexts.Index?.CSharp is { } semantics)
        {
            outcome = NextEditCheck.Checked(outcome, semantics, relative, text, cancellationToken);
        }

        if (documents.TryGet(document.Uri) is { } now && now.Version != document.Version)
        {
            outcome = NextEditOutcome.None("the document changed while the suggestion was computed");
        }

        logger.LogInformation("Next edit at {Path}:{Line}: {Count} edits{Why}", relative, position.Line + 1, outcome.Edits.Count, outcome.Dropped is null ? "" : " (" + outcome.Dropped + ")");
        var changes = outcome.Edits.Select(e => new NextEditChange(document.Text.ToPosition(e.Start), document.Text.ToPosition(e.End), e.NewText)).ToList();
        return new NextEditSuggestion(changes.Count > 0 ? Guid.NewGuid().ToString("N") : null, model, format.Name, changes, outcome.Dropped, prompt.Text)
        {
            Statistics = statistics,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _own.DisposeAsync().ConfigureAwait(false);
        await _remote.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Generates the rewritten window; "stopped" when it ended at a stop (special token or text marker), not at a limit.</summary>
    private static async Task<(string Output, bool Stopped)> GenerateAsync(
        IInferenceEngine engine, INextEditFormat format, NextEditPrompt prompt, Core.Fim.IVocabularyLookup vocabulary, GenerationStatistics statistics,
        CancellationToken cancellationToken)
    {
        var textStops = format.StopStrings.Where(s => !vocabulary.Contains(s)).ToList();
        var maxTokens = Math.Min(MaxTokens, engine.Count(prompt.Window.Text) * 2 + 32);
        var request = new GenerationRequest(prompt.Parts, maxTokens, TimeBudget, format.StopStrings.Where(vocabulary.Contains).ToList(), statistics);
        var output = new StringBuilder();
        await foreach (var piece in engine.GenerateAsync(request, cancellationToken).ConfigureAwait(false))
        {
            output.Append(piece);
            var written = output.ToString();
            if (textStops.Select(s => written.IndexOf(s, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min() is var stop and >= 0)
            {
                return (written[..stop], true);
            }
        }

        return (output.ToString(), statistics.StopReason is "end-of-text" or "stop-token");
    }

    private sealed class AnyToken : Core.Fim.IVocabularyLookup
    {
        public static readonly AnyToken Instance = new();

        public bool Contains(string tokenText) => true;
    }

    private static Inference.Remote.RemoteBackendOptions BackendOf(ServerOptions options, WorkspaceState workspace) =>
        options.CommandLineBackend ?? workspace.Settings.Backend;

    private string RelativePathOf(Uri document) =>
        CompletionTarget.For(document, workspace.RootPath).RelativePath ?? Path.GetFileName(document.LocalPath);
}
