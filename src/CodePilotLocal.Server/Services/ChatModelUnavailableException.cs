namespace CodePilotLocal.Server.Services;

/// <summary>Explain and fix have no model to run (none configured, or it cannot be loaded).</summary>
public sealed class ChatModelUnavailableException(string message) : Exception(message);
