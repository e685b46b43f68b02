namespace CodePilotLocal.Core.Context;

/// <summary>Why a piece of the repository is in the prompt.</summary>
public enum SnippetReason
{
    /// <summary>The declaration of a type or member used near the cursor (Roslyn).</summary>
    Semantic,

    /// <summary>Changed in the same commits as this file (git history).</summary>
    CoChange,

    /// <summary>This file's uncommitted or most recent change (git).</summary>
    Diff,

    /// <summary>Shares the most words with the code around the cursor (BM25).</summary>
    Similar,
}
