namespace CodePilotLocal.Server.Documents;

internal sealed class DocumentNotOpenException(Uri uri)
    : Exception($"The document {uri} is not open: send textDocument/didOpen first.");
