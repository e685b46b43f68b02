using CodePilotLocal.Core.Context;

namespace CodePilotLocal.Indexing.Context;

/// <summary>The context gathered for one request: every candidate considered, and those chosen for the prompt.</summary>
public sealed record RepositoryContext(string RelativePath, IReadOnlyList<ContextSnippet> Candidates, ContextSelection Selection, TimeSpan Elapsed);
