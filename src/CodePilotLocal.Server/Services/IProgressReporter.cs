namespace CodePilotLocal.Server.Services;

/// <summary>Long work the user should see progressing: $/progress where the client supports it, the log where not.</summary>
internal interface IProgressReporter
{
    void Report(string message, int? percentage);

    void End(string message);
}
