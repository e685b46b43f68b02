namespace CodePilotLocal.Core.Text;

public sealed class PositionOutOfRangeException(string message) : ArgumentOutOfRangeException(null, message);
