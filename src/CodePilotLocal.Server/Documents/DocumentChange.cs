using CodePilotLocal.Core.Text;

namespace CodePilotLocal.Server.Documents;

/// <summary>Replace <see cref="Start"/>..<see cref="End"/> with the text; no range means the whole document.</summary>
internal sealed record DocumentChange(LinePosition? Start, LinePosition? End, string Text);
