using System.Collections.Concurrent;
using CodePilotLocal.Core.Text;

namespace CodePilotLocal.Server.Documents;

/// <summary>
/// The documents the editor has open, by URI. Changes arrive in order (the host dispatches
/// notifications one at a time); readers take an immutable snapshot.
/// </summary>
internal sealed class DocumentStore
{
    private readonly ConcurrentDictionary<Uri, OpenDocument> _documents = new();

    public int Count => _documents.Count;

    public void Open(Uri uri, string languageId, int version, string text) =>
        _documents[uri] = new OpenDocument(uri, languageId, version, new TextSnapshot(text));

    /// <summary>Applies the changes in order, each to the result of the previous one (LSP 3.17 didChange).</summary>
    /// <exception cref="DocumentNotOpenException"/>
    /// <exception cref="PositionOutOfRangeException">A change's range lies outside the document; nothing is applied.</exception>
    public OpenDocument Change(Uri uri, int version, IReadOnlyList<DocumentChange> changes)
    {
        var document = Get(uri);
        var text = document.Text;
        foreach (var change in changes)
        {
            text = change is { Start: { } start, End: { } end }
                ? text.Replace(start, end, change.Text)
                : new TextSnapshot(change.Text);
        }

        var changed = document with { Version = version, Text = text };
        _documents[uri] = changed;
        return changed;
    }

    public void Close(Uri uri) => _documents.TryRemove(uri, out _);

    /// <summary>The document if it is open; null if not.</summary>
    public OpenDocument? TryGet(Uri uri) => _documents.TryGetValue(uri, out var document) ? document : null;

    public OpenDocument Get(Uri uri) =>
        _documents.TryGetValue(uri, out var document) ? document : throw new DocumentNotOpenException(uri);
}
