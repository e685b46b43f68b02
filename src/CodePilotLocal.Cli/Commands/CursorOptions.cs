using System.CommandLine;
using CodePilotLocal.Core.Text;

namespace CodePilotLocal.Cli.Commands;

/// <summary>--line and --column as editors show them (1-based), for the commands that act at a position of a file.</summary>
internal sealed class CursorOptions
{
    public Option<int> Line { get; } = new Option<int>("--line", "-l") { Description = "1-based line, as editors show it", Required = true }.Between((1L, int.MaxValue));

    public Option<int> Column { get; } = new Option<int>("--column", "-C") { Description = "1-based column (UTF-16 characters), as editors show it", Required = true }.Between((1L, int.MaxValue));

    public void AddTo(Command command)
    {
        command.Options.Add(Line);
        command.Options.Add(Column);
    }

    /// <summary>The zero-based position the server works with.</summary>
    public LinePosition PositionOf(ParseResult parse) => new(parse.GetValue(Line) - 1, parse.GetValue(Column) - 1);
}
