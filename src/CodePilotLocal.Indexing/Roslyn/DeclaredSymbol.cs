namespace CodePilotLocal.Indexing.Roslyn;

/// <summary>A type or member declared in a C# file, as the symbol table keeps it.</summary>
/// <param name="Container">The namespace and enclosing types, dotted; empty at the top level.</param>
/// <param name="Signature">The declaration without its body, on one line.</param>
/// <param name="Summary">The XML doc summary, plain text; null when there is none.</param>
/// <param name="Outline">For types: the type with member signatures and no bodies (what a prompt shows); for members: the signature.</param>
public sealed record DeclaredSymbol(
    string Name, string Kind, string Container, string Signature, string? Summary, string Path, int StartLine, int EndLine, string Outline);
