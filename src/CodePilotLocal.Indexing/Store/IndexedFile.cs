using CodePilotLocal.Core.Context;
using CodePilotLocal.Indexing.Roslyn;

namespace CodePilotLocal.Indexing.Store;

/// <summary>Everything the index keeps of one file, written in one transaction.</summary>
/// <param name="Hash">SHA-256 of the file's bytes: unchanged files are not indexed again.</param>
public sealed record IndexedFile(string Path, string Hash, string Language, int Lines, IReadOnlyList<TextChunk> Chunks, IReadOnlyList<DeclaredSymbol> Symbols);

/// <summary>A chunk found by similar-code search.</summary>
/// <param name="Score">BM25, higher is better.</param>
public sealed record ChunkHit(string Path, int StartLine, int EndLine, string Text, double Score);

/// <summary>A commit that touched a file, newest first.</summary>
public sealed record FileCommit(string Path, string Sha, DateTimeOffset When, string Message);

/// <summary>What the index holds.</summary>
public sealed record IndexCounts(int Files, int Chunks, int Symbols, int CoChangePairs, int Commits);
