namespace CodePilotLocal.Server.Hosting;

/// <summary>Binds a handler class to the LSP method it serves.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class LspMethodAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
