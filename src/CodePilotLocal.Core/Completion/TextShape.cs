namespace CodePilotLocal.Core.Completion;

/// <summary>Small facts about lines of code that several filters need.</summary>
public static class TextShape
{
    public static string LeadingWhitespace(string line)
    {
        var i = 0;
        while (i < line.Length && (line[i] == ' ' || line[i] == '\t'))
        {
            i++;
        }

        return line[..i];
    }

    /// <summary>Indentation width with tabs counted as <paramref name="tabWidth"/> columns.</summary>
    public static int IndentWidth(string line, int tabWidth = 4)
    {
        var width = 0;
        foreach (var c in line)
        {
            if (c == ' ')
            {
                width++;
            }
            else if (c == '\t')
            {
                width += tabWidth;
            }
            else
            {
                break;
            }
        }

        return width;
    }

    public static string[] SplitLines(string text) => text.Split('\n');

    /// <summary>Guesses the indentation unit of a text: a tab when most indented lines start with one, else spaces.</summary>
    public static string DetectIndentUnit(string text)
    {
        int tabs = 0, spaces = 0;
        var smallestSpaceIndent = int.MaxValue;
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line.Trim().Length == 0)
            {
                continue;
            }

            if (line[0] == '\t')
            {
                tabs++;
            }
            else if (line[0] == ' ')
            {
                spaces++;
                var width = LeadingWhitespace(line).Length;
                if (width >= 2)
                {
                    smallestSpaceIndent = Math.Min(smallestSpaceIndent, width);
                }
            }
        }

        if (tabs > spaces)
        {
            return "\t";
        }

        return new string(' ', smallestSpaceIndent is >= 2 and <= 8 ? smallestSpaceIndent : 4);
    }
}
