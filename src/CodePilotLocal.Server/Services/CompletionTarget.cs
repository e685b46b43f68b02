using CodePilotLocal.Core.Completion;
using CodePilotLocal.Core.Context;
using CodePilotLocal.Core.Fim;

namespace CodePilotLocal.Server.Services;

/// <summary>Where the document lives, for repo-level prompt formats; both null outside a workspace.</summary>
internal sealed record CompletionTarget(string? RelativePath, string? RepositoryName)
{
    /// <summary>The FIM input for a window around the cursor in this file, with the repository's snippets when there are any.</summary>
    public FimInput InputFor(CompletionContext context, IReadOnlyList<ContextSnippet>? snippets = null) =>
        new(context.Prefix, context.Suffix, RelativePath, RepositoryName, snippets);

    public static CompletionTarget For(Uri document, string? workspaceRoot)
    {
        if (workspaceRoot is null || !document.IsFile)
        {
            return new CompletionTarget(null, null);
        }

        var path = document.LocalPath;
        var relative = Path.GetRelativePath(workspaceRoot, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? new CompletionTarget(null, null)
            : new CompletionTarget(relative.Replace('\\', '/'), Path.GetFileName(workspaceRoot.TrimEnd('/', '\\')));
    }
}
