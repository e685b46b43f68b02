using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Server.Tests.EndToEnd;

/// <summary>A workspace with one file open in a started, initialized server; ║ in the text marks the cursor.</summary>
internal sealed class EditorSession : IAsyncDisposable
{
    private readonly TempDirectory _workspace = new();

    private EditorSession()
    {
    }

    public LspProcess Server { get; private set; } = null!;

    public Uri Uri { get; private set; } = null!;

    public string Text { get; private set; } = "";

    public int Line { get; private set; }

    public int Character { get; private set; }

    public static async Task<EditorSession> OpenAsync(string fileName, string marked, params string[] serverArguments)
    {
        var session = new EditorSession();
        (session.Text, session.Line, session.Character) = TestDocuments.Parse(marked);
        session.Uri = new Uri(session._workspace.Write(fileName, session.Text));
        session.Server = LspProcess.Start(["--model", ServerModels.Fim, .. serverArguments]);
        await session.Server.InitializeAsync(rootPath: session._workspace.Path);
        await session.Server.OpenAsync(session.Uri, session.Text);
        return session;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _workspace.Dispose();
    }
}
