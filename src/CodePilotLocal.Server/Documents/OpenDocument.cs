using CodePilotLocal.Core.Text;

namespace CodePilotLocal.Server.Documents;

/// <summary>An immutable snapshot of a document the editor has open.</summary>
internal sealed record OpenDocument(Uri Uri, string LanguageId, int Version, TextSnapshot Text);
