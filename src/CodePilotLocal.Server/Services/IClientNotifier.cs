namespace CodePilotLocal.Server.Services;

/// <summary>Tells the user something through the editor (window/showMessage, window/logMessage, $/progress).</summary>
internal interface IClientNotifier
{
    void Show(MessageType type, string message);

    void Log(MessageType type, string message);

    /// <summary>Starts a progress report (window/workDoneProgress/create, then $/progress begin).</summary>
    Task<IProgressReporter> BeginProgressAsync(string title);

    /// <summary>Reports progress on a token the client sent with its request (workDoneToken), starting with begin.</summary>
    IProgressReporter ProgressOn(System.Text.Json.JsonElement token, string title);
}

/// <summary>LSP MessageType values.</summary>
internal enum MessageType
{
    Error = 1,
    Warning = 2,
    Info = 3,
    Log = 4,
}
