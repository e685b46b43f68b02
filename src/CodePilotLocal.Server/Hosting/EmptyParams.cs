namespace CodePilotLocal.Server.Hosting;

/// <summary>Parameters of a method that takes none (shutdown, exit, initialized).</summary>
internal sealed record EmptyParams;
